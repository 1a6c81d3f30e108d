"""What the notary's statement and the sale settlement read: a lot with its building, the lot's issued call shares,
an owner's lines in the building's books up to a day, the funds' balances at a day, the works under way, and the
settlements already made."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader

_LOT = """
SELECT u.id, u.building_id, u.number, u.quota, b.total_quota, b.name AS building_name, b.jurisdiction
FROM units u JOIN buildings b ON b.organization_id = u.organization_id AND b.id = u.building_id
WHERE u.organization_id = $1 AND u.id = $2
"""
# the lot's shares of issued calls, whoever was called
_LOT_SHARES = """
SELECT c.id AS call_id, c.kind, c.label, c.call_date, c.due_date, c.entry_id, s.owner_id,
       coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name, s.amount
FROM call_shares s
JOIN calls c ON c.organization_id = s.organization_id AND c.id = s.call_id
JOIN owners o ON o.organization_id = s.organization_id AND o.id = s.owner_id
WHERE s.organization_id = $1 AND s.unit_id = $2 AND c.status = 'issued'
ORDER BY c.due_date, c.call_date, c.id, s.line_no
"""
# an owner's lines in the building's books dated before the day (their sub-accounts of the owners' accounts)
_OWNER_LINES = """
SELECT l.entry_id, l.entry_date, l.debit, l.credit, l.unit_id FROM entry_lines l
JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
WHERE l.organization_id = $1 AND l.building_id = $2 AND l.owner_id = $3 AND l.entry_date < $4
  -- a cancelled call and its reversal are neither a debt nor a payment (what was paid on it stays a credit)
  AND NOT (e.source_kind = 'call_for_funds' AND EXISTS (
      SELECT 1 FROM calls k WHERE k.organization_id = $1 AND k.id = e.source_id AND k.status = 'cancelled'))
ORDER BY l.entry_date, e.posted_at, e.number, l.entry_id, l.line_no
"""
# each fund's balance (credits minus debits on its account) from the entries dated before the day
_FUNDS_ON = """
SELECT f.id, f.kind, f.name, f.sharing_key_id, f.account_code,
       coalesce((SELECT sum(l.credit - l.debit) FROM ledger_accounts a
                 JOIN entry_lines l ON l.organization_id = a.organization_id AND l.account_id = a.id
                 WHERE a.organization_id = f.organization_id AND a.building_id = f.building_id
                   AND a.code = f.account_code AND a.party = '' AND l.entry_date < $3), 0) AS balance
FROM funds f WHERE f.organization_id = $1 AND f.building_id = $2
ORDER BY CASE f.kind WHEN 'working' THEN 0 ELSE 1 END, f.account_code
"""
# works ordered and not yet charged to the owners (the accepted quote's total)
_WORKS = """
SELECT w.id, w.title, w.status, w.ordered_on, q.total FROM works w
LEFT JOIN quotes q ON q.organization_id = w.organization_id AND q.id = w.accepted_quote_id
WHERE w.organization_id = $1 AND w.building_id = $2 AND w.status IN ('ordered', 'reported', 'invoiced')
ORDER BY w.ordered_on NULLS LAST, w.title, w.id
"""
_SETTLEMENT_COLUMNS = ("id, building_id, unit_id, transfer_date, seller_id, buyer_id, working_fund_share, "
                       "refund_entry_id, buyer_call_id, created_at")
_SETTLEMENTS = f"""
SELECT {_SETTLEMENT_COLUMNS} FROM sale_settlements WHERE organization_id = $1 AND unit_id = $2
ORDER BY transfer_date DESC, created_at DESC
"""
_INSERT_SETTLEMENT = f"""
INSERT INTO sale_settlements (organization_id, building_id, unit_id, transfer_date, seller_id, buyer_id,
                              working_fund_share, refund_entry_id, buyer_call_id, created_by, id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {_SETTLEMENT_COLUMNS}
"""


@dataclass(frozen=True)
class Lot:
    id: UUID
    building_id: UUID
    number: str
    quota: int
    total_quota: int
    building_name: str
    jurisdiction: str


@dataclass(frozen=True)
class LotShare:
    call_id: UUID
    kind: str
    label: str
    call_date: date
    due_date: date
    entry_id: UUID
    owner_id: UUID
    owner_name: str
    amount: Decimal


@dataclass(frozen=True)
class OwnerLine:
    entry_id: UUID
    entry_date: date
    debit: Decimal
    credit: Decimal
    unit_id: UUID | None


@dataclass(frozen=True)
class FundOn:
    id: UUID
    kind: str
    name: str
    sharing_key_id: UUID | None
    account_code: str
    balance: Decimal


@dataclass(frozen=True)
class Work:
    id: UUID
    title: str
    status: str
    ordered_on: date | None
    total: Decimal | None


@dataclass(frozen=True)
class SaleSettlement:
    id: UUID
    building_id: UUID
    unit_id: UUID
    transfer_date: date
    seller_id: UUID
    buyer_id: UUID
    working_fund_share: Decimal
    refund_entry_id: UUID | None
    buyer_call_id: UUID | None
    created_at: datetime


_lot, _share, _line = reader(Lot), reader(LotShare), reader(OwnerLine)
_fund, _work, _settlement = reader(FundOn), reader(Work), reader(SaleSettlement)


async def lot(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> Lot | None:
    """The lot with its building's quota total, name and jurisdiction."""
    row = await conn.fetchrow(_LOT, org_id, unit_id)
    return _lot(row) if row else None


async def lot_shares(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> list[LotShare]:
    """The lot's parts of every issued call, by due date."""
    return [_share(r) for r in await conn.fetch(_LOT_SHARES, org_id, unit_id)]


async def owner_lines(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID,
                      before: date) -> list[OwnerLine]:
    """The owner's lines in the building's books dated before the day, oldest first."""
    return [_line(r) for r in await conn.fetch(_OWNER_LINES, org_id, building_id, owner_id, before)]


async def funds_on(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, before: date) -> list[FundOn]:
    """The building's funds with what each held from the entries dated before the day."""
    return [_fund(r) for r in await conn.fetch(_FUNDS_ON, org_id, building_id, before)]


async def works_under_way(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Work]:
    """The works ordered and not yet charged."""
    return [_work(r) for r in await conn.fetch(_WORKS, org_id, building_id)]


async def settlements(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> list[SaleSettlement]:
    """The lot's sale settlements, the latest first."""
    return [_settlement(r) for r in await conn.fetch(_SETTLEMENTS, org_id, unit_id)]


async def insert_settlement(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, unit_id: UUID,
                            transfer_date: date, seller_id: UUID, buyer_id: UUID, share: Decimal,
                            refund_entry_id: UUID | None, buyer_call_id: UUID | None,
                            user_id: UUID, settlement_id: UUID) -> SaleSettlement:
    """The settlement recorded (UniqueViolation when this transfer was already settled)."""
    row = await conn.fetchrow(_INSERT_SETTLEMENT, org_id, building_id, unit_id, transfer_date, seller_id, buyer_id,
                              share, refund_entry_id, buyer_call_id, user_id, settlement_id)
    assert row is not None  # INSERT … RETURNING returns its row or raises
    return _settlement(row)
