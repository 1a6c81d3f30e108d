"""Budgets and their lines; the previous year's ordinary charges read from the books."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from queries.rows import reader

_COLUMNS = ("b.id, b.building_id, b.year_start, b.year_end, b.label, b.frequency, b.due_after_days, b.status, "
            "b.resolution_id, b.approved_at, b.created_at")
_TOTALS = """coalesce((SELECT sum(amount) FROM budget_lines l WHERE l.organization_id = b.organization_id
                       AND l.budget_id = b.id AND l.section = 'ordinary'), 0) AS ordinary,
             coalesce((SELECT sum(amount) FROM budget_lines l WHERE l.organization_id = b.organization_id
                       AND l.budget_id = b.id AND l.section = 'extraordinary'), 0) AS extraordinary,
             coalesce((SELECT sum(amount) FROM budget_lines l WHERE l.organization_id = b.organization_id
                       AND l.budget_id = b.id AND l.section = 'reserve'), 0) AS reserve"""
_LIST = f"""SELECT {_COLUMNS}, {_TOTALS} FROM budgets b WHERE b.organization_id = $1 AND b.building_id = $2
ORDER BY b.year_start DESC, b.created_at DESC"""
_GET = f"SELECT {_COLUMNS}, {_TOTALS} FROM budgets b WHERE b.organization_id = $1 AND b.id = $2"
_LOCK = f"SELECT {_COLUMNS} FROM budgets b WHERE b.organization_id = $1 AND b.id = $2 FOR UPDATE"
_INSERT = """
INSERT INTO budgets (organization_id, building_id, year_start, year_end, label, frequency, due_after_days)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
"""
_INSERT_LINES = """
INSERT INTO budget_lines (organization_id, budget_id, line_no, section, account_code, label, sharing_key_id, fund_id,
                          amount)
SELECT $1, $2, i, s, a, lb, k, f, m
FROM unnest($3::text[], $4::text[], $5::text[], $6::uuid[], $7::uuid[], $8::numeric[]) WITH ORDINALITY
     AS t(s, a, lb, k, f, m, i)
"""
_LINES = """
SELECT l.line_no, l.section, l.account_code, l.label, l.sharing_key_id, k.name AS key_name, l.fund_id,
       fu.name AS fund_name, l.amount
FROM budget_lines l
LEFT JOIN sharing_keys k ON k.organization_id = l.organization_id AND k.id = l.sharing_key_id
LEFT JOIN funds fu ON fu.organization_id = l.organization_id AND fu.id = l.fund_id
WHERE l.organization_id = $1 AND l.budget_id = $2 ORDER BY l.line_no
"""
_SUPERSEDE = """
UPDATE budgets SET status = 'superseded' WHERE organization_id = $1 AND building_id = $2 AND year_start = $3
AND status = 'approved' AND id <> $4
"""
_APPROVE = """
UPDATE budgets SET status = 'approved', resolution_id = $3, approved_at = now(), approved_by = $4
WHERE organization_id = $1 AND id = $2
"""
# an adopted resolution of an assembly of the building
_RESOLUTION = """
SELECT i.adopted FROM agenda_items i JOIN meetings m ON m.organization_id = i.organization_id AND m.id = i.meeting_id
WHERE i.organization_id = $1 AND i.id = $2 AND m.building_id = $3
"""
# the ordinary charges (class 6, reserve-fund use 68x left out) booked in the days given
_CHARGES = """
SELECT coalesce(sum(l.debit - l.credit), 0) FROM entry_lines l
JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
WHERE l.organization_id = $1 AND l.building_id = $2 AND l.entry_date BETWEEN $3 AND $4
AND a.code LIKE '6%' AND a.code NOT LIKE '68%'
"""
_LOTS = """SELECT count(*) FROM units WHERE organization_id = $1 AND building_id = $2"""


@dataclass(frozen=True)
class Budget:
    id: UUID
    building_id: UUID
    year_start: date
    year_end: date
    label: str
    frequency: str
    due_after_days: int
    status: str
    resolution_id: UUID | None
    approved_at: datetime | None
    created_at: datetime
    ordinary: Decimal = Decimal(0)
    extraordinary: Decimal = Decimal(0)
    reserve: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        """Everything the budget calls."""
        return self.ordinary + self.extraordinary + self.reserve


@dataclass(frozen=True)
class Line:
    line_no: int
    section: str
    account_code: str
    label: str
    sharing_key_id: UUID | None
    key_name: str | None
    fund_id: UUID | None
    fund_name: str | None
    amount: Decimal


_budget, _line = reader(Budget), reader(Line)


async def list_for_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Budget]:
    """The building's budgets, the latest year first."""
    return [_budget(r) for r in await conn.fetch(_LIST, org_id, building_id)]


async def get(conn: asyncpg.Connection, org_id: UUID, budget_id: UUID) -> Budget | None:
    """One budget with its totals per section."""
    row = await conn.fetchrow(_GET, org_id, budget_id)
    return _budget(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, budget_id: UUID) -> Budget | None:
    """One budget, locked until the transaction ends (totals not read)."""
    row = await conn.fetchrow(_LOCK, org_id, budget_id)
    return _budget(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year_start: date, year_end: date,
                 label: str, frequency: str, due_after_days: int) -> UUID:
    """A new draft budget."""
    return await conn.fetchval(_INSERT, org_id, building_id, year_start, year_end, label, frequency, due_after_days)


async def insert_lines(conn: asyncpg.Connection, org_id: UUID, budget_id: UUID,
                       lines: Sequence[tuple[str, str, str, UUID | None, UUID | None, Decimal]]) -> None:
    """The budget's lines: (section, account, label, key, fund, amount), numbered in order."""
    cols: list[list[Any]] = [list(c) for c in zip(*lines, strict=True)] if lines else [[] for _ in range(6)]
    await conn.execute(_INSERT_LINES, org_id, budget_id, *cols)


async def lines(conn: asyncpg.Connection, org_id: UUID, budget_id: UUID) -> list[Line]:
    """The budget's lines in order, with their key's and fund's names."""
    return [_line(r) for r in await conn.fetch(_LINES, org_id, budget_id)]


async def approve(conn: asyncpg.Connection, org_id: UUID, budget: Budget, resolution_id: UUID,
                  user_id: UUID) -> None:
    """The budget in force for its year, the one it replaces superseded."""
    await conn.execute(_SUPERSEDE, org_id, budget.building_id, budget.year_start, budget.id)
    await conn.execute(_APPROVE, org_id, budget.id, resolution_id, user_id)


async def resolution_adopted(conn: asyncpg.Connection, org_id: UUID, resolution_id: UUID,
                             building_id: UUID) -> bool | None:
    """Whether the building's resolution was adopted (None: no such resolution in the building)."""
    row = await conn.fetchrow(_RESOLUTION, org_id, resolution_id, building_id)
    return None if row is None else bool(row["adopted"])


async def ordinary_charges(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, first: date,
                           last: date) -> Decimal:
    """The ordinary charges booked between two days (both included)."""
    return await conn.fetchval(_CHARGES, org_id, building_id, first, last)


async def lot_count(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> int:
    """How many lots the building has."""
    return await conn.fetchval(_LOTS, org_id, building_id)


_ADOPTED = """
SELECT i.id, m.title AS meeting_title, m.scheduled_at::date AS meeting_day, i.position, i.title
FROM agenda_items i JOIN meetings m ON m.organization_id = i.organization_id AND m.id = i.meeting_id
WHERE i.organization_id = $1 AND m.building_id = $2 AND i.adopted
ORDER BY m.scheduled_at DESC, i.position LIMIT 50
"""


@dataclass(frozen=True)
class Resolution:
    id: UUID
    meeting_title: str
    meeting_day: date
    position: int
    title: str


_resolution = reader(Resolution)


async def adopted_resolutions(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Resolution]:
    """The building's adopted resolutions, the latest assembly first (the budget's vote among them)."""
    return [_resolution(r) for r in await conn.fetch(_ADOPTED, org_id, building_id)]


# what the books hold on each of the given accounts between two days (charges: debit − credit)
_ACTUAL = """
SELECT a.code, sum(l.debit - l.credit) AS amount FROM entry_lines l
JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
WHERE l.organization_id = $1 AND l.building_id = $2 AND l.entry_date BETWEEN $3 AND $4 AND a.code = ANY($5::text[])
  AND a.party = ''
GROUP BY a.code
"""


async def actual_by_account(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, first: date, last: date,
                            codes: list[str]) -> dict[str, Decimal]:
    """Per account code, the amount booked between two days (both included)."""
    return {r["code"]: r["amount"] for r in await conn.fetch(_ACTUAL, org_id, building_id, first, last, codes)}


# the voted budgets of the buildings covering the day whose year has no call yet (neither draft nor issued)
_UNCALLED = f"""
SELECT {_COLUMNS} FROM budgets b
WHERE b.organization_id = $1 AND b.building_id = ANY($2::uuid[]) AND b.status = 'approved'
  AND $3::date BETWEEN b.year_start AND b.year_end
  AND NOT EXISTS (SELECT 1 FROM calls c JOIN budgets o ON o.organization_id = c.organization_id AND o.id = c.budget_id
                  WHERE c.organization_id = b.organization_id AND c.building_id = b.building_id
                    AND o.year_start = b.year_start)
ORDER BY b.building_id FOR UPDATE OF b
"""
_LINES_OF = """
SELECT l.budget_id, l.line_no, l.section, l.account_code, l.label, l.sharing_key_id, k.name AS key_name, l.fund_id,
       fu.name AS fund_name, l.amount
FROM budget_lines l
LEFT JOIN sharing_keys k ON k.organization_id = l.organization_id AND k.id = l.sharing_key_id
LEFT JOIN funds fu ON fu.organization_id = l.organization_id AND fu.id = l.fund_id
WHERE l.organization_id = $1 AND l.budget_id = ANY($2::uuid[]) ORDER BY l.budget_id, l.line_no
"""


async def uncalled(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID], day: date) -> list[Budget]:
    """The buildings' voted budgets covering `day` whose year was not called yet, locked."""
    return [_budget(r) for r in await conn.fetch(_UNCALLED, org_id, building_ids, day)]


async def lines_of(conn: asyncpg.Connection, org_id: UUID, budget_ids: list[UUID]) -> dict[UUID, list[Line]]:
    """The lines of many budgets: {budget: lines in order}."""
    out: dict[UUID, list[Line]] = {b: [] for b in budget_ids}
    for r in await conn.fetch(_LINES_OF, org_id, budget_ids):
        out[r["budget_id"]].append(_line(r))
    return out
