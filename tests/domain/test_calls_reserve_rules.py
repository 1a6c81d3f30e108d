"""The reserve-fund rules recorded on the building make the budget's check pass, with the reason shown: a
provisional acceptance within five years (C. civ. art. 3.86 § 3), the AG's four-fifths waiver; bad input named."""
from __future__ import annotations

from decimal import Decimal

import pytest

from domain.calls import budgets, reserve_rules
from domain.errors import Invalid
from tests.domain.test_calls_worked_example import _budget, adopted_resolution, example  # noqa: F401
from tests.factories import make_building

D4 = Decimal("4.00")


async def test_the_grace_and_the_waiver_make_the_check_pass(conn, example) -> None:  # noqa: F811
    org, syndic, building, lots, p, working, reserve = example
    short = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve, "1996.00"))
    assert not short.reserve_check.ok
    await reserve_rules.set_rules(conn, syndic, building.id, {"provisional_acceptance_on": "2020-01-01"})
    old = await budgets.get_budget(conn, syndic, short.budget.id)
    assert not old.reserve_check.ok and old.reserve_check.shortfall == D4  # more than five years: the floor holds
    await reserve_rules.set_rules(conn, syndic, building.id, {"provisional_acceptance_on": "2024-03-01"})
    grace = await budgets.get_budget(conn, syndic, short.budget.id)
    assert grace.reserve_check.ok and not grace.reserve_check.required
    assert "Réception provisoire" in str(grace.reserve_check.reasons[0]) and "3.86" in str(grace.reserve_check.reasons[0])
    resolution = await adopted_resolution(conn, syndic, building)
    await reserve_rules.set_rules(conn, syndic, building.id, {
        "waiver_decided_on": "2026-11-20", "waiver_reference": "AG du 20/11/2026, point 1",
        "waiver_resolution_id": resolution})
    waived = await budgets.get_budget(conn, syndic, short.budget.id)
    assert waived.reserve_check.ok and "quatre cinquièmes" in str(waived.reserve_check.reasons[0])
    assert "AG du 20/11/2026, point 1" in str(waived.reserve_check.reasons[0])
    got = await reserve_rules.get_rules(conn, syndic, building.id)
    assert str(got.waiver_resolution_id) == resolution and got.provisional_acceptance_on is None


async def test_bad_rules_are_named(conn, example) -> None:  # noqa: F811
    org, syndic, building, lots, p, working, reserve = example
    with pytest.raises(Invalid) as e:
        await reserve_rules.set_rules(conn, syndic, building.id, {"waiver_reference": "AG 2026"})
    assert set(e.value.errors) == {"waiver_decided_on"}
    with pytest.raises(Invalid) as e:
        await reserve_rules.set_rules(conn, syndic, building.id, {"waiver_decided_on": "2026-11-20"})
    assert set(e.value.errors) == {"waiver_reference"}
    elsewhere = await make_building(conn, org)
    other = await adopted_resolution(conn, syndic, elsewhere)
    with pytest.raises(Invalid) as e:
        await reserve_rules.set_rules(conn, syndic, building.id, {"waiver_decided_on": "2026-11-20",
                                                                  "waiver_reference": "AG", "waiver_resolution_id": other})
    assert set(e.value.errors) == {"waiver_resolution_id"}
