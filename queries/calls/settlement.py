"""A period's settlement (décompte) per owner: the provisions called against the charges allocated (and the part of
them the books already hold), and the settlements posted."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader

# provisions: issued calls of the kind whose period lies within the span; charges: expenses of the nature allocated
# on a day of it (a cancellation's negative lines included); posted: those of the charges whose allocation entry
# was posted at approval (or its reversal, at a cancellation)
_SETTLEMENT = """
WITH called AS (
    SELECT s.owner_id, sum(s.amount) AS amount FROM call_shares s
    JOIN calls c ON c.organization_id = s.organization_id AND c.id = s.call_id
    WHERE s.organization_id = $1 AND c.building_id = $2 AND c.status = 'issued' AND c.kind = $5
      AND c.period_start >= $3 AND c.period_end <= $4
    GROUP BY s.owner_id),
charged AS (
    SELECT l.owner_id, sum(l.amount) AS amount,
           coalesce(sum(l.amount) FILTER (WHERE EXISTS (
               SELECT 1 FROM journal_entries j WHERE j.organization_id = l.organization_id
                 AND j.source_kind = 'expense_allocation' AND j.source_id = l.expense_id)), 0) AS posted
    FROM charge_lines l
    JOIN expenses e ON e.organization_id = l.organization_id AND e.id = l.expense_id
    WHERE l.organization_id = $1 AND l.building_id = $2 AND l.charge_date BETWEEN $3 AND $4 AND e.nature = $6
    GROUP BY l.owner_id)
SELECT o.id AS owner_id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       coalesce(called.amount, 0) AS provisions, coalesce(charged.amount, 0) AS charges,
       coalesce(charged.posted, 0) AS already_posted
FROM called FULL JOIN charged ON charged.owner_id = called.owner_id
JOIN owners o ON o.organization_id = $1 AND o.id = coalesce(called.owner_id, charged.owner_id)
ORDER BY owner_name, o.id
"""


@dataclass(frozen=True)
class OwnerSettlement:
    owner_id: UUID
    owner_name: str
    provisions: Decimal
    charges: Decimal
    already_posted: Decimal

    @property
    def balance(self) -> Decimal:
        """What is left to pay (negative: a credit for the owner, carried to the next call)."""
        return self.charges - self.provisions

    @property
    def to_post(self) -> Decimal:
        """What the regularisation posts to the owner's account (debit; negative: credit)."""
        return self.charges - self.already_posted - self.provisions


_row = reader(OwnerSettlement)


async def settlement(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, first: date, last: date,
                     call_kind: str, nature: str) -> list[OwnerSettlement]:
    """Each owner's provisions of a kind against the charges of a nature, over [first, last]."""
    return [_row(r) for r in await conn.fetch(_SETTLEMENT, org_id, building_id, first, last, call_kind, nature)]


# an issued provisions call of the kind covers the day, and no posted settlement of the kind does
_AWAITS_SETTLEMENT = """
SELECT EXISTS (SELECT 1 FROM calls WHERE organization_id = $1 AND building_id = $2 AND kind = $3
                 AND status = 'issued' AND $4::date BETWEEN period_start AND period_end)
   AND NOT EXISTS (SELECT 1 FROM settlements WHERE organization_id = $1 AND building_id = $2 AND kind = $3
                     AND $4::date BETWEEN period_start AND period_end)
"""


async def awaits_settlement(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, call_kind: str,
                            day: date) -> bool:
    """True when the day's charges of the kind are funded by provisions and will be posted at the settlement."""
    return bool(await conn.fetchval(_AWAITS_SETTLEMENT, org_id, building_id, call_kind, day))


@dataclass(frozen=True)
class Posted:
    id: UUID
    building_id: UUID
    kind: str
    period_start: date
    period_end: date
    posted_at: datetime
    posted_by: UUID | None
    entry_id: UUID | None
    due_date: date


_COLUMNS = "id, building_id, kind, period_start, period_end, posted_at, posted_by, entry_id, due_date"
_posted = reader(Posted)
_OVERLAPPING = f"""
SELECT {_COLUMNS} FROM settlements WHERE organization_id = $1 AND building_id = $2 AND kind = $3
  AND period_start <= $5 AND period_end >= $4 LIMIT 1
"""
_INSERT = f"""
INSERT INTO settlements (organization_id, id, building_id, kind, period_start, period_end, posted_by, entry_id,
                         due_date)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {_COLUMNS}
"""
_INSERT_LINES = """
INSERT INTO settlement_lines (organization_id, settlement_id, owner_id, provisions, charges, already_posted, balance)
SELECT $1, $2, x.owner_id, x.provisions, x.charges, x.already_posted, x.charges - x.provisions
FROM unnest($3::uuid[], $4::numeric[], $5::numeric[], $6::numeric[]) AS x(owner_id, provisions, charges, already_posted)
"""
_LIST = f"""
SELECT {_COLUMNS} FROM settlements WHERE organization_id = $1 AND building_id = $2
ORDER BY period_start DESC, kind, posted_at DESC
"""


async def overlapping(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, kind: str, first: date,
                      last: date) -> Posted | None:
    """A posted settlement of the kind whose period overlaps [first, last]."""
    row = await conn.fetchrow(_OVERLAPPING, org_id, building_id, kind, first, last)
    return _posted(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, settlement_id: UUID, building_id: UUID, kind: str,
                 first: date, last: date, user_id: UUID | None, entry_id: UUID | None,
                 lines: list[OwnerSettlement], due_date: date) -> Posted:
    """Store the settlement (its id drawn by the caller, the entry's source) and its owners' lines."""
    posted = _posted(given_row(await conn.fetchrow(_INSERT, org_id, settlement_id, building_id, kind, first, last,
                                                   user_id, entry_id, due_date)))
    await conn.execute(_INSERT_LINES, org_id, posted.id, [x.owner_id for x in lines],
                       [x.provisions for x in lines], [x.charges for x in lines], [x.already_posted for x in lines])
    return posted


def given_row(row: asyncpg.Record | None) -> asyncpg.Record:
    """A RETURNING row (always there)."""
    assert row is not None
    return row


async def list_for_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Posted]:
    """The building's posted settlements, the latest period first."""
    return [_posted(r) for r in await conn.fetch(_LIST, org_id, building_id)]


@dataclass(frozen=True)
class Line:
    """One owner's line of a posted settlement, with its period (the "why do I owe this"), its due date and where a
    balance to pay goes: the working fund's account and the owner's structured communication for it."""
    settlement_id: UUID
    building_id: UUID
    building_name: str
    kind: str
    period_start: date
    period_end: date
    owner_id: UUID
    owner_name: str
    provisions: Decimal
    charges: Decimal
    already_posted: Decimal
    balance: Decimal
    due_date: date
    posted_at: datetime
    holder: str | None
    iban: str | None
    bic: str | None
    reference: int | None


_line = reader(Line)
_LINES = """
SELECT s.id AS settlement_id, s.building_id, b.name AS building_name, s.kind, s.period_start, s.period_end,
       l.owner_id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       l.provisions, l.charges, l.already_posted, l.balance, s.due_date, s.posted_at,
       f.holder, f.iban, f.bic, r.reference
FROM settlement_lines l
JOIN settlements s ON s.organization_id = l.organization_id AND s.id = l.settlement_id
JOIN buildings b ON b.organization_id = s.organization_id AND b.id = s.building_id
JOIN owners o ON o.organization_id = l.organization_id AND o.id = l.owner_id
LEFT JOIN funds f ON f.organization_id = s.organization_id AND f.building_id = s.building_id AND f.kind = 'working'
LEFT JOIN payment_references r ON r.organization_id = l.organization_id AND r.building_id = s.building_id
                              AND r.owner_id = l.owner_id AND r.fund_id = f.id
WHERE l.organization_id = $1 AND {where}
ORDER BY s.period_end, s.kind, owner_name, l.owner_id
"""
_LINES_OF_SETTLEMENT = _LINES.format(where="l.settlement_id = $2")
_LINES_OF_OWNER = _LINES.format(where="l.owner_id = $2")
_LINES_OF_BUILDING = _LINES.format(where="s.building_id = $2")


async def lines(conn: asyncpg.Connection, org_id: UUID, settlement_id: UUID) -> list[Line]:
    """A posted settlement's owners' lines."""
    return [_line(r) for r in await conn.fetch(_LINES_OF_SETTLEMENT, org_id, settlement_id)]


async def lines_of_owner(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> list[Line]:
    """An owner's lines in every posted settlement, the earliest period first."""
    return [_line(r) for r in await conn.fetch(_LINES_OF_OWNER, org_id, owner_id)]


async def lines_of_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Line]:
    """Every owner's line of the building's posted settlements."""
    return [_line(r) for r in await conn.fetch(_LINES_OF_BUILDING, org_id, building_id)]
