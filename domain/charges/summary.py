"""A building's charges for one year: by category and by month, with totals and statuses."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.charges.expense_input import CATEGORIES
from domain.register.buildings import get_building
from queries.charges import expenses as q
from queries.register import buildings as qb

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CategoryRow:
    code: str
    months: list[Decimal]

    @property
    def total(self) -> Decimal:
        """The category's year total."""
        return sum(self.months, ZERO)


@dataclass(frozen=True)
class YearSummary:
    """Allocated charges (approved at some point; reversals net cancellations out) and drafts pending."""
    building: qb.Building
    year: int
    rows: list[CategoryRow]
    months: list[Decimal]
    statuses: dict[str, tuple[int, Decimal]] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        """Everything allocated in the year."""
        return sum(self.months, ZERO)


def summarise(building: qb.Building, year: int, totals: list[q.MonthTotal]) -> YearSummary:
    """Fold the grouped totals into a category x month table (categories in chart order)."""
    table: dict[str, list[Decimal]] = {}
    statuses: dict[str, tuple[int, Decimal]] = {}
    for t in totals:
        count, amount = statuses.get(t.status, (0, ZERO))
        statuses[t.status] = (count + t.count, amount + t.total)
        if t.allocated:
            table.setdefault(t.category, [ZERO] * 12)[t.month - 1] += t.total
    rows = [CategoryRow(code, table[code]) for code in CATEGORIES if code in table]
    months = [sum((row.months[m] for row in rows), ZERO) for m in range(12)]
    return YearSummary(building, year, rows, months, statuses)


async def year_summary(conn: asyncpg.Connection, actor: Actor, building_id: UUID, year: int) -> YearSummary:
    """The charges page's figures for one building and year."""
    member = require(actor, "expense.read")
    building = await get_building(conn, member, building_id)
    return summarise(building, year, await q.year_totals(conn, member.org_id, building.id, year))


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    height: int
    month: int
    value: Decimal


def bars(months: list[Decimal], width: int = 24, gap: int = 6, height: int = 120) -> list[Bar]:
    """Bar geometry for a 12-month SVG chart (negative months drawn as empty)."""
    top = max([m for m in months if m > 0], default=Decimal(0))
    result = []
    for i, value in enumerate(months):
        h = int(value * height / top) if top and value > 0 else 0
        result.append(Bar(i * (width + gap), height - h, h, i + 1, value))
    return result
