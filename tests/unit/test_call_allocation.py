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


_WEIGHT = st.one_of(st.integers(0, 10_000), st.decimals(0, 10_000, places=4, allow_nan=False, allow_infinity=False),
                    st.fractions(0, 1000, max_denominator=97))


@given(st.lists(_WEIGHT, min_size=1, max_size=15), st.integers(-10_000_000, 10_000_000))
def test_the_lots_get_what_the_largest_remainder_gives_them(weights, cents) -> None:  # type: ignore[no-untyped-def]
    """The call's split over the lots (a key's NUMERIC weights counted in whole ten-thousandths) is the largest
    remainder over the same weights as fractions, ties in the lots' natural order, to the cent, for a key's
    weights, quotas and fractions alike."""
    from domain.rules.allocation import largest_remainder, natural_key

    if sum(Fraction(w) for w in weights) == 0:
        return
    total = D(cents).scaleb(-2)
    lots = [Lot(f"id{i}", str(i + 1), w, (Right(f"o{i}", "full", Fraction(1), date(2020, 1, 1)),))
            for i, w in enumerate(weights)]
    shares = split_call(total, lots, *Q2, "ordinary")
    expected = {key[2]: p.amount for key, p in zip(
        [(natural_key(lot.lot_number), lot.lot_number, lot.lot_id) for lot in lots],
        largest_remainder(total, [((natural_key(lot.lot_number), lot.lot_number, lot.lot_id), Fraction(lot.weight))
                                  for lot in lots]), strict=True)}
    assert {s.lot_id: s.lot_amount for s in shares} == {k: v for k, v in expected.items()
                                                         if v != 0 or Fraction(weights[int(k[2:])]) != 0}
    assert sum(s.amount for s in shares) == total
    assert {s.key_total for s in shares} <= {sum((Fraction(w) for w in weights), Fraction(0))}


def test_a_float_weight_is_refused() -> None:
    with pytest.raises(TypeError):
        split_call(D("10.00"), [Lot("x", "1", 0.5, (Right("o", "full", Fraction(1), date(2020, 1, 1)),))], *Q2,
                   "ordinary")


_HOLDING = st.tuples(st.sampled_from(["a", "b", "c", "d"]), st.fractions(0, 1, max_denominator=12),
                     st.integers(-30, 120), st.one_of(st.none(), st.integers(0, 150)))


@given(st.lists(_HOLDING, min_size=1, max_size=6), st.integers(-1_000_000, 1_000_000))
def test_a_lots_owners_get_what_the_days_rule_gives_them(holdings, cents) -> None:  # type: ignore[no-untyped-def]
    """`by_days` on whole numbers is the days rule on fractions to the cent: share × days held, an owner holding
    twice merged, ties in the holdings' order, the rounding cent the same."""
    from domain.rules.allocation import largest_remainder
    from domain.rules.call_schedule import Holding, by_days, days_held

    def on_fractions(amount, start, end, holdings):  # type: ignore[no-untyped-def]
        merged: dict[str, Fraction] = {}
        for h in holdings:
            weight = Fraction(h.share) * days_held(h, start, end)
            if weight > 0:
                merged[h.key] = merged.get(h.key, Fraction(0)) + weight
        if not merged:
            raise ValueError("nobody")
        return largest_remainder(amount, list(merged.items()))

    start, end = Q2
    made = [Holding(k, share, start + timedelta(days=s), None if e is None else start + timedelta(days=max(s, e)))
            for k, share, s, e in holdings]
    amount = D(cents).scaleb(-2)
    try:
        expected = [(p.key, p.amount, p.adjustment, p.exact) for p in on_fractions(amount, start, end, made)]
    except ValueError:
        expected = []
    try:
        found = [(p.key, p.amount, p.adjustment, p.exact) for p in by_days(amount, start, end, made)]
    except ValueError:
        found = []
    assert found == expected
