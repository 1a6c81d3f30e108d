"""Closing arithmetic: a charge paid ahead split between this year and the next (deferred to 490 / 486), and the
checklist's verdict."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from domain.rules.numbers import rounded


def _months(start: date, end: date) -> int:
    """Whole months from the first of `start`'s month to the end of `end`'s month."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


def deferral(amount: Decimal, covers_from: date, covers_to: date, year_end: date) -> tuple[Decimal, Decimal]:
    """(this year's part, the part deferred to next year) of a charge covering whole months, pro rata the months
    up to the year's end; the parts sum to the amount. An insurance premium of 1,000 € covering November to
    October, on a year ending 31 December: (166.67, 833.33)."""
    total = _months(covers_from, covers_to)
    if total <= 0:
        raise ValueError("période vide")
    inside = max(0, min(total, _months(covers_from, year_end)))
    this_year = rounded(Fraction(amount) * inside / total)
    return this_year, amount - this_year


@dataclass(frozen=True)
class CheckItem:
    key: str  # suspense | drafts | entry_drafts | previous_year | accruals | bank_statements | prepaid
    blocking: bool  # whether it stops the closing now
    count: int  # what blocks it (entries, drafts…), 0 when done
    amount: Decimal | None = None


def blockers(items: list[CheckItem]) -> list[CheckItem]:
    """The items that stop the closing."""
    return [i for i in items if i.blocking]
