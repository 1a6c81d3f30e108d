"""A call's split over lots and owners: sums to the total, a sold lot's days, usufruct, nobody holding a lot."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.call_allocation import Lot, Right, Unallocatable, owner_totals, split_call

Q2 = (date(2027, 4, 1), date(2027, 6, 30))


def test_a_sale_on_15_may_splits_the_quarter_by_days() -> None:
    lot = Lot("l2", "2", 350, (Right("bruno", "full", Fraction(1), date(2020, 1, 1), date(2027, 5, 15)),
                               Right("chloe", "full", Fraction(1), date(2027, 5, 15))))
    shares = split_call(D("3500.00"), [lot], *Q2, "ordinary")
    assert [(s.owner_id, s.days, s.amount) for s in shares] == [("bruno", 44, D("1692.31")),
                                                                 ("chloe", 47, D("1807.69"))]


def test_usufruct_provisions_and_reserve() -> None:
    rights = (Right("usu", "usufruct", Fraction(1), date(2020, 1, 1)), Right("nue", "bare", Fraction(1),
                                                                           date(2020, 1, 1)))
    lot = Lot("l3", "3", 400, rights)
    assert owner_totals(split_call(D("100.00"), [lot], *Q2, "ordinary")) == {"usu": D("100.00")}
    assert owner_totals(split_call(D("100.00"), [lot], *Q2, "works")) == {"nue": D("100.00")}


def test_a_lot_nobody_holds_is_named() -> None:
    with pytest.raises(Unallocatable) as e:
        split_call(D("10.00"), [Lot("x", "7", 1, ())], *Q2, "ordinary")
    assert e.value.lot_number == "7"


@given(st.lists(st.tuples(st.integers(1, 1000), st.integers(0, 90)), min_size=1, max_size=12),
       st.integers(1, 10_000_000))
def test_shares_sum_to_the_total_and_each_lot_to_its_part(lots, cents) -> None:  # type: ignore[no-untyped-def]
    start, end = Q2
    built = []
    for i, (weight, sold_after) in enumerate(lots):
        sale = start + timedelta(days=sold_after)
        rights = (Right(f"s{i}", "full", Fraction(1), date(2020, 1, 1), sale),
                  Right(f"b{i}", "full", Fraction(1), sale)) if sold_after else (
                      Right(f"o{i}", "full", Fraction(1), date(2020, 1, 1)),)
        built.append(Lot(f"l{i}", str(i), weight, rights))
    total = D(cents) / 100
    shares = split_call(total, built, start, end, "ordinary")
    assert sum(s.amount for s in shares) == total
    for lot_id in {s.lot_id for s in shares}:
        parts = [s for s in shares if s.lot_id == lot_id]
        assert sum(p.amount for p in parts) == parts[0].lot_amount
