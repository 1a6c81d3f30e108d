"""How fast calls go on a bench-sized building (20 lots, 25 owners): a year's schedule previewed (the issue's
target: 50 ms), and a quarter's calls issued for several buildings, timed per building (target for the bench's
1,000 buildings: 10 s). The figures are printed; the bounds asserted are loose, for a shared machine."""
from __future__ import annotations

import time

from domain.calls import budgets, calls, funds, schedule
from tests.domain.test_calls_worked_example import adopted_resolution
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


async def _building(conn, org, syndic, i):  # type: ignore[no-untyped-def]
    building = await make_building(conn, org, total_quota=1000, name=f"Bench {i}")
    for n in range(20):
        unit = await make_unit(conn, org, building, str(n + 1), quota=50)
        if n < 5:
            await give_right(conn, org, unit, await make_owner(conn, org), (1, 2))
            await give_right(conn, org, unit, await make_owner(conn, org), (1, 2), contact=False)
        else:
            await give_right(conn, org, unit, await make_owner(conn, org))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    reserve = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": "BE68539007547034"})
    view = await budgets.draft_budget(conn, syndic, building.id, {"year_start": "2027-01-01", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "30000"},
        {"section": "ordinary", "account_code": "614", "label": "Assurances", "amount": "8000"},
        {"section": "reserve", "label": "Réserve", "fund_id": str(reserve.id), "amount": "2000"}]})
    await budgets.approve_budget(conn, syndic, view.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    return building, view.budget.id


async def test_a_year_previewed_and_a_quarter_issued(conn) -> None:
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    built = [await _building(conn, org, syndic, i) for i in range(10)]
    building, budget_id = built[0]
    times = []
    for _ in range(5):
        start = time.perf_counter()
        views = await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(budget_id)}, preview=True)
        times.append(time.perf_counter() - start)
    assert len(views) == 8 and sum(len(v.shares) for v in views) == 8 * 25
    start = time.perf_counter()
    for b, budget in built:
        made = await schedule.generate_calls(conn, syndic, b.id, {"budget_id": str(budget)})
        await calls.issue_batch(conn, syndic, b.id, {"until": "2027-01-01"})
        assert len(made) == 8
    per_building = (time.perf_counter() - start) / len(built)
    print(f"\nyear preview: {min(times) * 1000:.1f} ms; a quarter generated and issued: "
          f"{per_building * 1000:.1f} ms per building (x 1,000 = {per_building * 1000:.1f} s)")
    assert min(times) < 0.25
