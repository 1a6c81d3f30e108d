"""Exact numbers shown rounded: never through float."""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction


def rounded(value: Fraction | int, places: int = 2) -> Decimal:
    """`value` rounded half-up to `places` decimals, computed exactly."""
    scaled = abs(Fraction(value)) * 10**places
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


def plain(value: Fraction | int) -> str:
    """A percentage or quota as short text: whole numbers bare, otherwise up to 4 decimals without trailing 0."""
    return format(rounded(value, 4).normalize(), "f")
