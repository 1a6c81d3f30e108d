"""A payment plan's arithmetic, without I/O: the debt split into instalments (evenly, the cents left over given
one each to the first instalments — the largest remainder, every share's remainder being equal), and whether the
plan is kept on a day.

A plan is kept while what the owner paid since it started covers every instalment due more than `GRACE_DAYS`
days ago (cumulatively: paying ahead counts for the next ones). The first instalment short past the grace breaks
it: the ladder resumes from the next run, the missed instalment named to the owner."""
from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

GRACE_DAYS = 15
MAX_INSTALMENTS = 60
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Instalment:
    number: int  # 1..n
    due_on: date
    amount: Decimal  # > 0, to the cent


def add_months(day: date, months: int) -> date:
    """The same day `months` later, the month's last day when it has fewer days (31 Jan + 1 → 28/29 Feb)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def split_evenly(total: Decimal, count: int, first_due: date, every_months: int = 1) -> list[Instalment]:
    """`total` in `count` instalments a month (or `every_months`) apart from `first_due`, summing to the cent:
    each the same number of cents, the remaining cents one each on the first instalments."""
    if count < 1 or total <= 0 or total != total.quantize(CENT) or total < count * CENT:
        raise ValueError("a positive amount to the cent, at least one cent per instalment")
    cents = int(total * 100)
    base, left = divmod(cents, count)
    return [Instalment(n, add_months(first_due, (n - 1) * every_months),
                       (Decimal(base + (1 if n <= left else 0)) / 100).quantize(CENT))
            for n in range(1, count + 1)]


def missed(instalments: Sequence[Instalment], paid: Decimal, today: date,
           grace: int = GRACE_DAYS) -> Instalment | None:
    """The first instalment not covered by `paid` (since the plan started) although due more than `grace` days
    before `today`; None while the plan is kept."""
    due = Decimal("0.00")
    for i in sorted(instalments, key=lambda x: (x.due_on, x.number)):
        if i.due_on + timedelta(days=grace) >= today:
            return None
        due += i.amount
        if paid < due:
            return i
    return None


def plan_end(instalments: Sequence[Instalment], grace: int = GRACE_DAYS) -> date:
    """The hold's end: the last instalment's date and its grace."""
    return max(i.due_on for i in instalments) + timedelta(days=grace)
