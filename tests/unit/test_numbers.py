"""Exact rounding for display."""
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.numbers import plain, rounded


@pytest.mark.parametrize("value, places, expected", [
    (Fraction(1, 3) * 100, 2, "33.33"), (Fraction(2, 3) * 100, 2, "66.67"), (Fraction(1, 8), 2, "0.13"),
    (Fraction(-1, 8), 2, "-0.13"), (50, 2, "50.00"), (Fraction(100, 3), 4, "33.3333")])
def test_rounded(value, places, expected):
    assert rounded(value, places) == Decimal(expected) and str(rounded(value, places)) == expected


@pytest.mark.parametrize("value, expected", [(Fraction(100), "100"), (Fraction(201, 2), "100.5"),
                                             (Fraction(1000, 3), "333.3333")])
def test_plain(value, expected):
    assert plain(value) == expected


@given(st.fractions(min_value=-10**6, max_value=10**6))
def test_rounded_is_within_half_a_unit(value):
    assert abs(Fraction(rounded(value, 2)) - value) <= Fraction(1, 200)
