"""Sharing money to the cent: worked examples checked by hand, then properties."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.rules.allocation import (
    VAT_RATES,
    LotWeight,
    Right,
    allocate,
    excl_from_total,
    largest_remainder,
    natural_key,
    vat_breakdown,
)

D = Decimal
F = Fraction


def amounts(total: str, weights: list) -> list[str]:
    """Amounts as text of total split over weights keyed by their position."""
    return [str(p.amount) for p in largest_remainder(D(total), list(enumerate(weights)))]


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        ("1000.00", [333, 333, 334], ["333.00", "333.00", "334.00"]),
        ("1000.00", [333, 333, 333], ["333.34", "333.33", "333.33"]),
        ("100.00", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        ("0.05", [1, 2, 3], ["0.01", "0.02", "0.02"]),  # exact 0.8333, 1.6667, 2.5 cents
        ("10.00", [F(1, 3), F(2, 3)], ["3.33", "6.67"]),
        ("100.00", [D("12.5"), D("87.5")], ["12.50", "87.50"]),
        ("10.00", [0, 1, 1], ["0.00", "5.00", "5.00"]),
        ("0.01", [1, 1], ["0.01", "0.00"]),
        ("0.00", [1, 2], ["0.00", "0.00"]),
        ("100", [1, 1], ["50.00", "50.00"]),
        ("-100.00", [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),
        ("-0.05", [1, 2, 3], ["-0.01", "-0.02", "-0.02"]),
    ],
)
def test_largest_remainder_examples(total: str, weights: list, expected: list[str]) -> None:
    assert amounts(total, weights) == expected


def test_tie_goes_to_the_smallest_key_not_the_first_input() -> None:
    portions = largest_remainder(D("100.00"), [("b", 1), ("a", 1), ("c", 1)])
    assert [(p.key, str(p.amount)) for p in portions] == [("b", "33.33"), ("a", "33.34"), ("c", "33.33")]


def test_portion_explains_its_rounding() -> None:
    first, second, _ = largest_remainder(D("100.00"), [(1, 1), (2, 1), (3, 1)])
    assert (first.exact, first.amount, first.adjustment) == (F(100, 3), D("33.34"), D("0.01"))
    assert (second.exact, second.amount, second.adjustment) == (F(100, 3), D("33.33"), D("0.00"))
    credit = largest_remainder(D("-100.00"), [(1, 1), (2, 1), (3, 1)])[0]
    assert (credit.exact, credit.amount, credit.adjustment) == (F(-100, 3), D("-33.34"), D("-0.01"))


@pytest.mark.parametrize(
    ("total", "weights", "error"),
    [
        ("1.00", [], ValueError),
        ("1.00", [0, 0], ValueError),
        ("1.00", [1, -1], ValueError),
        ("1.001", [1], ValueError),
        ("NaN", [1], ValueError),
        ("1.00", [0.5], TypeError),
        ("1.00", [True], TypeError),
    ],
)
def test_largest_remainder_refuses(total: str, weights: list, error: type[Exception]) -> None:
    with pytest.raises(error):
        largest_remainder(D(total), list(enumerate(weights)))


def test_largest_remainder_refuses_duplicate_keys() -> None:
    with pytest.raises(ValueError, match="double"):
        largest_remainder(D("1.00"), [("a", 1), ("a", 2)])


def test_natural_order_of_lot_numbers() -> None:
    numbers = ["A10", "10", "B", "2", "A2", "1bis", "1", "a3"]
    assert sorted(numbers, key=natural_key) == ["1", "1bis", "2", "10", "A2", "a3", "A10", "B"]


def full(owner: str) -> list[Right]:
    """Sole full ownership."""
    return [Right(owner, "full", F(1))]


USUFRUCT = [Right("usu", "usufruct", F(1)), Right("nu2", "bare", F(1, 2)), Right("nu1", "bare", F(1, 2))]


def owed(allocation) -> list[tuple[str, str, str]]:
    """Owner lines as (lot number, owner, amount) text."""
    return [(o.lot_number, str(o.owner_id), str(o.amount)) for o in allocation.owners]


def test_three_equal_lots_tie_goes_to_the_first_lot_number() -> None:
    lots = [
        LotWeight("u10", "10", 1, full("a")),
        LotWeight("u2", "2", 1, full("b")),
        LotWeight("u1", "1", 1, full("c")),
    ]
    allocation = allocate(D("100.00"), lots, "ordinary")
    assert [str(line.amount) for line in allocation.lots] == ["33.33", "33.33", "33.34"]
    assert owed(allocation) == [("10", "a", "33.33"), ("2", "b", "33.33"), ("1", "c", "33.34")]


def test_lot_held_fifty_fifty() -> None:
    halves = [Right("bob", "full", F(1, 2)), Right("ana", "full", F(1, 2))]
    lots = [LotWeight("u1", "1", 600, halves), LotWeight("u2", "2", 400, full("cas"))]
    allocation = allocate(D("100.01"), lots, "ordinary")  # exact 60.006 and 40.004
    assert [str(line.amount) for line in allocation.lots] == ["60.01", "40.00"]
    assert owed(allocation) == [("1", "bob", "30.00"), ("1", "ana", "30.01"), ("2", "cas", "40.00")]


@pytest.mark.parametrize(
    ("nature", "expected"),
    [
        ("ordinary", [("1", "usu", "100.01")]),
        ("works", [("1", "nu2", "50.00"), ("1", "nu1", "50.01")]),
    ],
)
def test_lot_in_usufruct(nature: str, expected: list) -> None:
    allocation = allocate(D("100.01"), [LotWeight("u1", "1", 1, USUFRUCT)], nature)  # type: ignore[arg-type]
    assert owed(allocation) == expected


def test_owner_with_full_and_usufruct_shares_gets_one_line() -> None:
    rights = [Right("ana", "full", F(1, 2)), Right("ana", "usufruct", F(1, 2)), Right("bob", "bare", F(1, 2))]
    ordinary = allocate(D("10.00"), [LotWeight("u1", "1", 1, rights)], "ordinary").owners
    assert [(o.owner_id, o.kinds, o.share, o.amount) for o in ordinary] == [
        ("ana", ("full", "usufruct"), F(1), D("10.00"))
    ]
    works = allocate(D("10.00"), [LotWeight("u1", "1", 1, rights)], "works").owners
    assert [(o.owner_id, o.amount) for o in works] == [("ana", D("5.00")), ("bob", D("5.00"))]


def test_lots_with_zero_weight_are_kept_at_zero() -> None:
    lots = [
        LotWeight("cave", "C1", 0),
        LotWeight("u1", "1", 0, full("ana")),
        LotWeight("u2", "2", 5, full("bob")),
    ]
    allocation = allocate(D("42.00"), lots, "ordinary")
    assert [(line.lot_number, str(line.amount)) for line in allocation.lots] == [
        ("C1", "0.00"),
        ("1", "0.00"),
        ("2", "42.00"),
    ]
    assert owed(allocation) == [("1", "ana", "0.00"), ("2", "bob", "42.00")]


@pytest.mark.parametrize(
    "rights",
    [
        [Right("ana", "full", F(1, 2))],
        [Right("ana", "full", F(1, 2)), Right("bob", "full", F(2, 3))],
        [Right("nu", "bare", F(1))],  # ordinary charges with no usufructuary
        [],
    ],
)
def test_payer_shares_must_sum_to_one(rights: list[Right]) -> None:
    with pytest.raises(ValueError, match="lot 7B"):
        allocate(
            D("10.00"), [LotWeight("u1", "1", 1, full("a")), LotWeight("u7", "7B", 1, rights)], "ordinary"
        )


def test_duplicate_lot_is_refused() -> None:
    with pytest.raises(ValueError):
        allocate(
            D("10.00"), [LotWeight("u1", "1", 1, full("a")), LotWeight("u1", "2", 1, full("a"))], "works"
        )


def test_explain_an_owner_line() -> None:
    lots = [LotWeight("u1", "1", 1, USUFRUCT), LotWeight("u2", "2", 2, full("bob"))]
    allocation = allocate(D("100.00"), lots, "works")
    line = next(o for o in allocation.owners if o.owner_id == "nu1")
    why = allocation.explain(line)
    assert (why.expense_total, why.nature, why.lot.lot_number) == (D("100.00"), "works", "1")
    assert (why.lot.weight, why.lot.key_total_weight) == (1, F(3))
    # lot 2's exact 66.6667 has the larger remainder, so lot 1 stays at 33.33
    assert (why.lot.exact, why.lot.amount, why.lot.adjustment) == (F(100, 3), D("33.33"), D("0.00"))
    assert (why.owner.share, why.owner.kinds) == (F(1, 2), ("bare",))
    # 16.665 each: the tie goes to "nu1" before "nu2"
    assert (why.owner.exact, why.owner.amount, why.owner.adjustment) == (F(3333, 200), D("16.67"), D("0.01"))
    assert allocation.owner_totals() == {"nu2": D("16.66"), "nu1": D("16.67"), "bob": D("66.67")}


@pytest.mark.parametrize(
    ("excl", "rate", "vat", "total"),
    [
        ("100.00", "21", "21.00", "121.00"),
        ("10.05", "21", "2.11", "12.16"),  # 2.1105
        ("0.50", "21", "0.11", "0.61"),  # 0.105: half-up, not to even
        ("-0.50", "21", "-0.11", "-0.61"),
        ("0.10", "5.5", "0.01", "0.11"),  # 0.0055
        ("19.99", "6", "1.20", "21.19"),  # 1.1994
        ("80.00", "0", "0.00", "80.00"),
    ],
)
def test_vat_breakdown(excl: str, rate: str, vat: str, total: str) -> None:
    assert vat_breakdown(D(excl), D(rate)) == (D(vat), D(total))


@pytest.mark.parametrize(
    ("total", "rate", "excl", "vat"),
    [
        ("121.00", "21", "100.00", "21.00"),
        ("10.00", "21", "8.26", "1.74"),  # 8.2645
        ("10.00", "5.5", "9.48", "0.52"),  # 9.4787
        ("-10.00", "21", "-8.26", "-1.74"),
        ("80.00", "0", "80.00", "0.00"),
    ],
)
def test_excl_from_total(total: str, rate: str, excl: str, vat: str) -> None:
    assert excl_from_total(D(total), D(rate)) == (D(excl), D(vat))


def test_vat_rates() -> None:
    assert VAT_RATES["BE"] == (D("0"), D("6"), D("12"), D("21"))
    assert VAT_RATES["FR"] == (D("0"), D("5.5"), D("10"), D("20"))
    with pytest.raises(ValueError):
        vat_breakdown(D("1.00"), D("-1"))


# Properties

CENT = D("0.01")
ONE_CENT = F(1, 100)
money = st.integers(-(10**9), 10**9).map(lambda cents: D(f"{cents}e-2"))
weight = st.one_of(
    st.integers(0, 10_000),
    st.fractions(min_value=0, max_value=1000, max_denominator=997),
    st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False),
)
weight_lists = st.lists(weight, min_size=1, max_size=25).filter(lambda ws: any(w > 0 for w in ws))


@settings(max_examples=200)
@given(money, weight_lists, st.data())
def test_largest_remainder_properties(total: Decimal, weights: list, data: st.DataObject) -> None:
    keyed = list(enumerate(weights))
    portions = largest_remainder(total, keyed)
    assert sum(p.amount for p in portions) == total
    assert all(p.amount.as_tuple().exponent == -2 for p in portions)
    assert all(abs(F(p.amount) - p.exact) < ONE_CENT for p in portions)
    assert all(p.adjustment in (D("0.00"), CENT if total >= 0 else -CENT) for p in portions)
    if total >= 0:
        assert all(p.amount >= 0 for p in portions)
    shuffled = data.draw(st.permutations(keyed))
    assert {p.key: p.amount for p in largest_remainder(total, shuffled)} == {
        p.key: p.amount for p in portions
    }
    negated = largest_remainder(-total, keyed)
    assert [p.amount for p in negated] == [-p.amount for p in portions]


OWNERS = st.sampled_from(["ana", "bob", "cas", "dan", "eve"])


@st.composite
def lot_rights(draw: st.DrawFn) -> list[Right]:
    """A consistent set of rights: parts held in full, or in usufruct and bare ownership."""
    parts = draw(st.lists(st.integers(1, 9), min_size=1, max_size=4))
    rights = []
    for part in parts:
        share = F(part, sum(parts))
        if draw(st.booleans()):
            rights.append(Right(draw(OWNERS), "full", share))
        else:
            rights += [Right(draw(OWNERS), "usufruct", share), Right(draw(OWNERS), "bare", share)]
    return rights


@st.composite
def buildings(draw: st.DrawFn) -> list[LotWeight]:
    """Lots with distinct ids, numbers that may repeat, weights of which at least one is positive."""
    size = draw(st.integers(1, 8))
    weights = draw(st.lists(st.integers(0, 1000), min_size=size, max_size=size).filter(any))
    numbers = st.sampled_from(["1", "2", "10", "A1", "B"])
    return [LotWeight(f"u{i}", draw(numbers), w, draw(lot_rights())) for i, w in enumerate(weights)]


@settings(max_examples=200)
@given(money, buildings(), st.sampled_from(["ordinary", "works"]), st.data())
def test_allocate_properties(total: Decimal, lots: list[LotWeight], nature, data: st.DataObject) -> None:
    allocation = allocate(total, lots, nature)
    assert sum(line.amount for line in allocation.lots) == total
    assert sum(line.amount for line in allocation.owners) == total
    assert sum(allocation.owner_totals().values(), D(0)) == total
    weight_total = sum(F(lot.weight) for lot in lots)
    for lot, line in zip(lots, allocation.lots, strict=True):
        owners = [o for o in allocation.owners if o.lot_id == lot.lot_id]
        assert sum(o.amount for o in owners) == line.amount
        assert abs(F(line.amount) - line.exact) < ONE_CENT
        for o in owners:
            assert abs(F(o.amount) - o.exact) < ONE_CENT
            assert abs(F(o.amount) - F(total) * F(lot.weight) / weight_total * o.share) < 2 * ONE_CENT
            if total >= 0:
                assert o.amount >= 0
    shuffled = [
        LotWeight(lot.lot_id, lot.lot_number, lot.weight, data.draw(st.permutations(lot.rights)))
        for lot in data.draw(st.permutations(lots))
    ]
    again = allocate(total, shuffled, nature)
    assert {(o.lot_id, o.owner_id): o.amount for o in again.owners} == {
        (o.lot_id, o.owner_id): o.amount for o in allocation.owners
    }


@settings(max_examples=200)
@given(money, st.sampled_from([r for rates in VAT_RATES.values() for r in rates]))
def test_excl_from_total_sums_back(total: Decimal, rate: Decimal) -> None:
    excl, vat = excl_from_total(total, rate)
    assert excl + vat == total
    assert abs(F(excl) - F(total) * 100 / (100 + F(rate))) <= F(1, 200)
