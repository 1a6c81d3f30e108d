"""Shares of a lot over time: worked examples, then random histories of sales and new deeds."""

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.rules.allocation import LotWeight, allocate
from domain.rules.ownership import (
    NewShare,
    RightPeriod,
    check_consistent,
    parse_share,
    rights_on,
    sell,
    split,
)

F = Fraction
JAN_2020, JAN_2024, MAR_2024, JAN_2025 = (
    date(2020, 1, 1),
    date(2024, 1, 1),
    date(2024, 3, 1),
    date(2025, 1, 1),
)


def held(periods: list[RightPeriod], day: date) -> list[tuple]:
    """Who holds what on day, as (owner, kind, share), sorted."""
    return sorted((str(p.owner_id), p.kind, p.share) for p in rights_on(periods, day))


def test_rights_on_end_is_exclusive() -> None:
    periods = [
        RightPeriod("ana", "full", F(1), JAN_2020, JAN_2024),
        RightPeriod("bob", "full", F(1), JAN_2024),
    ]
    assert held(periods, JAN_2024 - timedelta(days=1)) == [("ana", "full", 1)]
    assert held(periods, JAN_2024) == [("bob", "full", 1)]
    assert held(periods, date(2019, 12, 31)) == []


@pytest.mark.parametrize(
    "periods",
    [
        [RightPeriod("ana", "full", F(1), JAN_2020, JAN_2024), RightPeriod("bob", "full", F(1), JAN_2024)],
        [RightPeriod("ana", "full", F(1, 3), JAN_2020), RightPeriod("bob", "full", F(2, 3), JAN_2020)],
        [
            RightPeriod("usu", "usufruct", F(1), JAN_2020),
            RightPeriod("nu1", "bare", F(1, 2), JAN_2020),
            RightPeriod("nu2", "bare", F(1, 2), JAN_2020),
        ],
        # an empty lot between two owners is allowed
        [RightPeriod("ana", "full", F(1), JAN_2020, JAN_2024), RightPeriod("bob", "full", F(1), JAN_2025)],
        [],
    ],
)
def test_consistent_histories(periods: list[RightPeriod]) -> None:
    assert check_consistent(periods) == []


def test_overlapping_owners_are_reported_on_the_date() -> None:
    periods = [
        RightPeriod("ana", "full", F(1), JAN_2020, JAN_2025),
        RightPeriod("bob", "full", F(1), JAN_2024),
    ]
    (problem,) = check_consistent(periods)
    assert (problem.day, problem.full, problem.usufruct, problem.bare) == (JAN_2024, 2, 0, 0)
    assert problem.message == "Le 01/01/2024, pleine et nue-propriété totalisent 200 % au lieu de 100 %."


def test_usufruct_without_matching_bare_ownership() -> None:
    periods = [RightPeriod("usu", "usufruct", F(1, 2), JAN_2020), RightPeriod("ana", "full", F(1), JAN_2020)]
    (problem,) = check_consistent(periods)
    assert (problem.usufruct, problem.bare) == (F(1, 2), 0)
    assert "usufruit (50 %)" in problem.message


def test_missing_third_is_shown_as_a_fraction() -> None:
    (problem,) = check_consistent([RightPeriod("ana", "full", F(2, 3), JAN_2020)])
    assert "2/3" in problem.message and problem.full == F(2, 3)


@pytest.mark.parametrize(
    ("period", "words"),
    [
        (RightPeriod("ana", "full", F(0), JAN_2020), "part non positive"),
        (RightPeriod("ana", "full", F(1), JAN_2024, JAN_2020), "fin (01/01/2020)"),
        (RightPeriod("ana", "lease", F(1), JAN_2020), "inconnue"),  # type: ignore[arg-type]
    ],
)
def test_malformed_rights(period: RightPeriod, words: str) -> None:
    (problem,) = check_consistent([period])
    assert words in problem.message


def test_sell_the_whole_lot() -> None:
    after = sell([RightPeriod("ana", "full", F(1), JAN_2020)], MAR_2024, "ana", "bob")
    assert after == [
        RightPeriod("ana", "full", F(1), JAN_2020, MAR_2024),
        RightPeriod("bob", "full", F(1), MAR_2024),
    ]


def test_sell_one_owners_part() -> None:
    periods = [RightPeriod("ana", "full", F(1, 2), JAN_2020), RightPeriod("bob", "full", F(1, 2), JAN_2020)]
    after = sell(periods, MAR_2024, "ana", "cas")
    assert held(after, MAR_2024) == [("bob", "full", F(1, 2)), ("cas", "full", F(1, 2))]
    assert held(after, JAN_2024) == [("ana", "full", F(1, 2)), ("bob", "full", F(1, 2))]


def test_selling_to_a_co_owner_merges_the_shares() -> None:
    periods = [RightPeriod("ana", "full", F(1, 3), JAN_2020), RightPeriod("bob", "full", F(2, 3), JAN_2020)]
    after = sell(periods, MAR_2024, "ana", "bob")
    assert held(after, MAR_2024) == [("bob", "full", 1)]
    assert held(after, JAN_2024) == [("ana", "full", F(1, 3)), ("bob", "full", F(2, 3))]


def test_bare_owner_sells_without_touching_the_usufruct() -> None:
    periods = [RightPeriod("usu", "usufruct", F(1), JAN_2020), RightPeriod("nu", "bare", F(1), JAN_2020)]
    after = sell(periods, MAR_2024, "nu", "new")
    assert held(after, MAR_2024) == [("new", "bare", 1), ("usu", "usufruct", 1)]
    assert check_consistent(after) == []


def test_sell_only_one_kind_of_right() -> None:
    periods = [
        RightPeriod("ana", "full", F(1, 2), JAN_2020),
        RightPeriod("ana", "usufruct", F(1, 2), JAN_2020),
        RightPeriod("bob", "bare", F(1, 2), JAN_2020),
    ]
    after = sell(periods, MAR_2024, "ana", "cas", kind="full")
    assert held(after, MAR_2024) == [
        ("ana", "usufruct", F(1, 2)),
        ("bob", "bare", F(1, 2)),
        ("cas", "full", F(1, 2)),
    ]


def test_sale_on_the_day_a_right_starts_replaces_it() -> None:
    after = sell([RightPeriod("ana", "full", F(1), JAN_2024)], JAN_2024, "ana", "bob")
    assert after == [RightPeriod("bob", "full", F(1), JAN_2024)]


@pytest.mark.parametrize(
    ("day", "seller", "buyer", "words"),
    [
        (JAN_2020, "ana", "bob", "précède le début"),
        (MAR_2024, "zoe", "bob", "aucun droit"),
        (MAR_2024, "ana", "ana", "même personne"),
    ],
)
def test_sell_refuses(day: date, seller: str, buyer: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        sell([RightPeriod("ana", "full", F(1), JAN_2024)], day, seller, buyer)


def test_split_into_usufruct_and_bare_ownership() -> None:
    deed: list[NewShare] = [("usu", "usufruct", F(1)), ("nu1", "bare", F(1, 2)), ("nu2", "bare", F(1, 2))]
    after = split([RightPeriod("ana", "full", F(1), JAN_2020)], JAN_2025, deed)
    assert held(after, JAN_2025) == [
        ("nu1", "bare", F(1, 2)),
        ("nu2", "bare", F(1, 2)),
        ("usu", "usufruct", 1),
    ]
    assert held(after, JAN_2024) == [("ana", "full", 1)]
    assert check_consistent(after) == []


def test_split_may_empty_the_lot() -> None:
    after = split([RightPeriod("ana", "full", F(1), JAN_2020)], JAN_2025, [])
    assert after == [RightPeriod("ana", "full", F(1), JAN_2020, JAN_2025)]


@pytest.mark.parametrize(
    ("periods", "day", "deed", "words"),
    [
        ([], JAN_2025, [("ana", "full", F(1, 2))], "50 % au lieu de 100 %"),
        ([], JAN_2025, [("ana", "usufruct", F(1)), ("bob", "full", F(1))], "usufruit"),
        ([], JAN_2025, [("ana", "full", F(0)), ("bob", "full", F(1))], "part non positive"),
        ([RightPeriod("ana", "full", F(1), JAN_2025)], JAN_2024, [("bob", "full", F(1))], "précède le début"),
        (
            [RightPeriod("ana", "full", F(1), JAN_2020, JAN_2025)],
            JAN_2024,
            [("bob", "full", F(1))],
            "après le",
        ),
    ],
)
def test_split_refuses(periods: list, day: date, deed: list, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        split(periods, day, deed)


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("50", F(1, 2)),
        ("50%", F(1, 2)),
        ("50 %", F(1, 2)),
        ("50\u202f%", F(1, 2)),
        ("33,5", F(67, 200)),
        ("33.3333", F(333333, 1000000)),
        ("100", F(1)),
        ("0,01 %", F(1, 10000)),
        ("1/3", F(1, 3)),
        (" 2 / 3 ", F(2, 3)),
        ("3/3", F(1)),
    ],
)
def test_parse_share(text: str, share: Fraction) -> None:
    assert parse_share(text) == share


@pytest.mark.parametrize(
    "text", ["", "abc", "0", "0 %", "100,01", "101", "-5", "3/2", "0/3", "1/0", "50%%", "1e2", ".5"]
)
def test_parse_share_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_share(text)


# Random histories

OWNERS = ["ana", "bob", "cas", "dan", "eve", "fil"]


@st.composite
def deeds(draw: st.DrawFn) -> list[tuple]:
    """New shares of a lot: parts held in full, or in usufruct by one owner and bare by another."""
    parts = draw(st.lists(st.integers(1, 12), min_size=1, max_size=4))
    deed: list[tuple] = []
    for part in parts:
        share = F(part, sum(parts))
        if draw(st.booleans()):
            deed.append((draw(st.sampled_from(OWNERS)), "full", share))
        else:
            usufructuary, bare_owner = draw(
                st.lists(st.sampled_from(OWNERS), min_size=2, max_size=2, unique=True)
            )
            deed += [(usufructuary, "usufruct", share), (bare_owner, "bare", share)]
    return deed


def boundaries(periods: list[RightPeriod]) -> set[date]:
    """The dates on which a lot's rights change."""
    return {p.start for p in periods} | {p.end for p in periods if p.end is not None}


def next_history(data: st.DataObject, periods: list[RightPeriod], day: date) -> list[RightPeriod]:
    """The history after a random sale or new deed on day."""
    open_rights = [p for p in periods if p.end is None]
    if not data.draw(st.booleans()):
        return split(periods, day, data.draw(deeds()))
    seller = data.draw(st.sampled_from(sorted({str(p.owner_id) for p in open_rights})))
    buyer = data.draw(st.sampled_from([o for o in [*OWNERS, "new"] if o != seller]))
    kinds = sorted({p.kind for p in open_rights if p.owner_id == seller})
    return sell(periods, day, seller, buyer, data.draw(st.sampled_from([None, *kinds])))


@settings(max_examples=200, deadline=None)  # no timing: the machine's speed moves
@given(st.data())
def test_random_sales_and_splits_keep_shares_at_100_percent(data: st.DataObject) -> None:
    day = date(2000, 1, 1)
    periods = split([], day, data.draw(deeds()))
    for _ in range(data.draw(st.integers(1, 8))):
        day += timedelta(days=data.draw(st.integers(0, 400)))
        after = next_history(data, periods, day)
        for past in {d for d in boundaries(periods) | boundaries(after) if d < day} | {
            day - timedelta(days=1)
        }:
            assert Counter(held(after, past)) == Counter(held(periods, past))
        periods = after
        assert check_consistent(periods) == []
        for on in boundaries(periods):
            if rights := rights_on(periods, on):
                assert sum(p.share for p in rights if p.kind in ("full", "bare")) == 1
                assert sum(p.share for p in rights if p.kind == "usufruct") == sum(
                    p.share for p in rights if p.kind == "bare"
                )
    # Consistent rights are always a valid input to allocation, whatever the nature of the charge.
    lot = [LotWeight("u1", "1", 1, rights_on(periods, day))]
    for nature in ("ordinary", "works"):
        assert sum(o.amount for o in allocate(Decimal("100.01"), lot, nature).owners) == Decimal("100.01")
