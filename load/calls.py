"""The calls' figures (part of `make bench`; alone: `python -m load.calls --scale 0.05`): on the bench data, one
building's year of calls previewed from its voted budget (target ≤ 50 ms), a quarter's calls generated and issued
building by building (sampled), and the firm-wide quarter (batch.issue_quarter): every building of every
organisation generated from its voted budget and issued, e-mails queued through the web's own composer, each
organisation in one transaction (target ≤ 10 s for the bench's 1,000 buildings).

The books' cluster (var/bench-books, port 54341, seeded by load/seed.py) is reused. The seed holds no funds and no
budgets: for each sampled building, inside a transaction rolled back afterwards, the quotas are made whole (the seed
leaves a tenth free for lots added under load), the working and a reserve fund opened, an assembly with its adopted
item made and a budget of 40,000 € (ordinary, reserve) drafted and approved through the use cases; only the
preview, then the generation and the issue, are timed. For the firm-wide figure the same is done for ALL the
buildings (untimed), each organisation in its own transaction rolled back after its quarter (a firm's quarter is one
transaction in use); the seconds are summed over the 50 firms, the statements the quarter sends counted.
"""
from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg

from domain.access import Actor
from load.books import _SYNDICS, _figure, _timed, arguments, on_seeded, write_report

_IBAN_W, _IBAN_R = "BE68539007547034", "BE71096123456769"
# the seed leaves a tenth of each building's quotas free for lots added under load; a call needs them whole
_WHOLE = """
UPDATE buildings b SET total_quota = (SELECT sum(u.quota) FROM units u
                                      WHERE u.organization_id = b.organization_id AND u.building_id = b.id)
WHERE b.organization_id = $1 AND b.id = $2
"""
_ADOPTED = """
INSERT INTO agenda_items (organization_id, meeting_id, position, title, vote_status, adopted)
VALUES ($1, $2, 1, 'Budget', 'closed', true) RETURNING id
"""


async def _voted_budget(conn: Any, actor: Actor, building_id: Any) -> str:
    """The building's funds, an assembly that adopted its item, and the budget it voted: the budget's id."""
    from domain.calls import budgets, funds
    from domain.meetings import meetings
    await conn.execute(_WHOLE, actor.org_id, building_id)
    await funds.create_fund(conn, actor, building_id, {"kind": "working", "iban": _IBAN_W, "bic": "GKCCBEBB"})
    reserve = await funds.create_fund(conn, actor, building_id, {"kind": "reserve", "iban": _IBAN_R,
                                                                 "bic": "GKCCBEBB"})
    meeting = await meetings.create_meeting(conn, actor, {
        "building_id": str(building_id), "title": "AG budget", "meeting_type": "ordinary",
        "scheduled_date": "2026-11-20T18:00", "location": "Salle"})
    item = await conn.fetchval(_ADOPTED, meeting.organization_id, meeting.id)
    view = await budgets.draft_budget(conn, actor, building_id, {"year_start": "2027-01-01", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "30000"},
        {"section": "ordinary", "account_code": "614", "label": "Assurances", "amount": "8000"},
        {"section": "reserve", "label": "Réserve", "fund_id": str(reserve.id), "amount": "2000"}]})
    await budgets.approve_budget(conn, actor, view.budget.id, {"resolution_id": str(item)})
    return str(view.budget.id)


async def _quarter(conn: Any, actor: Actor, building_id: Any, budget: dict[str, str], issued: list[int]) -> None:
    """The year's calls generated as drafts, those of the first quarter issued (`issued`: their owner shares)."""
    from domain.calls import calls, schedule
    await schedule.generate_calls(conn, actor, building_id, budget)
    views = await calls.issue_batch(conn, actor, building_id, {"until": "2027-01-01"})
    issued.append(sum(len(v.shares) for v in views))


_ALL_SYNDICS = """
SELECT DISTINCT ON (o.id) o.id AS org_id, o.name, u.id AS user_id, u.email, u.full_name,
       array(SELECT b.id FROM buildings b WHERE b.organization_id = o.id ORDER BY b.id) AS buildings
FROM organizations o JOIN memberships m ON m.organization_id = o.id AND m.role = 'syndic'
JOIN users u ON u.id = m.user_id ORDER BY o.id, u.id
"""
_STATEMENTS = ("execute", "executemany", "fetch", "fetchrow", "fetchval", "copy_records_to_table")


@contextmanager
def counted() -> Iterator[list[int]]:
    """How many statements the connection sends meanwhile (asyncpg's methods wrapped for the while)."""
    seen = [0]
    saved = {name: getattr(asyncpg.Connection, name) for name in _STATEMENTS}

    def wrap(method: Any) -> Any:
        async def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
            seen[0] += 1
            return await method(self, *args, **kwargs)
        return counting
    for name, method in saved.items():
        setattr(asyncpg.Connection, name, wrap(method))
    try:
        yield seen
    finally:
        for name, method in saved.items():
            setattr(asyncpg.Connection, name, method)


# What the quarter and its preparation write, vacuumed before each firm-wide figure: the rows earlier runs (and the
# sampled figures) wrote and rolled back are still in the tables and their indexes until vacuum, which a committed
# quarter would not have left; and the planner's statistics are those of the seeded data.
_VACUUM = ("VACUUM (ANALYZE) calls, call_shares, journal_entries, entry_lines, ledger_accounts, payment_references, "
           "fiscal_years, journals, journal_sequences, notices, outbox, audit_log, budgets, budget_lines, funds")


async def firm_quarter(conn: Any) -> dict[str, Any]:
    """Each organisation in its own transaction, rolled back, as a firm's quarter runs in use: its buildings made
    ready (untimed), then its quarter generated and issued by one call of `batch.issue_quarter` (timed)."""
    from domain.calls import batch
    from web.app import create_app
    from web.documents.calls import compose_notice
    app = create_app()
    await conn.execute(_VACUUM)
    firms = await conn.fetch(_ALL_SYNDICS)
    prepared, seconds, cpu, slowest, emails, statements = 0.0, 0.0, 0.0, 0.0, 0, 0
    done: list[Any] = []
    async with app.test_request_context("/"):
        for r in firms:
            actor = Actor(r["user_id"], r["email"], r["full_name"], r["org_id"], r["name"], "syndic", ["syndic"])
            tr = conn.transaction()
            await tr.start()
            try:
                started = time.monotonic()
                for building_id in r["buildings"]:
                    await _voted_budget(conn, actor, building_id)
                prepared += time.monotonic() - started
                with counted() as seen:
                    wall, own = time.perf_counter(), time.process_time()
                    done += await batch.issue_quarter(conn, actor, {"until": "2027-03-31"}, compose_notice)
                    took = time.perf_counter() - wall
                    cpu += time.process_time() - own
                seconds += took
                slowest = max(slowest, took)
                statements += seen[0]
                emails += await conn.fetchval("SELECT count(*) FROM outbox WHERE organization_id = $1 "
                                              "AND created_at >= now()", r["org_id"])
            finally:
                await tr.rollback()
    return {"organisations": len(firms), "buildings": len(done), "prepare_untimed_s": round(prepared, 1),
            "calls_generated": sum(b.generated for b in done), "calls_issued": sum(b.calls for b in done),
            "owner_shares": sum(b.shares for b in done), "emails_queued": sum(b.emails for b in done),
            "emails_in_outbox": emails, "statements": statements, "seconds": round(seconds, 2),
            "slowest_firm_s": round(slowest, 2), "app_cpu_s": round(cpu, 2)}


async def firm_quarter_concurrent(dsn: str, workers: int = 4) -> dict[str, Any]:
    """The same firm-wide quarter with the firms issuing concurrently, `workers` at a time on their own connections
    (each firm is its own organisation and its own transaction in use, so firms do issue side by side): every firm's
    buildings made ready first (untimed), each firm's transaction left open, then the wall time from the first
    firm's `issue_quarter` to the last one's end; every transaction rolled back."""
    from queries.db import connect
    from web.app import create_app
    app = create_app()
    first = await connect(dsn)
    try:
        await first.execute(_VACUUM)
        firms = await first.fetch(_ALL_SYNDICS)
    finally:
        await first.close()
    conns = [await connect(dsn) for _ in firms]
    try:
        done, start, end = await _side_by_side(app, conns, firms, workers, lambda: None)
    finally:
        for c in conns:
            await c.close()
    seconds = end - start
    return {"organisations": len(firms), "workers": workers, "calls_issued": sum(b.calls for b in done),
            "emails_queued": sum(b.emails for b in done), "wall_s": round(seconds, 2)}


def firm_quarter_processes(dsn: str, processes: int = 2, workers: int = 2) -> dict[str, Any]:
    """The concurrent firm-wide quarter served as production serves it: by `processes` web processes (deploy/systemd
    runs two, koprogo-web@8081 and @8082, behind nginx), each issuing its share of the firms `workers` at a time.
    Every process makes its firms ready (untimed), all wait at a barrier, then the wall time runs from the first
    process's start to the last one's end (the clocks are the machine's); every transaction rolled back."""
    import multiprocessing
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(processes), ctx.Queue()
    children = [ctx.Process(target=_quarter_process, args=(dsn, part, processes, workers, barrier, results))
                for part in range(processes)]
    for c in children:
        c.start()
    done = [results.get(timeout=600) for _ in children]
    for c in children:
        c.join(timeout=60)
    failed = [d["error"] for d in done if "error" in d]
    if failed:
        raise RuntimeError(f"a process of the firm-wide quarter failed: {failed[0]}")
    return {"organisations": sum(d["organisations"] for d in done), "processes": processes,
            "workers_per_process": workers, "calls_issued": sum(d["calls"] for d in done),
            "emails_queued": sum(d["emails"] for d in done),
            "wall_s": round(max(d["end"] for d in done) - min(d["start"] for d in done), 2)}


def _quarter_process(dsn: str, part: int, parts: int, workers: int, barrier: Any, results: Any) -> None:
    """One web process's share of the firms (every `parts`-th from `part`), for `firm_quarter_processes`."""
    try:
        asyncio.run(_quarter_part(dsn, part, parts, workers, barrier, results))
    except BaseException as e:  # the parent waits for every process's answer: a failure is one too
        barrier.abort()
        results.put({"error": repr(e)})
        raise


async def _quarter_part(dsn: str, part: int, parts: int, workers: int, barrier: Any, results: Any) -> None:
    from queries.db import connect
    from web.app import create_app
    app = create_app()
    first = await connect(dsn)
    try:
        firms = (await first.fetch(_ALL_SYNDICS))[part::parts]
    finally:
        await first.close()
    conns = [await connect(dsn) for _ in firms]
    try:  # every process ready at the barrier: the timed part starts together
        done, start, end = await _side_by_side(app, conns, firms, workers, lambda: barrier.wait(timeout=600))
    finally:
        for c in conns:
            await c.close()
    results.put({"organisations": len(firms), "calls": sum(b.calls for b in done),
                 "emails": sum(b.emails for b in done), "start": start, "end": end})


async def _side_by_side(app: Any, conns: list[Any], firms: list[Any], workers: int,
                        ready: Any) -> tuple[list[Any], float, float]:
    """Each firm on its own connection in its own transaction: its buildings made ready (untimed), `ready()`, then
    the firms' quarters `workers` at a time; (what was done, start, end) on the machine's clock; all rolled back."""
    from domain.calls import batch
    from web.documents.calls import compose_notice
    gate = asyncio.Semaphore(workers)
    done: list[Any] = []
    started: list[Any] = []
    try:
        actors = []
        for c, r in zip(conns, firms, strict=True):
            tr = c.transaction()
            await tr.start()
            started.append(tr)
            actor = Actor(r["user_id"], r["email"], r["full_name"], r["org_id"], r["name"], "syndic", ["syndic"])
            for building_id in r["buildings"]:
                await _voted_budget(c, actor, building_id)
            actors.append(actor)

        async def one(c: Any, actor: Actor) -> None:
            async with gate:
                done.extend(await batch.issue_quarter(c, actor, {"until": "2027-03-31"}, compose_notice))
        ready()
        async with app.test_request_context("/"):
            start = time.time()
            await asyncio.gather(*(one(c, a) for c, a in zip(conns, actors, strict=True)))
            end = time.time()
    finally:
        for tr in started:
            await tr.rollback()
    return done, start, end


async def measure(conn: Any, buildings: int = 20) -> dict[str, Any]:
    """The figures over `buildings` buildings of the seeded database, and the firm-wide quarter over all."""
    from domain.calls import schedule
    previews: list[tuple[float, float]] = []
    quarters: list[tuple[float, float]] = []
    issued: list[int] = []
    for r in await conn.fetch(_SYNDICS, buildings):
        actor = Actor(r["user_id"], r["email"], r["full_name"], r["org_id"], r["name"], "syndic", ["syndic"])
        tr = conn.transaction()
        await tr.start()
        try:
            budget = {"budget_id": await _voted_budget(conn, actor, r["building_id"])}
            await schedule.generate_calls(conn, actor, r["building_id"], budget, preview=True)  # plans warmed
            await _timed(previews, schedule.generate_calls(conn, actor, r["building_id"], budget, preview=True))

            await _timed(quarters, _quarter(conn, actor, r["building_id"], budget, issued))
        finally:
            await tr.rollback()
    if not quarters:
        return {}
    quarter = _figure(quarters)
    return {"year_preview": _figure(previews), "quarter_generated_and_issued": quarter,
            "owner_shares_issued": sum(issued),
            "extrapolated_1000_buildings_s": round(quarter["wall_ms_p50"], 1),  # ms each × 1,000 = s
            "firm_wide_quarter": await firm_quarter(conn),
            "firm_wide_quarter_concurrent": await firm_quarter_concurrent(_dsn()),
            "firm_wide_quarter_two_processes": await _vacuumed_then(firm_quarter_processes, _dsn())}


async def _vacuumed_then(run: Any, dsn: str) -> Any:
    """`run(dsn)` (blocking: it waits for its processes) after the vacuum the other firm-wide figures start from."""
    from queries.db import connect
    conn = await connect(dsn)
    try:
        await conn.execute(_VACUUM)
    finally:
        await conn.close()
    return await asyncio.to_thread(run, dsn)


def _dsn() -> str:
    """The books' cluster's address (already started by `on_seeded`)."""
    from load.books import ROOT, port
    from queries.cluster import Cluster
    return Cluster(ROOT / "var" / "bench-books" / "pg", port=port()).dsn("koprogo")


async def _main(args: argparse.Namespace) -> None:
    figures, _seeded, _lines = await on_seeded(args, measure)
    write_report("calls", {"at": datetime.now(UTC).isoformat(), "scale": args.scale, "figures": figures,
                           "targets": {"year_preview_ms": 50, "quarter_1000_buildings_s": 10}})
    print(figures.get("firm_wide_quarter"), figures.get("firm_wide_quarter_concurrent"),
          figures.get("firm_wide_quarter_two_processes"))


def main() -> None:
    asyncio.run(_main(arguments(__doc__)))


if __name__ == "__main__":
    main()
