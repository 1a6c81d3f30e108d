"""Collection's arithmetic, without I/O: an owner's payments and credits applied to their due items oldest due
first (what is still outstanding on each), how late an item is (age buckets), and which step of the reminder
ladder an item is due for."""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal("0.00")
BUCKETS = ("0-30", "31-60", "61-90", "90+")


@dataclass(frozen=True)
class Item:
    """Something the owner was debited for (a call's share, a charge, a settlement balance, a cost)."""
    key: Hashable
    due: date
    amount: Decimal  # > 0


@dataclass(frozen=True)
class Open:
    item: Item
    outstanding: Decimal  # 0 ≤ outstanding ≤ amount

    @property
    def paid(self) -> Decimal:
        return self.item.amount - self.outstanding


def impute(debts: Sequence[Decimal], credit: Decimal) -> list[Decimal]:
    """What is left of each debt (in the order given: the oldest first) once `credit` is imputed to them in turn —
    C. civ. art. 5.208: the debtor who does not say which debt they pay pays the oldest one."""
    left, out = credit, []
    for amount in debts:
        used = min(left, amount)
        left -= used
        out.append(amount - used)
    return out


def apply_credits(items: Sequence[Item], credit: Decimal) -> list[Open]:
    """Each item with what is left to pay once `credit` (payments and credits, ≥ 0) is applied to the oldest due
    first (ties in the order given); a credit beyond the items is an advance, not shown here."""
    if credit < 0 or any(i.amount <= 0 for i in items):
        raise ValueError("items are debts (> 0) and the credit is ≥ 0")
    ordered = sorted(items, key=lambda i: i.due)  # sorted() is stable: ties keep their order
    return [Open(item, left) for item, left in zip(ordered, impute([i.amount for i in ordered], credit), strict=True)]


def overdue(opens: Sequence[Open], today: date) -> list[Open]:
    """What is outstanding past its due date (due strictly before today)."""
    return [o for o in opens if o.outstanding > 0 and o.item.due < today]


def bucket(due: date, today: date) -> str:
    """The age bucket of an item due on `due`: days late 0–30, 31–60, 61–90, more than 90."""
    days = (today - due).days
    if days <= 30:
        return BUCKETS[0]
    if days <= 60:
        return BUCKETS[1]
    if days <= 90:
        return BUCKETS[2]
    return BUCKETS[3]


@dataclass(frozen=True)
class Step:
    number: int  # 1..4
    delay_days: int  # after the due date
    channel: str  # email | registered | lawyer
    cost: Decimal


DEFAULT_STEPS = (
    Step(1, 15, "email", ZERO),
    Step(2, 30, "email", ZERO),
    Step(3, 45, "registered", Decimal("15.00")),
    Step(4, 60, "lawyer", ZERO),
)


def next_step(steps: Sequence[Step], done: set[int]) -> Step | None:
    """The first step of the ladder not yet done for an item (None at the end of the ladder)."""
    return next((s for s in sorted(steps, key=lambda s: s.number) if s.number not in done), None)


def step_due(steps: Sequence[Step], done: set[int], due: date, today: date,
             waiting_registered: bool = False, last_sent: date | None = None) -> Step | None:
    """The step an item due on `due` is to be sent today: the next one not done, once its delay has passed and,
    after an earlier step sent on `last_sent`, once the ladder's gap between the two steps has passed too (a ladder
    resumed after a hold does not send its steps on consecutive days); none while a registered letter waits for its
    deposit to be recorded."""
    step = next_step(steps, done)
    if step is None or waiting_registered or today < step_on(steps, step, due, last_sent):
        return None
    return step


def step_on(steps: Sequence[Step], step: Step, due: date, last_sent: date | None = None) -> date:
    """The day `step` goes for an item due on `due`: its delay after the due date and, after the previous step
    sent on `last_sent`, the ladder's gap between the two steps after that."""
    on = due + timedelta(days=step.delay_days)
    previous = next((s for s in steps if s.number == step.number - 1), None)
    if last_sent is not None and previous is not None:
        on = max(on, last_sent + timedelta(days=step.delay_days - previous.delay_days))
    return on


def check_steps(steps: Sequence[Step]) -> list[str]:
    """What is wrong with a ladder: numbered 1.. without gaps, delays strictly increasing (codes, for messages)."""
    problems = []
    if [s.number for s in steps] != list(range(1, len(steps) + 1)):
        problems.append("numbers")
    if any(b.delay_days <= a.delay_days for a, b in zip(steps, steps[1:], strict=False)):
        problems.append("delays")
    return problems
