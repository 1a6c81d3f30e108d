"""Collection's rules: credits applied oldest due first, age buckets, the ladder's next step."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.collection import DEFAULT_STEPS, Item, apply_credits, bucket, check_steps, overdue, step_due, step_on

D = Decimal
cents = st.integers(min_value=1, max_value=10_000_00).map(lambda c: D(c) / 100)
items_st = st.lists(st.tuples(st.integers(0, 400), cents), max_size=12).map(
    lambda xs: [Item(i, date(2025, 1, 1) + timedelta(days=d), a) for i, (d, a) in enumerate(xs)])


def test_oldest_due_first_whatever_the_order_given() -> None:
    later = Item("b", date(2025, 3, 1), D("100.00"))
    older = Item("a", date(2025, 1, 1), D("100.00"))
    opens = apply_credits([later, older], D("150.00"))
    assert [(o.item.key, o.outstanding) for o in opens] == [("a", D("0.00")), ("b", D("50.00"))]


def test_a_credit_beyond_the_items_leaves_nothing_outstanding() -> None:
    opens = apply_credits([Item("a", date(2025, 1, 1), D("10.00"))], D("25.00"))
    assert opens[0].outstanding == 0 and opens[0].paid == D("10.00")


@given(items_st, st.integers(0, 100_000_00).map(lambda c: D(c) / 100))
def test_outstanding_sums_to_the_balance_never_negative_order_respected(items: list[Item], credit: D) -> None:
    opens = apply_credits(items, credit)
    total = sum((i.amount for i in items), D(0))
    assert sum((o.outstanding for o in opens), D(0)) == max(total - credit, D(0))
    assert all(D(0) <= o.outstanding <= o.item.amount for o in opens)
    # an item is paid (even in part) only when every item due before it is paid in full
    for a, b in zip(opens, opens[1:], strict=False):
        assert a.item.due <= b.item.due
        if b.paid > 0:
            assert a.outstanding == 0


def test_overdue_is_outstanding_past_its_due_date() -> None:
    opens = apply_credits([Item("a", date(2025, 1, 1), D("10.00")), Item("b", date(2025, 2, 1), D("10.00"))],
                          D("0"))
    assert [o.item.key for o in overdue(opens, date(2025, 2, 1))] == ["a"]


def test_buckets() -> None:
    due = date(2025, 1, 1)
    assert [bucket(due, due + timedelta(days=d)) for d in (0, 30, 31, 60, 61, 90, 91)] == [
        "0-30", "0-30", "31-60", "31-60", "61-90", "61-90", "90+"]


def test_the_ladder_one_step_at_a_time_after_each_delay() -> None:
    due = date(2025, 1, 1)
    assert step_due(DEFAULT_STEPS, set(), due, due + timedelta(days=14)) is None
    assert step_due(DEFAULT_STEPS, set(), due, due + timedelta(days=15)).number == 1  # type: ignore[union-attr]
    assert step_due(DEFAULT_STEPS, {1}, due, due + timedelta(days=29)) is None
    assert step_due(DEFAULT_STEPS, {1}, due, due + timedelta(days=70)).number == 2  # type: ignore[union-attr]
    assert step_due(DEFAULT_STEPS, {1, 2, 3}, due, due + timedelta(days=70), waiting_registered=True) is None
    assert step_due(DEFAULT_STEPS, {1, 2, 3, 4}, due, due + timedelta(days=700)) is None



def test_a_resumed_ladder_keeps_the_gap_between_steps() -> None:
    due = date(2026, 1, 31)
    late = due + timedelta(days=100)  # a hold ended: every delay has long passed
    first = late - timedelta(days=1)  # step 1 went yesterday
    assert step_due(DEFAULT_STEPS, {1}, due, late, last_sent=first) is None
    assert step_due(DEFAULT_STEPS, {1}, due, first + timedelta(days=14), last_sent=first) is None
    assert step_due(DEFAULT_STEPS, {1}, due, first + timedelta(days=15), last_sent=first).number == 2  # type: ignore[union-attr]
    # the day it goes, as the arrears screen shows it: the gap after the last step, or the delay, whichever is later
    assert step_on(DEFAULT_STEPS, DEFAULT_STEPS[1], due, first) == first + timedelta(days=15)
    assert step_on(DEFAULT_STEPS, DEFAULT_STEPS[1], due, due + timedelta(days=15)) == due + timedelta(days=30)
    assert step_on(DEFAULT_STEPS, DEFAULT_STEPS[0], due) == due + timedelta(days=15)


def test_a_ladder_is_numbered_and_its_delays_increase() -> None:
    assert check_steps(DEFAULT_STEPS) == []
    s = list(DEFAULT_STEPS)
    assert check_steps([s[1], s[0]]) == ["numbers", "delays"]
