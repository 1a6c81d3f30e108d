"""The reserve fund's floor (BE, 5 % of last year's ordinary charges) and the works fund's (FR, 5 % of the budget):
exactly 5 % passes, 4.99 % warns with the article, the waivers and the first years excuse it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.reserve_fund import Waiver, check_be, check_fr, floor_of

YEAR = date(2027, 1, 1)


def test_be_exactly_five_percent_passes():
    verdict = check_be(Decimal("2000.00"), Decimal("40000.00"), YEAR)
    assert verdict.ok and verdict.required and verdict.minimum == Decimal("2000.00")
    assert "art. 3.86" in verdict.reasons[0] and "40\u202f000,00\u00a0€" in verdict.reasons[0]


def test_be_four_point_ninety_nine_percent_warns_with_the_rule_and_the_shortfall():
    verdict = check_be(Decimal("1996.00"), Decimal("40000.00"), YEAR)
    assert not verdict.ok and verdict.shortfall == Decimal("4.00")
    assert "quatre cinquièmes" in verdict.reasons[-1] and "4,00\u00a0€" in verdict.reasons[-1]


def test_be_a_four_fifths_waiver_and_the_five_years_after_acceptance():
    waived = check_be(Decimal("0"), Decimal("40000.00"), YEAR, waiver=Waiver(date(2026, 5, 20), "AG 2026, point 7"))
    assert waived.ok and not waived.required and "20/05/2026" in waived.reasons[0]
    young = check_be(Decimal("0"), Decimal("40000.00"), YEAR, provisional_acceptance=date(2022, 1, 2))
    assert young.ok and not young.required
    due = check_be(Decimal("0"), Decimal("40000.00"), YEAR, provisional_acceptance=date(2022, 1, 1))
    assert not due.ok and due.required


def test_fr_five_percent_of_the_budget_and_the_small_building_waiver():
    assert check_fr(Decimal("500.00"), Decimal("10000.00"), YEAR, lots=30).ok
    short = check_fr(Decimal("499.00"), Decimal("10000.00"), YEAR, lots=30)
    assert not short.ok and "14-2-1" in short.reasons[0]
    waiver = Waiver(date(2026, 6, 1), "AG 2026, résolution 4")
    assert check_fr(Decimal("0"), Decimal("10000.00"), YEAR, lots=9, waiver=waiver).ok
    assert not check_fr(Decimal("0"), Decimal("10000.00"), YEAR, lots=10, waiver=waiver).ok
    assert check_fr(Decimal("0"), Decimal("10000.00"), YEAR, lots=30, completion=date(2018, 6, 1)).ok


@given(st.integers(0, 10**10))
def test_the_floor_is_never_under_five_percent_and_never_a_cent_too_high(base_cents: int):
    base = Decimal(base_cents).scaleb(-2)
    minimum = floor_of(base)
    assert minimum >= base * Decimal("0.05") > minimum - Decimal("0.01")
