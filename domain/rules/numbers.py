"""Exact numbers shown rounded: never through float."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import Any


def rounded(value: Fraction | int, places: int = 2) -> Decimal:
    """`value` rounded half-up to `places` decimals, computed exactly."""
    scaled = abs(Fraction(value)) * 10**places
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


def plain(value: Fraction | int) -> str:
    """A percentage or quota as short text: whole numbers bare, otherwise up to 4 decimals without trailing 0."""
    return format(rounded(value, 4).normalize(), "f")


def apportion(total: int, weights: Sequence[Fraction | int], tie: Sequence[Any] | None = None) -> list[int]:
    """A whole number split in proportion to non-negative weights by the largest-remainder method: each part's
    floor, then one more to the largest remainders — ties by `tie` (default: the order given). The parts sum
    to `total` exactly; a total of cents gives amounts to the cent."""
    weight_sum = sum((Fraction(w) for w in weights), Fraction(0))
    if weight_sum == 0:
        raise ValueError("aucun poids positif")
    exact = [total * Fraction(w) / weight_sum for w in weights]
    parts = [floor(x) for x in exact]
    keys = list(tie) if tie is not None else list(range(len(exact)))
    order = sorted(range(len(exact)), key=lambda i: (parts[i] - exact[i], keys[i]))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
