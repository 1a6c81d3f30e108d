"""A budget revised after two quarters (ordinary 40,000 € → 48,000 €): the preview and both modes, by hand —
recompute spreads 48,000 − 20,000 over Q3 and Q4 (14,000 each); the regularisation call asks 4,000 € for Q1–Q2
(24,000 − 20,000, to the owners on its date) and leaves 12,000 € per remaining quarter."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.calls import budgets, calls, regularisation, schedule
from domain.errors import Invalid
from tests.domain.test_calls_worked_example import _budget, _by_owner, adopted_resolution, example  # noqa: F401


async def _revised(conn, syndic, building, reserve):  # type: ignore[no-untyped-def]
    first = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve))
    await budgets.approve_budget(conn, syndic, first.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    for view in await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(first.budget.id)}):
        if view.call.call_date.month < 7:
            await calls.issue_call(conn, syndic, view.id)
    body = _budget(reserve)
    body["lines"][0]["amount"] = "38000.00"
    revised = await budgets.draft_budget(conn, syndic, building.id, body)
    await budgets.approve_budget(conn, syndic, revised.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    return revised.budget.id


def _totals(views):  # type: ignore[no-untyped-def]
    return sorted((v.call.kind, v.call.label, v.call.total) for v in views)


async def test_both_modes_previewed_then_applied(conn, example) -> None:  # noqa: F811
    org, syndic, building, lots, p, working, reserve = example
    budget_id = await _revised(conn, syndic, building, reserve)
    drafts_before = await conn.fetchval("SELECT count(*) FROM calls WHERE building_id = $1 AND status = 'draft'",
                                        building.id)
    again = await regularisation.regularise(conn, syndic, budget_id, {"mode": "recompute", "preview": "true"})
    assert again.regularisation == [] and _totals(again.drafts) == [
        ("ordinary", "Provisions ordinaires 3/4", D("14000.00")), ("ordinary", "Provisions ordinaires 4/4", D("14000.00")),
        ("reserve_fund", "Fonds de réserve 3/4", D("500.00")), ("reserve_fund", "Fonds de réserve 4/4", D("500.00"))]
    seen = await regularisation.regularise(conn, syndic, budget_id, {"mode": "call", "preview": True,
                                                                     "call_date": "2027-06-01"})
    [extra] = seen.regularisation
    assert (extra.call.kind, extra.call.total, extra.call.period_start) == ("ordinary", D("4000.00"), None)
    assert _by_owner(extra) == {p["Alice"]: D("1000.00"), p["Chloe"]: D("1400.00"), p["Denis"]: D("1600.00")}
    assert [v.call.total for v in seen.drafts if v.call.kind == "ordinary"] == [D("12000.00")] * 2
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE building_id = $1 AND status = 'draft'",
                               building.id) == drafts_before  # nothing written
    done = await regularisation.regularise(conn, syndic, budget_id, {"mode": "call", "call_date": "2027-06-01"})
    assert done.regularisation[0].id is not None
    totals = await conn.fetch("SELECT label, total FROM calls WHERE building_id = $1 AND status = 'draft' "
                              "ORDER BY call_date, label", building.id)
    assert [(r["label"], r["total"]) for r in totals] == [
        ("Régularisation du budget révisé — provisions ordinaires", D("4000.00")),
        ("Fonds de réserve 3/4", D("500.00")), ("Provisions ordinaires 3/4", D("12000.00")),
        ("Fonds de réserve 4/4", D("500.00")), ("Provisions ordinaires 4/4", D("12000.00"))]
    issued = await calls.issue_call(conn, syndic, done.regularisation[0].id)
    assert issued.stored.status == "issued"
    with pytest.raises(Invalid):
        await regularisation.regularise(conn, syndic, budget_id, {"mode": "both"})
