"""The books' figures (part of `make bench`; alone: `python -m load.books --scale 0.1`): on the bench data, the
whole firm's arrears screen (target ≤ 100 ms: the largest organisation of the 1,000 buildings), a building's
trial balance for a year (target ≤ 20 ms), an owner's ledger (≤ 10 ms of app CPU), a year's closing of one
building (≤ 1 s), an expense's approval now that it posts (purchase and allocation entries) and a CODA file of
10,000 movements imported and matched (≤ 2 s, load/bank.py).

Its own cluster under var/bench-books (port 54341, or KOPROGO_BENCH_BOOKS_PORT: two benches side by side),
migrated and seeded by load/seed.py (which posts the books as migration 0101 does); each figure is the median
(and the max) over several buildings, measured in-process through the use cases (wall time, and the process's
CPU time for the app's share); closings, approvals and imports run in a transaction rolled back, so every
sample starts from the same data.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from domain.access import Actor

ROOT = Path(__file__).resolve().parent.parent
_SYNDICS = """
SELECT DISTINCT ON (b.id) b.id AS building_id, u.id AS user_id, u.email, u.full_name, o.id AS org_id, o.name
FROM buildings b JOIN organizations o ON o.id = b.organization_id
JOIN memberships m ON m.organization_id = o.id AND m.role = 'syndic' JOIN users u ON u.id = m.user_id
ORDER BY b.id, u.id LIMIT $1
"""
_LARGEST_ORG = """
SELECT o.id AS org_id, o.name, u.id AS user_id, u.email, u.full_name,
       (SELECT count(*) FROM buildings b WHERE b.organization_id = o.id) AS buildings
FROM organizations o JOIN memberships m ON m.organization_id = o.id AND m.role = 'syndic'
JOIN users u ON u.id = m.user_id
ORDER BY buildings DESC, o.id LIMIT 1
"""
_OWNER_OF = """
SELECT l.owner_id FROM entry_lines l WHERE l.organization_id = $1 AND l.building_id = $2 AND l.owner_id IS NOT NULL
LIMIT 1
"""
_DRAFT_OF = "SELECT id FROM expenses WHERE organization_id = $1 AND building_id = $2 AND status = 'draft' LIMIT 1"
_YEAR_OF = """
SELECT id FROM fiscal_years WHERE organization_id = $1 AND building_id = $2 ORDER BY starts_on LIMIT 1
"""


async def _timed(samples: list[tuple[float, float]], action: Awaitable[Any]) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    await action
    samples.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))


def _figure(samples: list[tuple[float, float]]) -> dict[str, float]:
    walls, cpus = [s[0] for s in samples], [s[1] for s in samples]
    return {"n": len(samples), "wall_ms_p50": round(statistics.median(walls), 2), "wall_ms_max": round(max(walls), 2),
            "app_cpu_ms_p50": round(statistics.median(cpus), 2)}


async def measure(conn: Any, buildings: int = 20) -> dict[str, dict[str, float]]:
    """The figures over `buildings` buildings of the seeded database."""
    from domain.accounting import books, closing
    from domain.charges import expense_lifecycle as life
    from domain.charges.owner_ledger import statement
    rows = await conn.fetch(_SYNDICS, buildings)
    trial: list[tuple[float, float]] = []
    ledger: list[tuple[float, float]] = []
    closings: list[tuple[float, float]] = []
    approvals: list[tuple[float, float]] = []
    for r in rows:
        actor = Actor(r["user_id"], r["email"], r["full_name"], r["org_id"], r["name"], "syndic", ["syndic"])
        await books.trial_balance(conn, actor, r["building_id"], {})  # warm the statements' plans
        await _timed(trial, books.trial_balance(conn, actor, r["building_id"], {}))
        owner = await conn.fetchval(_OWNER_OF, r["org_id"], r["building_id"])
        period = {"building": str(r["building_id"])}
        if owner:
            await statement(conn, actor, owner, period)
            await _timed(ledger, statement(conn, actor, owner, period))
        year = await conn.fetchval(_YEAR_OF, r["org_id"], r["building_id"])
        draft = await conn.fetchval(_DRAFT_OF, r["org_id"], r["building_id"])
        tr = conn.transaction()
        await tr.start()
        try:
            await conn.execute("UPDATE expenses SET status = 'cancelled', cancel_reason = 'bench' "
                               "WHERE organization_id = $1 AND building_id = $2 AND status = 'draft'",
                               r["org_id"], r["building_id"])  # the checklist's drafts out of the way
            if year:
                await _timed(closings, closing.close_year(conn, actor, year))
        finally:
            await tr.rollback()
        if draft:
            tr = conn.transaction()
            await tr.start()
            try:
                await _timed(approvals, life.approve_expense(conn, actor, draft))
            finally:
                await tr.rollback()
    out = {"trial_balance": _figure(trial), "owner_ledger": _figure(ledger),
           "arrears_firm": await arrears_firm(conn, rows)}
    out["bank_import_10k_movements"] = await _bank_import(conn, rows[:3])
    if closings:
        out["year_closing"] = _figure(closings)
    if approvals:
        out["expense_approval_with_posting"] = _figure(approvals)
    return out


async def _bank_import(conn: Any, rows: list[Any], movements: int = 10_000) -> dict[str, float]:
    """A CODA file of 10,000 movements for one account imported and matched (load/bank.py), on a few buildings."""
    from load.bank import sample
    samples: list[tuple[float, float]] = []
    for r in rows:
        actor = Actor(r["user_id"], r["email"], r["full_name"], r["org_id"], r["name"], "syndic", ["syndic"])
        wall, cpu, _matched = await sample(conn, actor, r["building_id"], movements)
        samples.append((wall, cpu))
    return _figure(samples)


async def arrears_firm(conn: Any, rows: list[Any], runs: int = 5) -> dict[str, float]:
    """The whole firm's arrears screen (one set-based statement over every building of the largest organisation):
    the issue's target is ≤ 100 ms on 1,000 buildings."""
    from datetime import date

    from domain.collection.arrears import arrears
    org = await conn.fetchrow(_LARGEST_ORG)
    if org is None:
        return {}
    actor = Actor(org["user_id"], org["email"], org["full_name"], org["org_id"], org["name"], "syndic", ["syndic"])
    samples: list[tuple[float, float]] = []
    await arrears(conn, actor, date.today())  # warm the plan
    for _ in range(runs):
        await _timed(samples, arrears(conn, actor, date.today()))
    return {**_figure(samples), "buildings": org["buildings"]}


async def on_seeded(args: argparse.Namespace, measure: Any) -> tuple[Any, float, int]:
    """`measure(conn, buildings)` on the books' cluster (var/bench-books), migrated, and seeded at `args.scale`
    unless it holds data already: its figures, the seconds seeding took and the entry lines there are."""
    from load.bench import bench_cluster
    from load.seed import Scale, seed
    from queries.db import connect
    from queries.migrate import apply_all
    cluster = bench_cluster(ROOT / "var" / "bench-books", fresh=not args.reuse, port=port())
    conn = await connect(cluster.dsn("koprogo"))
    try:
        await apply_all(conn)
        started = time.monotonic()
        if not await conn.fetchval("SELECT count(*) FROM buildings"):
            await seed(conn, Scale.of(args.scale), quiet=True)
        else:  # reused: earlier runs' rolled-back rows out of the tables and indexes, as after the seed
            await conn.execute("VACUUM (ANALYZE)")
        seeded = time.monotonic() - started
        lines: int = await conn.fetchval("SELECT count(*) FROM entry_lines")
        return await measure(conn, args.buildings), seeded, lines
    finally:
        await conn.close()


def port() -> int:
    """The books' cluster's port: KOPROGO_BENCH_BOOKS_PORT, 54341 unless set (two benches side by side)."""
    return int(os.environ.get("KOPROGO_BENCH_BOOKS_PORT", "54341"))


def write_report(kind: str, report: dict[str, Any]) -> None:
    """The report printed and kept as load/results/<kind>-<time>.json."""
    out = ROOT / "load" / "results" / f"{kind}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


def arguments(doc: str | None) -> argparse.Namespace:
    """The options the in-process figures share."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the bench volume (1: 1,000 buildings)")
    parser.add_argument("--buildings", type=int, default=20, help="buildings sampled")
    parser.add_argument("--reuse", action="store_true", help="keep the seeded cluster of an earlier run")
    parser.add_argument("--only-bank-import", action="store_true",
                        help="the CODA file of 10,000 movements only (load.books: the other figures left out)")
    return parser.parse_args()


async def bank_import_only(conn: Any, buildings: int = 3) -> dict[str, dict[str, float]]:
    """The bank import's figure alone (`--only-bank-import`), on the first three buildings as in `measure`."""
    rows = await conn.fetch(_SYNDICS, min(buildings, 3))
    return {"bank_import_10k_movements": await _bank_import(conn, rows)}


async def _main(args: argparse.Namespace) -> None:
    figures, seeded, lines = await on_seeded(args, bank_import_only if args.only_bank_import else measure)
    write_report("books", {
        "at": datetime.now(UTC).isoformat(), "scale": args.scale, "seed_s": round(seeded, 1), "entry_lines": lines,
        "figures": figures,
        "targets_ms": {"arrears_firm": 100, "trial_balance": 20, "owner_ledger_app_cpu": 10, "year_closing": 1000,
                       "bank_import_10k_movements": 2000}})


def main() -> None:
    asyncio.run(_main(arguments(__doc__)))


if __name__ == "__main__":
    main()
