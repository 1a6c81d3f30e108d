"""The settlement's pure rules: the regularisation entry balances to the cent, and a credit carried onto the next
calls is never lost nor used twice."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.settlement import carry, regularisation

cents = st.integers(min_value=-10_000_000, max_value=10_000_000).map(lambda c: D(c) / 100)
positive = st.integers(min_value=1, max_value=10_000_000).map(lambda c: D(c) / 100)
days = st.integers(min_value=0, max_value=720).map(lambda n: date(2027, 1, 1) + timedelta(days=n))


def test_each_owner_is_brought_to_their_charges() -> None:
    amounts, total = regularisation([(D("2000.00"), D("500.00"), D("2500.00")),
                                     (D("2800.00"), D("0.00"), D("2100.00"))])
    assert amounts == [D("-1000.00"), D("700.00")] and total == D("-300.00")


@given(st.lists(st.tuples(cents, cents, cents), max_size=30))
def test_the_regularisation_balances(parts) -> None:  # type: ignore[no-untyped-def]
    amounts, total = regularisation(parts)
    # the owners' side plus the charges called's side (−total) is zero, and each owner ends at their charges
    assert sum(amounts, D("0.00")) - total == 0
    assert all(p + y + a == x for (x, p, y), a in zip(parts, amounts, strict=True))


def test_a_credit_goes_to_the_calls_due_after_its_period() -> None:
    calls = [(date(2027, 1, 1), D("2500.00")), (date(2027, 4, 1), D("2500.00")), (date(2027, 7, 1), D("300.00"))]
    parts, left = carry(calls, [(date(2027, 3, 31), D("2700.00"))])
    assert [(p.credit, p.net) for p in parts] == [(D("0.00"), D("2500.00")), (D("2500.00"), D("0.00")),
                                                  (D("200.00"), D("100.00"))]
    assert left == D("0.00")
    _parts, left = carry(calls[:1], [(date(2027, 3, 31), D("10.00"))])
    assert left == D("10.00")  # no call after it yet: carried, not lost


@given(st.lists(st.tuples(days, positive), max_size=12), st.lists(st.tuples(days, positive), max_size=6))
def test_a_credit_is_never_lost_nor_used_twice(calls, credits) -> None:  # type: ignore[no-untyped-def]
    calls = sorted(calls)
    parts, left = carry(calls, credits)
    used = sum((p.credit for p in parts), D("0.00"))
    assert used + left == sum((c for _, c in credits), D("0.00"))
    assert all(D("0.00") <= p.credit <= p.amount and p.net == p.amount - p.credit for p in parts)
    assert left >= 0
