"""The arithmetic of a lot's sale, pure and exact.

- What is still unpaid of each debt: an owner's payments (every credit to their account) are imputed to their
  oldest debts first (`collection.impute`, C. civ. art. 5.208), so a call is unpaid for what the credits did not
  reach.
- A fund's share of a lot: the fund's balance × the lot's weight in the fund's key ÷ the key's total × the part of
  the lot that changes hands, rounded half-up to the cent (BE art. 3.94 § 1: the working fund refunded to the
  seller pro rata and called from the buyer; the reserve fund stays with the association).
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from domain.rules.collection import impute
from domain.rules.numbers import rounded

K = TypeVar("K", bound=Hashable)
ZERO = Decimal("0.00")


def unpaid(debts: Sequence[tuple[K, Decimal]], paid: Decimal) -> dict[K, Decimal]:
    """Per debt (in the order owed, the oldest first), what the payments left unpaid (collection's imputation)."""
    out: dict[K, Decimal] = {}
    for (key, _amount), left in zip(debts, impute([a for _k, a in debts], max(paid, ZERO)), strict=True):
        out[key] = out.get(key, ZERO) + left
    return out


def fund_share(balance: Decimal, weight: int | Decimal, key_total: int | Decimal, part: Fraction) -> Decimal:
    """The lot's part of a fund for the share `part` of the lot, to the cent (0 for an empty or negative fund)."""
    if balance <= 0 or not key_total or part <= 0:
        return ZERO
    return rounded(Fraction(balance) * Fraction(weight) / Fraction(key_total) * part)
