"""Owners' accounts per building: payments received, statements, balances and latest charges."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.platform import audit
from queries.register import buildings as qb
from queries.rows import reader

_NAME = "coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))"


@dataclass(frozen=True)
class Payment:
    id: UUID
    building_id: UUID
    owner_id: UUID
    owner_name: str
    amount: Decimal
    paid_on: date
    reference: str | None


_payment = reader(Payment)


@dataclass(frozen=True)
class Entry:
    day: date
    kind: str  # charge | payment | opening (a balance taken over from the previous books)
    id: UUID
    label: str
    unit_number: str | None
    debit: Decimal
    credit: Decimal
    expense_id: UUID | None


_entry = reader(Entry)


@dataclass(frozen=True)
class Balance:
    building_id: UUID
    building_name: str
    charged: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        """What the owner still owes (negative: an advance)."""
        return self.charged - self.paid


_balance = reader(Balance)


@dataclass(frozen=True)
class OwnerRef:
    id: UUID
    name: str
    user_id: UUID | None


_owner_ref = reader(OwnerRef)


# The payment, only from someone who holds or held a right in the building, and its audit entry ($7 and $8:
# the user and role acting), in one statement: no row back when the owner has no lot there.
_PAY_IN = f"""
WITH p AS (INSERT INTO owner_payments (organization_id, building_id, owner_id, amount, paid_on, reference, created_by)
           SELECT $1::uuid, $2::uuid, $3::uuid, $4::numeric, $5::date, $6::text, $7::uuid
           WHERE EXISTS (SELECT 1 FROM unit_owners r
                         JOIN units u ON u.organization_id = r.organization_id AND u.id = r.unit_id
                         WHERE r.organization_id = $1 AND r.owner_id = $3 AND u.building_id = $2)
           RETURNING *),
{audit.logging_creation("p", "owner_payment", 7)}
SELECT p.id, p.building_id, p.owner_id, {_NAME} AS owner_name, p.amount, p.paid_on, p.reference
FROM p JOIN owners o ON o.organization_id = p.organization_id AND o.id = p.owner_id
"""
_PAYMENTS = f"""
SELECT p.id, p.building_id, p.owner_id, {_NAME} AS owner_name, p.amount, p.paid_on, p.reference
FROM owner_payments p JOIN owners o ON o.organization_id = p.organization_id AND o.id = p.owner_id
WHERE p.organization_id = $1 AND p.building_id = $2 ORDER BY p.paid_on DESC, p.created_at DESC LIMIT $3
"""
# An owner's account is read from the books: the lines of their sub-accounts (a line with owner_id), each with
# its entry's label and kind, across fiscal years (the opening journal's carried balances left out: they repeat
# what the earlier lines add up to); a charge carries its charge line's id (for "why do I owe this") and its expense.
_BOOK_LINES = """
SELECT l.entry_date AS day,
       CASE e.source_kind WHEN 'expense_allocation' THEN 'charge' WHEN 'owner_payment' THEN 'payment'
                          WHEN 'opening_balance' THEN 'opening' ELSE 'entry' END AS kind,
       coalesce((SELECT c.id FROM charge_lines c WHERE c.organization_id = l.organization_id
                 AND c.expense_id = e.source_id AND c.unit_id = l.unit_id AND c.owner_id = l.owner_id
                 AND e.source_kind = 'expense_allocation'), e.id) AS id,
       CASE e.source_kind WHEN 'owner_payment' THEN coalesce(e.document_ref, '') WHEN 'opening_balance' THEN ''
                          WHEN 'settlement' THEN coalesce(l.label, e.label) ELSE e.label END AS label,
       (SELECT u.number FROM units u WHERE u.organization_id = l.organization_id AND u.id = l.unit_id) AS unit_number,
       l.debit, l.credit,
       CASE WHEN e.source_kind = 'expense_allocation' THEN e.source_id END AS expense_id
FROM entry_lines l JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
"""
_ENTRIES = _BOOK_LINES + """
WHERE l.organization_id = $1 AND l.owner_id = $2 AND l.building_id = $3 AND l.entry_date BETWEEN $4 AND $5
  AND e.source_kind <> 'opening'
ORDER BY day, kind, unit_number, id
"""
# A statement's head in one query: the owner, the building (NULLs when it is not the organisation's) and the
# opening balance before $4 (their sub-accounts' balance); no row when the owner is not the organisation's.
_HEAD = f"""
SELECT o.id, {_NAME} AS name, o.user_id,
       coalesce((SELECT sum(l.debit - l.credit) FROM entry_lines l WHERE l.organization_id = $1 AND l.owner_id = $2
                 AND l.building_id = b.id AND l.entry_date < $4
                 AND NOT EXISTS (SELECT 1 FROM journal_entries ce WHERE ce.organization_id = l.organization_id
                                 AND ce.id = l.entry_id AND ce.source_kind = 'opening')), 0) AS opening,
       {", ".join("b." + c for c in qb.COLUMNS)}
FROM owners o LEFT JOIN buildings b ON b.organization_id = o.organization_id AND b.id = $3
WHERE o.organization_id = $1 AND o.id = $2
"""
_BALANCES = """
WITH t AS (SELECT l.building_id, sum(l.debit) AS charged, sum(l.credit) AS paid FROM entry_lines l
           WHERE l.organization_id = $1 AND l.owner_id = ANY($2::uuid[])
                 AND NOT EXISTS (SELECT 1 FROM journal_entries ce WHERE ce.organization_id = l.organization_id
                                 AND ce.id = l.entry_id AND ce.source_kind = 'opening')
           GROUP BY l.building_id)
SELECT b.id AS building_id, b.name AS building_name, t.charged, t.paid
FROM buildings b JOIN t ON t.building_id = b.id
WHERE b.organization_id = $1
ORDER BY lower(b.name), b.id
"""
_LATEST = _BOOK_LINES + """
WHERE l.organization_id = $1 AND l.owner_id = ANY($2::uuid[]) AND e.source_kind = 'expense_allocation'
ORDER BY l.entry_date DESC, e.posted_at DESC, l.line_no LIMIT $3
"""
_OWNER = f"SELECT o.id, {_NAME} AS name, o.user_id FROM owners o WHERE o.organization_id = $1 AND o.id = $2"
_OWNERS_OF_BUILDING = f"""
SELECT DISTINCT o.id, {_NAME} AS name, o.user_id
FROM owners o
JOIN unit_owners r ON r.organization_id = o.organization_id AND r.owner_id = o.id
JOIN units u ON u.organization_id = r.organization_id AND u.id = r.unit_id
WHERE o.organization_id = $1 AND u.building_id = $2 ORDER BY name, o.id
"""


async def insert_payment(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID,
                         amount: Decimal, paid_on: date, reference: str | None, user_id: UUID,
                         role: str | None) -> Payment | None:
    """Record a payment received from an owner of the building, with its audit entry (by this user in this
    role); None (nothing written) when the owner holds and held no lot in the building."""
    row = await conn.fetchrow(_PAY_IN, org_id, building_id, owner_id, amount, paid_on, reference, user_id, role)
    return _payment(row) if row else None


_OPENINGS = """
INSERT INTO opening_balances (organization_id, building_id, owner_id, amount, as_of, created_by)
SELECT $1, $2, o, a, d, $3 FROM unnest($4::uuid[], $5::numeric[], $6::date[]) AS x(o, a, d)
"""


async def insert_opening_balances(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, user_id: UUID,
                                  rows: list[tuple[UUID, Decimal, date]]) -> None:
    """Balances taken over from the previous books: (owner, amount owed or negative when paid ahead, date)."""
    if rows:
        await conn.execute(_OPENINGS, org_id, building_id, user_id, [r[0] for r in rows], [r[1] for r in rows],
                           [r[2] for r in rows])


async def payments(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, limit: int = 50) -> list[Payment]:
    """The latest payments received for a building."""
    return [_payment(r) for r in await conn.fetch(_PAYMENTS, org_id, building_id, limit)]


async def entries(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, building_id: UUID, start: date,
                  end: date) -> list[Entry]:
    """An owner's movements in a building between two dates (inclusive), in date order, from the books."""
    return [_entry(r) for r in await conn.fetch(_ENTRIES, org_id, owner_id, building_id, start, end)]


async def statement_head(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, building_id: UUID,
                         start: date) -> tuple[OwnerRef, qb.Building | None, Decimal] | None:
    """(owner, building or None when not the organisation's, balance owed before `start`) in one query;
    None when the owner is not the organisation's."""
    row = await conn.fetchrow(_HEAD, org_id, owner_id, building_id, start)
    if row is None:
        return None
    values = tuple(row)
    building = qb.from_values(values[4:]) if values[4] is not None else None
    return OwnerRef(values[0], values[1], values[2]), building, values[3]


async def balances(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> list[Balance]:
    """Charged and paid per building for these owner records."""
    return [_balance(r) for r in await conn.fetch(_BALANCES, org_id, owner_ids)]


async def latest_charges(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID], limit: int) -> list[Entry]:
    """The most recent charge lines of these owner records."""
    return [_entry(r) for r in await conn.fetch(_LATEST, org_id, owner_ids, limit)]


async def owner(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> OwnerRef | None:
    """An owner's id, display name and linked user."""
    row = await conn.fetchrow(_OWNER, org_id, owner_id)
    return _owner_ref(row) if row else None


async def owners_of_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[OwnerRef]:
    """Everyone who holds or held a right in the building, by name."""
    return [_owner_ref(r) for r in await conn.fetch(_OWNERS_OF_BUILDING, org_id, building_id)]
