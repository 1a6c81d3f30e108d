"""The settlement's pure rules: what the regularisation entry posts to each owner, and how a credit is carried
onto the next calls (never lost)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")


def regularisation(parts: Sequence[tuple[Decimal, Decimal, Decimal]]) -> tuple[list[Decimal], Decimal]:
    """Per owner (charges X, already posted P, provisions Y): X − P − Y to debit (credit when negative), and the
    total the charges called take on the other side — the entry balances by construction."""
    amounts = [x - p - y for x, p, y in parts]
    return amounts, sum(amounts, ZERO)


@dataclass(frozen=True)
class Carried:
    """One call's amount, the credit taken off it and what is left to pay."""
    amount: Decimal
    credit: Decimal
    net: Decimal


def carry(calls: Sequence[tuple[date, Decimal]], credits: Sequence[tuple[date, Decimal]]) -> tuple[list[Carried],
                                                                                                  Decimal]:
    """Each credit (the day its period ended, its amount > 0) is taken off the calls due after that day, the
    earliest first, until it is used; `calls` are (due date, amount) in due order. Returns each call's part and the
    credit still to carry (nothing is lost: credits = taken + left)."""
    order = sorted((c for c in credits if c[1] > 0), key=lambda c: c[0])
    days = [day for day, _ in order]
    left = [amount for _, amount in order]
    out = []
    for due, amount in calls:
        taken = ZERO
        for i, day in enumerate(days):
            if day < due and left[i] > 0 and amount - taken > 0:
                use = min(left[i], amount - taken)
                left[i] -= use
                taken += use
        out.append(Carried(amount, taken, amount - taken))
    return out, sum(left, ZERO)
