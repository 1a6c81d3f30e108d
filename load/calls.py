"""The calls' figures (part of `make bench`; alone: `python -m load.calls --scale 0.05`): on the bench data, one
building's year of calls previewed from its voted budget (target ≤ 50 ms), and a quarter's calls generated and
issued (notices queued), per building, extrapolated to the bench's 1,000 buildings (target ≤ 10 s for all).

The books' cluster (var/bench-books, port 54341, seeded by load/seed.py) is reused. The seed holds no funds and no
budgets: for each sampled building, inside a transaction rolled back afterwards, the quotas are made whole (the seed
leaves a tenth free for lots added under load), the working and a reserve fund opened, an assembly with its adopted
item made and a budget of 40,000 € (ordinary, reserve) drafted and approved through the use cases; only the
preview, then the generation and the issue, are timed.
"""
from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from typing import Any

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


async def measure(conn: Any, buildings: int = 20) -> dict[str, Any]:
    """The figures over `buildings` buildings of the seeded database."""
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
            "extrapolated_1000_buildings_s": round(quarter["wall_ms_p50"], 1)}  # ms each × 1,000 = s


async def _main(args: argparse.Namespace) -> None:
    figures, _seeded, _lines = await on_seeded(args, measure)
    write_report("calls", {"at": datetime.now(UTC).isoformat(), "scale": args.scale, "figures": figures,
                           "targets": {"year_preview_ms": 50, "quarter_1000_buildings_s": 10}})


def main() -> None:
    asyncio.run(_main(arguments(__doc__)))


if __name__ == "__main__":
    main()
