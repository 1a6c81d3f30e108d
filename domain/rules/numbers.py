"""Exact numbers shown rounded: never through float."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from math import lcm
from typing import Any


def rounded(value: Fraction | int, places: int = 2) -> Decimal:
    """`value` rounded half-up to `places` decimals, computed exactly."""
    scaled = abs(Fraction(value)) * 10**places
    whole = (scaled.numerator * 2 + scaled.denominator) // (2 * scaled.denominator)
    return Decimal(whole if value >= 0 else -whole).scaleb(-places)


def plain(value: Fraction | int) -> str:
    """A percentage or quota as short text: whole numbers bare, otherwise up to 4 decimals without trailing 0."""
    return format(rounded(value, 4).normalize(), "f")


def scaled(weights: Sequence[Fraction | int]) -> list[int]:
    """Weights as whole numbers in the same proportions (each times the common denominator): exact, and the
    largest-remainder arithmetic on them is integer arithmetic, several times faster than on fractions."""
    if all(type(w) is int for w in weights):
        return [int(w) for w in weights]  # whole already
    exact = [Fraction(w) for w in weights]
    common = lcm(*(f.denominator for f in exact)) if exact else 1
    return [f.numerator * (common // f.denominator) for f in exact]


def apportion(total: int, weights: Sequence[Fraction | int], tie: Sequence[Any] | None = None) -> list[int]:
    """A whole number split in proportion to non-negative weights by the largest-remainder method: each part's
    floor, then one more to the largest remainders — ties by `tie` (default: the order given). The parts sum
    to `total` exactly; a total of cents gives amounts to the cent."""
    whole = scaled(weights)
    weight_sum = sum(whole)
    if weight_sum == 0:
        raise ValueError("aucun poids positif")
    # part i is floor(total·w/Σ) and its remainder (total·w mod Σ)/Σ: the largest remainders get one more
    floors = [divmod(total * w, weight_sum) for w in whole]
    parts = [q for q, _r in floors]
    keys = list(tie) if tie is not None else list(range(len(whole)))
    order = sorted(range(len(whole)), key=lambda i: (-floors[i][1], keys[i]))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts
