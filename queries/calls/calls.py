"""Calls for funds, the owners' shares of issued calls, and the structured references owners pay with."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from queries.rows import reader

_COLUMNS = ("c.id, c.building_id, c.budget_id, c.kind, c.fund_id, c.label, c.period_start, c.period_end, "
            "c.call_date, c.due_date, c.total, c.sharing_key_id, c.status, c.issued_at, c.entry_id, c.created_at")
_LIST = f"""SELECT {_COLUMNS} FROM calls c WHERE c.organization_id = $1 AND c.building_id = $2
ORDER BY c.call_date, c.kind, c.created_at, c.id"""
_GET = f"SELECT {_COLUMNS} FROM calls c WHERE c.organization_id = $1 AND c.id = $2"
_LOCK = _GET + " FOR UPDATE"
_INSERT = """
INSERT INTO calls (organization_id, building_id, budget_id, kind, fund_id, label, period_start, period_end, call_date,
                   due_date, total, sharing_key_id)
SELECT $1, $2, $3, k, f, lb, ps, pe, cd, dd, t, sk
FROM unnest($4::text[], $5::uuid[], $6::text[], $7::date[], $8::date[], $9::date[], $10::date[], $11::numeric[],
            $12::uuid[]) WITH ORDINALITY AS x(k, f, lb, ps, pe, cd, dd, t, sk, i)
ORDER BY x.i
RETURNING id
"""
# the draft calls of the building's budgets for a year (replaced when the year's calls are generated again)
_DROP_DRAFTS = """
DELETE FROM calls c WHERE c.organization_id = $1 AND c.building_id = $2 AND c.status = 'draft'
AND c.budget_id IN (SELECT b.id FROM budgets b WHERE b.organization_id = $1 AND b.building_id = $2
                    AND b.year_start = $3)
"""
_ISSUED_OF_YEAR = f"""
SELECT {_COLUMNS} FROM calls c WHERE c.organization_id = $1 AND c.building_id = $2 AND c.status = 'issued'
AND c.budget_id IN (SELECT b.id FROM budgets b WHERE b.organization_id = $1 AND b.building_id = $2
                    AND b.year_start = $3)
"""
_SHARES_IN = """
INSERT INTO call_shares (organization_id, call_id, line_no, building_id, unit_id, unit_number, owner_id, weight,
                         key_total, lot_amount, days, amount, adjustment)
SELECT $1, $2, i, $3, u, n, o, w, kt, la, d, a, j
FROM unnest($4::uuid[], $5::text[], $6::uuid[], $7::numeric[], $8::numeric[], $9::numeric[], $10::int[],
            $11::numeric[], $12::numeric[]) WITH ORDINALITY AS x(u, n, o, w, kt, la, d, a, j, i)
"""
_ISSUE = """
UPDATE calls SET status = 'issued', issued_at = now(), issued_by = $3, entry_id = $4
WHERE organization_id = $1 AND id = $2
"""
_SHARES = """
SELECT s.line_no, s.unit_id, s.unit_number, s.owner_id,
       coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       s.weight, s.key_total, s.lot_amount, s.days, s.amount, s.adjustment, r.reference
FROM call_shares s
JOIN calls c ON c.organization_id = s.organization_id AND c.id = s.call_id
JOIN owners o ON o.organization_id = s.organization_id AND o.id = s.owner_id
LEFT JOIN payment_references r ON r.organization_id = s.organization_id AND r.building_id = c.building_id
                              AND r.owner_id = s.owner_id AND r.fund_id = c.fund_id
WHERE s.organization_id = $1 AND s.call_id = $2 ORDER BY s.line_no
"""
# one reference per owner not holding one yet for the fund: ten random digits, the unique index refusing a twin
_REFERENCES_IN = """
INSERT INTO payment_references (organization_id, building_id, owner_id, fund_id, reference)
SELECT $1, $2, o, $3, 1 + floor(random() * 9999999999)::bigint FROM unnest($4::uuid[]) AS o
ON CONFLICT (organization_id, building_id, owner_id, fund_id) DO NOTHING
"""
_YEAR_STATE = """
SELECT state FROM fiscal_years WHERE organization_id = $1 AND building_id = $2 AND $3::date BETWEEN starts_on AND ends_on
"""
_DUES = """
SELECT c.id AS call_id, c.building_id, b.name AS building_name, c.kind, c.label, c.period_start, c.period_end,
       c.call_date, c.due_date, s.unit_number, s.amount, f.holder, f.iban, f.bic, r.reference
FROM call_shares s
JOIN calls c ON c.organization_id = s.organization_id AND c.id = s.call_id
JOIN buildings b ON b.organization_id = c.organization_id AND b.id = c.building_id
JOIN funds f ON f.organization_id = c.organization_id AND f.id = c.fund_id
LEFT JOIN payment_references r ON r.organization_id = s.organization_id AND r.building_id = c.building_id
                              AND r.owner_id = s.owner_id AND r.fund_id = c.fund_id
WHERE s.organization_id = $1 AND s.owner_id = $2 AND c.status = 'issued'
ORDER BY c.due_date DESC, c.id, s.line_no
"""


@dataclass(frozen=True)
class Call:
    id: UUID
    building_id: UUID
    budget_id: UUID | None
    kind: str
    fund_id: UUID
    label: str
    period_start: date | None
    period_end: date | None
    call_date: date
    due_date: date
    total: Decimal
    sharing_key_id: UUID | None
    status: str
    issued_at: datetime | None
    entry_id: UUID | None
    created_at: datetime


@dataclass(frozen=True)
class NewCall:
    kind: str
    fund_id: UUID
    label: str
    period_start: date | None
    period_end: date | None
    call_date: date
    due_date: date
    total: Decimal
    sharing_key_id: UUID | None


@dataclass(frozen=True)
class StoredShare:
    line_no: int
    unit_id: UUID
    unit_number: str
    owner_id: UUID
    owner_name: str
    weight: Decimal
    key_total: Decimal
    lot_amount: Decimal
    days: int | None
    amount: Decimal
    adjustment: Decimal
    reference: int | None


@dataclass(frozen=True)
class Due:
    call_id: UUID
    building_id: UUID
    building_name: str
    kind: str
    label: str
    period_start: date | None
    period_end: date | None
    call_date: date
    due_date: date
    unit_number: str
    amount: Decimal
    holder: str
    iban: str
    bic: str | None
    reference: int | None


_call, _share, _due = reader(Call), reader(StoredShare), reader(Due)


def _columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    return [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(width)]


async def list_for_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Call]:
    """The building's calls by date."""
    return [_call(r) for r in await conn.fetch(_LIST, org_id, building_id)]


async def get(conn: asyncpg.Connection, org_id: UUID, call_id: UUID) -> Call | None:
    """One call."""
    row = await conn.fetchrow(_GET, org_id, call_id)
    return _call(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, call_id: UUID) -> Call | None:
    """One call, locked until the transaction ends (issuing twice waits, then sees it issued)."""
    row = await conn.fetchrow(_LOCK, org_id, call_id)
    return _call(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, budget_id: UUID | None,
                 calls: Sequence[NewCall]) -> list[UUID]:
    """Draft calls, in one statement; their ids in order."""
    rows = [(c.kind, c.fund_id, c.label, c.period_start, c.period_end, c.call_date, c.due_date, c.total,
             c.sharing_key_id) for c in calls]
    return [r["id"] for r in await conn.fetch(_INSERT, org_id, building_id, budget_id, *_columns(rows, 9))]


async def drop_drafts(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year_start: date) -> None:
    """Remove the year's calls not issued yet (before they are generated again)."""
    await conn.execute(_DROP_DRAFTS, org_id, building_id, year_start)


async def issued_of_year(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year_start: date) -> list[Call]:
    """The year's calls already issued from its budgets."""
    return [_call(r) for r in await conn.fetch(_ISSUED_OF_YEAR, org_id, building_id, year_start)]


async def store_shares(conn: asyncpg.Connection, org_id: UUID, call_id: UUID, building_id: UUID,
                       shares: Sequence[tuple[UUID, str, UUID, Decimal, Decimal, Decimal, int | None, Decimal,
                                              Decimal]]) -> None:
    """Each owner's part per lot: (unit, number, owner, weight, key total, lot amount, days, amount, adjustment)."""
    await conn.execute(_SHARES_IN, org_id, call_id, building_id, *_columns(shares, 9))


async def mark_issued(conn: asyncpg.Connection, org_id: UUID, call_id: UUID, user_id: UUID, entry_id: UUID) -> None:
    """The call issued, with the entry it posted."""
    await conn.execute(_ISSUE, org_id, call_id, user_id, entry_id)


async def shares(conn: asyncpg.Connection, org_id: UUID, call_id: UUID) -> list[StoredShare]:
    """The stored shares of an issued call with the owners' names and references."""
    return [_share(r) for r in await conn.fetch(_SHARES, org_id, call_id)]


async def ensure_references(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, fund_id: UUID,
                            owners: list[UUID]) -> None:
    """A reference for each owner who has none for the fund yet (UniqueViolation on a random twin: retry)."""
    await conn.execute(_REFERENCES_IN, org_id, building_id, fund_id, owners)


async def year_state(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, day: date) -> str | None:
    """The state of the fiscal year covering the day (None: none yet)."""
    return await conn.fetchval(_YEAR_STATE, org_id, building_id, day)


async def dues(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> list[Due]:
    """What an owner was called for, per call and lot, with where to pay and the reference."""
    return [_due(r) for r in await conn.fetch(_DUES, org_id, owner_id)]


_CONTACTS = """
SELECT id, coalesce(company_name, concat_ws(' ', first_name, last_name)) AS name, email, language,
       accepts_email_notices FROM owners WHERE organization_id = $1 AND id = ANY($2::uuid[]) ORDER BY id
"""


@dataclass(frozen=True)
class Contact:
    id: UUID
    name: str
    email: str | None
    language: str
    accepts_email_notices: bool


_contact = reader(Contact)


async def contacts(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> list[Contact]:
    """How to reach each owner: e-mail (when they accept notices by e-mail) and language."""
    return [_contact(r) for r in await conn.fetch(_CONTACTS, org_id, owner_ids)]
