"""A year's calls for funds from its budget, and a period's provision shared by the days each owner held a lot.

Pure, exact to the cent (the allocation rule's largest remainder underneath):
- `schedule` cuts a fiscal year (twelve months, the first up to eighteen) into periods of one, three, six or twelve
  months from its first day, and splits the budget over them equally to the cent (the earlier periods take the
  odd cents). Each instalment is due on its period's first day plus an offset (FR, loi du 10 juillet 1965
  art. 14-1: a quarter of the budget due on the first day of each quarter unless the assembly decides otherwise;
  BE: as the bylaws say).
- `by_days` shares one lot's provision for a period over the owners who held it, in proportion to their share times
  the days they held it (a sale on 15 May splits the quarter: the seller to 14 May, the buyer from the 15th, a
  right's end date being the first day it no longer runs). Their parts sum to the lot's amount.
"""
from __future__ import annotations

from calendar import monthrange
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Generic, Literal, TypeVar

from domain.rules.allocation import Portion, Weight, largest_remainder, whole_weights

K = TypeVar("K", bound=Hashable)
Frequency = Literal["monthly", "quarterly", "half-yearly", "yearly"]
MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}
MAX_YEAR_MONTHS = 18


@dataclass(frozen=True)
class Instalment:
    """One call of the year: its period (both days included), when it is due and its amount."""
    number: int
    start: date
    end: date
    due: date
    amount: Decimal


@dataclass(frozen=True)
class Holding(Generic[K]):
    """Who held (a share of) a lot from `start` until the day before `end` (None: still holds it)."""
    key: K
    share: Weight
    start: date
    end: date | None = None


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def periods(first_day: date, last_day: date, frequency: Frequency) -> list[tuple[date, date]]:
    """The year's periods, each from its first to its last day; the last one ends with the year."""
    if last_day < first_day:
        raise ValueError("exercice qui finit avant de commencer")
    if add_months(first_day, MAX_YEAR_MONTHS) <= last_day:
        raise ValueError("exercice de plus de dix-huit mois")
    step = MONTHS[frequency]
    out: list[tuple[date, date]] = []
    start = first_day
    while start <= last_day:
        nxt = add_months(first_day, step * (len(out) + 1))
        out.append((start, min(nxt - timedelta(days=1), last_day)))
        start = nxt
    return out


def schedule(total: Decimal, first_day: date, last_day: date, frequency: Frequency,
             due_after_days: int = 0) -> list[Instalment]:
    """The year's instalments: the total split equally over the periods, to the cent."""
    spans = periods(first_day, last_day, frequency)
    parts = largest_remainder(total, [(i, 1) for i in range(len(spans))])
    return [Instalment(i + 1, start, end, start + timedelta(days=due_after_days), part.amount)
            for i, ((start, end), part) in enumerate(zip(spans, parts, strict=True))]


def days_held(holding: Holding[K], start: date, end: date) -> int:
    """Days of [start, end] (both included) within the holding."""
    first = max(start, holding.start)
    after = end + timedelta(days=1) if holding.end is None else min(end + timedelta(days=1), holding.end)
    return max(0, (after - first).days)


def by_days(amount: Decimal, start: date, end: date, holdings: Sequence[Holding[K]]) -> list[Portion[K]]:
    """A lot's amount for the period [start, end] shared by share × days held, in the order given (holdings with
    no day in the period get nothing and are left out). The weights are whole numbers (the shares over their
    common denominator, times the days): the same cents as the fractions, without fraction arithmetic."""
    shares, _unit = whole_weights([h.share for h in holdings])
    merged: dict[K, int] = {}
    for h, share in zip(holdings, shares, strict=True):
        weight = share * days_held(h, start, end)
        if weight > 0:  # one owner holding twice (bought back) gets one part
            merged[h.key] = merged.get(h.key, 0) + weight
    if not merged:
        raise ValueError("personne ne détient le lot pendant la période")
    return largest_remainder(amount, list(merged.items()))
