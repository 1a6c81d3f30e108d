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


# --- many calls at once (a firm's quarter: every building's calls issued in one transaction) ---

_DUE_DRAFTS = f"""
SELECT {_COLUMNS} FROM calls c
WHERE c.organization_id = $1 AND c.building_id = ANY($2::uuid[]) AND c.status = 'draft' AND c.call_date <= $3
ORDER BY c.building_id, c.call_date, c.kind, c.created_at, c.id FOR UPDATE
"""
_LOCK_MANY = f"""
SELECT {_COLUMNS} FROM calls c WHERE c.organization_id = $1 AND c.id = ANY($2::uuid[])
ORDER BY c.building_id, c.call_date, c.kind, c.created_at, c.id FOR UPDATE
"""
# the (building, day) pairs falling in a closed fiscal year
_CLOSED_ON = """
SELECT x.b AS building_id, x.d AS day FROM unnest($2::uuid[], $3::date[]) AS x(b, d)
JOIN fiscal_years y ON y.organization_id = $1 AND y.building_id = x.b AND x.d BETWEEN y.starts_on AND y.ends_on
WHERE y.state = 'closed' ORDER BY x.b, x.d
"""
_INSERT_MANY = """
INSERT INTO calls (organization_id, building_id, budget_id, kind, fund_id, label, period_start, period_end, call_date,
                   due_date, total, sharing_key_id)
SELECT $1, b, bu, k, f, lb, ps, pe, cd, dd, t, sk
FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::date[], $8::date[], $9::date[],
            $10::date[], $11::numeric[], $12::uuid[]) WITH ORDINALITY AS x(b, bu, k, f, lb, ps, pe, cd, dd, t, sk, i)
ORDER BY x.i
RETURNING id
"""
_SHARE_COLUMNS = ("organization_id", "call_id", "line_no", "building_id", "unit_id", "unit_number", "owner_id",
                  "weight", "key_total", "lot_amount", "days", "amount", "adjustment")
_ISSUE_MANY = f"""
UPDATE calls c SET status = 'issued', issued_at = now(), issued_by = $2, entry_id = x.e
FROM unnest($3::uuid[], $4::uuid[]) AS x(id, e)
WHERE c.organization_id = $1 AND c.id = x.id
RETURNING {_COLUMNS}
"""
_REFERENCES_MANY = """
INSERT INTO payment_references (organization_id, building_id, owner_id, fund_id, reference)
SELECT $1, b, o, f, 1 + floor(random() * 9999999999)::bigint FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS x(b, f, o)
ON CONFLICT (organization_id, building_id, owner_id, fund_id) DO NOTHING
"""
_REFERENCES_OF = """
SELECT r.building_id, r.fund_id, r.owner_id, r.reference
FROM unnest($2::uuid[], $3::uuid[], $4::uuid[]) AS x(b, f, o)
JOIN payment_references r ON r.organization_id = $1 AND r.building_id = x.b AND r.fund_id = x.f AND r.owner_id = x.o
"""


@dataclass(frozen=True)
class BuiltCall:
    """A draft call to insert for a building (the firm's generation writes many buildings' at once)."""
    building_id: UUID
    budget_id: UUID | None
    call: NewCall


@dataclass(frozen=True)
class ShareRow:
    """One stored share of a call issued in a batch."""
    call_id: UUID
    line_no: int
    building_id: UUID
    unit_id: UUID
    unit_number: str
    owner_id: UUID
    weight: Decimal
    key_total: Decimal
    lot_amount: Decimal
    days: int | None
    amount: Decimal
    adjustment: Decimal


async def due_drafts(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID], until: date) -> list[Call]:
    """The buildings' draft calls dated up to `until`, locked (issuing twice waits, then sees them issued)."""
    return [_call(r) for r in await conn.fetch(_DUE_DRAFTS, org_id, building_ids, until)]


async def lock_many(conn: asyncpg.Connection, org_id: UUID, call_ids: list[UUID]) -> list[Call]:
    """The calls named, locked, by building and date."""
    return [_call(r) for r in await conn.fetch(_LOCK_MANY, org_id, call_ids)]


async def closed_on(conn: asyncpg.Connection, org_id: UUID, pairs: list[tuple[UUID, date]]) -> list[tuple[UUID, date]]:
    """Of the (building, day) pairs, those in a closed fiscal year."""
    rows = await conn.fetch(_CLOSED_ON, org_id, [b for b, _d in pairs], [d for _b, d in pairs])
    return [(r["building_id"], r["day"]) for r in rows]


async def insert_many(conn: asyncpg.Connection, org_id: UUID, calls: Sequence[BuiltCall]) -> list[UUID]:
    """Draft calls of many buildings in one statement; their ids in order."""
    rows = [(x.building_id, x.budget_id, x.call.kind, x.call.fund_id, x.call.label, x.call.period_start,
             x.call.period_end, x.call.call_date, x.call.due_date, x.call.total, x.call.sharing_key_id) for x in calls]
    return [r["id"] for r in await conn.fetch(_INSERT_MANY, org_id, *_columns(rows, 11))]


async def store_shares_many(conn: asyncpg.Connection, org_id: UUID, shares: Sequence[ShareRow]) -> None:
    """The shares of many calls in one COPY (a firm's quarter stores tens of thousands: binary rows, not arrays)."""
    await conn.copy_records_to_table("call_shares", columns=_SHARE_COLUMNS, records=[
        (org_id, s.call_id, s.line_no, s.building_id, s.unit_id, s.unit_number, s.owner_id, s.weight, s.key_total,
         s.lot_amount, s.days, s.amount, s.adjustment) for s in shares])


async def mark_issued_many(conn: asyncpg.Connection, org_id: UUID, user_id: UUID,
                           issued: Sequence[tuple[UUID, UUID]]) -> list[Call]:
    """The calls (call, entry) issued, each with the entry it posted; the calls as they are now."""
    rows = await conn.fetch(_ISSUE_MANY, org_id, user_id, [c for c, _e in issued], [e for _c, e in issued])
    return [_call(r) for r in rows]


async def ensure_references_many(conn: asyncpg.Connection, org_id: UUID,
                                 wanted: Sequence[tuple[UUID, UUID, UUID]]) -> None:
    """A reference for each (building, fund, owner) without one yet (UniqueViolation on a random twin: retry)."""
    await conn.execute(_REFERENCES_MANY, org_id, *_columns(wanted, 3))


async def references_of(conn: asyncpg.Connection, org_id: UUID,
                        wanted: Sequence[tuple[UUID, UUID, UUID]]) -> dict[tuple[UUID, UUID, UUID], int]:
    """{(building, fund, owner): reference} for those that have one."""
    rows = await conn.fetch(_REFERENCES_OF, org_id, *_columns(wanted, 3))
    return {(r["building_id"], r["fund_id"], r["owner_id"]): r["reference"] for r in rows}

