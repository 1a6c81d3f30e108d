"""The AG's competition threshold at its boundary: equal passes, one cent above needs the quotes."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.competition import Threshold, judge

LIMIT = Threshold(Decimal("5000.00"), 3)


def test_an_amount_equal_to_the_threshold_needs_no_competition() -> None:
    verdict = judge("BE", LIMIT, Decimal("5000.00"), 1)
    assert verdict.allowed and not verdict.required


def test_one_cent_above_is_refused_until_enough_quotes() -> None:
    for n in (0, 1, 2):
        verdict = judge("BE", LIMIT, Decimal("5000.01"), n)
        assert not verdict.allowed and verdict.required and verdict.quotes_required == 3
        assert "3.88" in str(verdict.law)
    assert judge("BE", LIMIT, Decimal("5000.01"), 3).allowed


def test_the_french_rule_cites_article_21() -> None:
    verdict = judge("FR", LIMIT, Decimal("9000"), 1)
    assert not verdict.allowed and "art. 21" in str(verdict.law)


def test_without_a_threshold_every_order_may_be_placed() -> None:
    assert judge("BE", None, Decimal("1000000"), 1).allowed


@given(st.decimals(Decimal("0.01"), Decimal("99999999.99"), places=2), st.integers(0, 10))
def test_allowed_exactly_when_under_or_enough_quotes(amount: Decimal, quotes: int) -> None:
    verdict = judge("BE", LIMIT, amount, quotes)
    assert verdict.allowed == (amount <= LIMIT.amount or quotes >= 3)
