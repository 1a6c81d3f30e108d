"""The sale's arithmetic: payments imputed to the oldest debts first, a fund's share of a lot to the cent."""
from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.sale import fund_share, unpaid

_cents = st.integers(min_value=1, max_value=10**7).map(lambda c: D(c) / 100)


def test_the_oldest_debts_are_paid_first() -> None:
    assert unpaid([("q1", D("3500.00")), ("r1", D("175.00")), ("wf", D("1050.00")), ("q2", D("1692.31"))],
                  D("4000.00")) == {"q1": D("0.00"), "r1": D("0.00"), "wf": D("725.00"), "q2": D("1692.31")}
    assert unpaid([("a", D("10.00"))], D("-5.00")) == {"a": D("10.00")}  # a net debit pays nothing


@given(st.lists(_cents, min_size=1, max_size=20), _cents)
def test_what_is_left_unpaid_is_the_debts_less_the_payments(debts: list[D], paid: D) -> None:
    left = unpaid(list(enumerate(debts)), paid)
    assert sum(left.values()) == max(D("0.00"), sum(debts) - paid)
    assert all(D("0") <= left[i] <= d for i, d in enumerate(debts))


def test_a_fund_share() -> None:
    assert fund_share(D("3000.00"), 350, 1000, Fraction(1)) == D("1050.00")
    assert fund_share(D("1000.00"), 1, 3, Fraction(1, 2)) == D("166.67")
    assert fund_share(D("-10.00"), 1, 2, Fraction(1)) == D("0.00") and fund_share(D("10"), 1, 0, Fraction(1)) == 0
