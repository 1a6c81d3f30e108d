"""A payment plan's split (to the cent, largest remainder) and when a plan is broken (an instalment short past
the grace)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.payment_plan import Instalment, add_months, missed, plan_end, split_evenly


def test_the_cents_left_go_to_the_first_instalments() -> None:
    plan = split_evenly(D("100.00"), 3, date(2027, 1, 31))
    assert [i.amount for i in plan] == [D("33.34"), D("33.33"), D("33.33")]
    assert [i.due_on for i in plan] == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31)]
    assert [i.number for i in plan] == [1, 2, 3]


@given(st.integers(min_value=1, max_value=10_000_000), st.integers(min_value=1, max_value=60))
def test_the_split_sums_to_the_cent(cents: int, count: int) -> None:
    total = D(cents) / 100
    if cents < count:
        with pytest.raises(ValueError):
            split_evenly(total, count, date(2027, 1, 1))
        return
    plan = split_evenly(total, count, date(2027, 1, 1))
    assert sum(i.amount for i in plan) == total and len(plan) == count
    assert max(i.amount for i in plan) - min(i.amount for i in plan) <= D("0.01")


def test_months_keep_the_day_or_the_month_end() -> None:
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2027, 11, 15), 3) == date(2028, 2, 15)


PLAN = [Instalment(1, date(2027, 3, 1), D("100.00")), Instalment(2, date(2027, 4, 1), D("100.00"))]


@pytest.mark.parametrize(("paid", "today", "broken"), [
    (D("0"), date(2027, 3, 16), None),  # the first instalment still within its grace
    (D("0"), date(2027, 3, 17), 1),  # sixteen days late: broken
    (D("100.00"), date(2027, 4, 17), 2),
    (D("99.99"), date(2027, 3, 17), 1),  # to the cent
    (D("200.00"), date(2027, 6, 1), None),  # paid in full
    (D("200.00"), date(2027, 3, 17), None),  # paid ahead
])
def test_a_plan_breaks_on_the_first_instalment_short_past_the_grace(paid: D, today: date, broken: int | None) -> None:
    found = missed(PLAN, paid, today)
    assert (found.number if found else None) == broken


def test_the_hold_ends_with_the_last_grace() -> None:
    assert plan_end(PLAN) == date(2027, 4, 16)
