"""Late interest day by day, split at each rate change, exact until rounded to the cent (ROUND_HALF_UP): a hand
computation across the Belgian change of 2025, the French half-years, and properties (additivity over a split
period, within a cent)."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import Invalid
from domain.rules.legal_interest import (
    BE_LEGAL,
    FR_LEGAL_INDIVIDUAL_CREDITOR,
    FR_LEGAL_OTHER_CREDITOR,
    InterestPeriod,
    Rate,
    RateTable,
    fixed_rate,
    late_interest,
    legal_rates,
    round_cents,
)

D = Decimal


def test_across_the_belgian_change_of_2025_by_hand() -> None:
    # 1 000,00 EUR from 1 December 2024 to 31 January 2025 included:
    #   31 days at 5.75 %: 1000 x 0.0575 x 31 / 365 = 1782.5 / 365 = 4.8835…
    #   31 days at 4.50 %: 1000 x 0.0450 x 31 / 365 = 1395.0 / 365 = 3.8219…
    #   together 3177.5 / 365 = 8.7054… -> 8.71
    interest = late_interest(D("1000.00"), date(2024, 12, 1), date(2025, 2, 1), BE_LEGAL)
    assert interest.periods == (
        InterestPeriod(date(2024, 12, 1), date(2025, 1, 1), 31, D("5.75"), Fraction(17825, 3650)),
        InterestPeriod(date(2025, 1, 1), date(2025, 2, 1), 31, D("4.5"), Fraction(1395, 365)),
    )
    assert interest.exact == Fraction(31775, 3650) and interest.amount == D("8.71") and interest.days == 62


def test_the_same_rate_over_a_new_year_is_one_period() -> None:
    interest = late_interest(D("1000.00"), date(2025, 12, 1), date(2026, 2, 1), BE_LEGAL)
    assert [(p.start, p.end, p.days, p.percent) for p in interest.periods] == [
        (date(2025, 12, 1), date(2026, 2, 1), 62, D("4.5"))]
    assert interest.amount == D("7.64")  # 1000 x 0.045 x 62 / 365 = 7.6438…


def test_a_half_cent_is_rounded_up() -> None:
    # 445,00 EUR for 73 days at 4.5 %: 445 x 0.045 x 73 / 365 = 4.005 exactly -> 4.01 (half-even would say 4.00)
    interest = late_interest(D("445.00"), date(2025, 1, 1), date(2025, 3, 15), BE_LEGAL)
    assert interest.days == 73 and interest.exact == Fraction(4005, 1000) and interest.amount == D("4.01")


def test_french_half_years_for_a_syndicat() -> None:
    table = legal_rates("FR")
    assert table is FR_LEGAL_OTHER_CREDITOR and legal_rates("FR", creditor_is_individual=True) is \
        FR_LEGAL_INDIVIDUAL_CREDITOR and legal_rates("BE") is BE_LEGAL
    # 2 000,00 EUR from 1 June to 31 July 2024: 30 days at 5.07 %, then 31 days at 4.92 %
    interest = late_interest(D("2000.00"), date(2024, 6, 1), date(2024, 8, 1), table)
    assert [(p.days, p.percent) for p in interest.periods] == [(30, D("5.07")), (31, D("4.92"))]
    exact = Fraction(2000) * (Fraction(507, 10000) * 30 + Fraction(492, 10000) * 31) / 365
    assert interest.exact == exact and interest.amount == D("16.69")  # 8.3342… + 8.3572… = 16.6915…


def test_the_bylaws_rate() -> None:
    interest = late_interest(D("365.00"), date(2019, 3, 1), date(2019, 3, 11), fixed_rate(D("12")))
    assert interest.amount == D("1.20") and len(interest.periods) == 1


def test_nothing_before_the_start() -> None:
    interest = late_interest(D("100.00"), date(2025, 3, 1), date(2025, 3, 1), BE_LEGAL)
    assert (interest.amount, interest.periods, interest.days) == (D("0.00"), (), 0)
    assert late_interest(D("100.00"), date(2025, 3, 2), date(2025, 3, 1), BE_LEGAL).amount == 0


@pytest.mark.parametrize(("start", "end", "missing"), [
    (date(2023, 12, 31), date(2024, 2, 1), "2023-12-31"),
    (date(2026, 12, 1), date(2027, 1, 2), "2027-01-01"),
])
def test_a_day_the_table_does_not_know_is_refused(start: date, end: date, missing: str) -> None:
    with pytest.raises(Invalid) as caught:
        late_interest(D("100.00"), start, end, BE_LEGAL)
    assert missing in caught.value.errors["rate"] and "taux légal belge" in caught.value.errors["rate"]


def test_a_table_in_order_and_a_debt_not_negative() -> None:
    with pytest.raises(ValueError):
        RateTable("x", (Rate(date(2025, 1, 1), D("1")), Rate(date(2024, 1, 1), D("2"))), date(2025, 12, 31))
    with pytest.raises(ValueError):
        late_interest(D("-1"), date(2025, 1, 1), date(2025, 2, 1), BE_LEGAL)


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(1, 200), "0.01"), (Fraction(-1, 200), "-0.01"), (Fraction(1, 201), "0.00"), (Fraction(249, 100), "2.49"),
    (Fraction(2495, 1000), "2.50"),
])
def test_round_half_up(value: Fraction, expected: str) -> None:
    assert round_cents(value) == D(expected)


principals = st.integers(0, 10**9).map(lambda n: Decimal(n).scaleb(-2))
be_days = st.dates(date(2024, 1, 1), date(2026, 12, 31))


@given(principals, be_days, be_days, be_days)
def test_additivity_over_a_split_period(principal: Decimal, a: date, b: date, c: date) -> None:
    start, middle, end = sorted((a, b, c))
    end += timedelta(days=1)  # exclusive: the table's last day included
    whole = late_interest(principal, start, end, BE_LEGAL)
    first = late_interest(principal, start, middle, BE_LEGAL)
    second = late_interest(principal, middle, end, BE_LEGAL)
    assert whole.exact == first.exact + second.exact
    assert abs(whole.amount - (first.amount + second.amount)) <= D("0.01")
    assert whole.days == (end - start).days


@given(principals, be_days, be_days)
def test_bounded_by_the_highest_and_lowest_rates(principal: Decimal, a: date, b: date) -> None:
    start, end = sorted((a, b))
    interest = late_interest(principal, start, end, BE_LEGAL)
    days = (end - start).days
    assert Fraction(principal) * Fraction(45, 1000) * days / 365 <= interest.exact
    assert interest.exact <= Fraction(principal) * Fraction(575, 10000) * days / 365
    assert abs(Fraction(interest.amount) - interest.exact) <= Fraction(1, 200)
    assert all(p.days > 0 for p in interest.periods)
    assert all(x.percent != y.percent for x, y in zip(interest.periods, interest.periods[1:], strict=False))
