"""A year's calls from its budget and a sold lot's provision split by the days each owner held it: exact to the
cent, the parts summing back to the whole."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.call_schedule import Holding, by_days, days_held, periods, schedule


def test_a_budget_of_40000_in_four_quarters_due_on_their_first_day():
    calls = schedule(Decimal("40000.00"), date(2027, 1, 1), date(2027, 12, 31), "quarterly")
    assert [(c.start, c.end, c.due, c.amount) for c in calls] == [
        (date(2027, 1, 1), date(2027, 3, 31), date(2027, 1, 1), Decimal("10000.00")),
        (date(2027, 4, 1), date(2027, 6, 30), date(2027, 4, 1), Decimal("10000.00")),
        (date(2027, 7, 1), date(2027, 9, 30), date(2027, 7, 1), Decimal("10000.00")),
        (date(2027, 10, 1), date(2027, 12, 31), date(2027, 10, 1), Decimal("10000.00")),
    ]


def test_the_odd_cents_go_to_the_first_periods_and_the_due_date_can_follow_the_bylaws():
    calls = schedule(Decimal("100.00"), date(2027, 1, 1), date(2027, 12, 31), "monthly", due_after_days=14)
    assert [c.amount for c in calls[:5]] == [Decimal("8.34")] * 4 + [Decimal("8.33")]
    assert calls[0].due == date(2027, 1, 15) and len(calls) == 12


def test_a_first_year_of_eighteen_months_has_six_quarters_and_a_year_starting_mid_month_keeps_its_day():
    assert len(periods(date(2026, 7, 1), date(2027, 12, 31), "quarterly")) == 6
    assert periods(date(2027, 1, 31), date(2027, 12, 30), "monthly")[1] == (date(2027, 2, 28), date(2027, 3, 30))
    with pytest.raises(ValueError, match="dix-huit"):
        periods(date(2026, 1, 1), date(2027, 7, 1), "yearly")


def test_a_sale_on_15_may_splits_the_second_quarter_by_days():
    seller = Holding("seller", 1, date(2019, 3, 1), end=date(2027, 5, 15))
    buyer = Holding("buyer", 1, date(2027, 5, 15))
    parts = by_days(Decimal("1000.00"), date(2027, 4, 1), date(2027, 6, 30), [seller, buyer])
    # 1 April – 14 May: 44 days; 15 May – 30 June: 47 days; 91 in all
    assert [(p.key, p.amount) for p in parts] == [("seller", Decimal("483.52")), ("buyer", Decimal("516.48"))]


def test_shares_and_days_weigh_together_and_an_owner_outside_the_period_gets_nothing():
    holdings = [Holding("a", Decimal("0.5"), date(2020, 1, 1)), Holding("b", Decimal("0.5"), date(2020, 1, 1),
                end=date(2027, 2, 15)), Holding("c", Decimal("0.5"), date(2027, 2, 15)),
                Holding("old", 1, date(2010, 1, 1), end=date(2020, 1, 1))]
    parts = {p.key: p.amount for p in by_days(Decimal("90.00"), date(2027, 1, 1), date(2027, 3, 31), holdings)}
    assert parts == {"a": Decimal("45.00"), "b": Decimal("22.50"), "c": Decimal("22.50")}
    assert days_held(holdings[3], date(2027, 1, 1), date(2027, 3, 31)) == 0


def test_nobody_holding_the_lot_is_an_error():
    with pytest.raises(ValueError):
        by_days(Decimal("1.00"), date(2027, 1, 1), date(2027, 3, 31), [Holding("x", 1, date(2028, 1, 1))])


cents = st.integers(-10**9, 10**9).map(lambda c: Decimal(c).scaleb(-2))


@given(total=cents, first=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
       frequency=st.sampled_from(["monthly", "quarterly", "half-yearly", "yearly"]), months=st.integers(1, 18))
def test_the_instalments_sum_to_the_budget_and_cover_the_year_day_after_day(total, first, frequency, months):
    last = (date(first.year + (first.month - 1 + months) // 12, (first.month - 1 + months) % 12 + 1, 1)
            - timedelta(days=1)) if first.day == 1 else first + timedelta(days=27 * months)
    calls = schedule(total, first, last, frequency)
    assert sum(c.amount for c in calls) == total
    assert calls[0].start == first and calls[-1].end == last
    assert all(b.start == a.end + timedelta(days=1) for a, b in zip(calls, calls[1:], strict=False))
    assert max(c.amount for c in calls) - min(c.amount for c in calls) <= Decimal("0.01")


@given(total=cents, sale=st.integers(0, 90), shares=st.lists(st.integers(1, 1000), min_size=1, max_size=4))
def test_the_day_weighted_split_of_a_sold_lot_sums_to_the_lot_share(total, sale, shares):
    start, end = date(2027, 4, 1), date(2027, 6, 30)
    sold_on = start + timedelta(days=sale)
    holdings = [Holding(f"seller{i}", s, date(2000, 1, 1), end=sold_on) for i, s in enumerate(shares)]
    holdings.append(Holding("buyer", sum(shares), sold_on))
    parts = by_days(total, start, end, holdings)
    assert sum(p.amount for p in parts) == total
