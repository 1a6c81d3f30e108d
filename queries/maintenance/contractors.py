"""Contractors: the firm's companies, their identifiers and insurance certificate, and the ones a board sees
(those with a ticket or a job in the board's buildings)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from queries.rows import reader

FIELDS = ("company_name", "country", "enterprise_number", "vat_number", "iban", "trades", "contact_name", "email",
          "phone", "insurer", "insurance_expires_on", "notes")


@dataclass(frozen=True)
class Contractor:
    id: UUID
    organization_id: UUID
    company_name: str
    country: str
    enterprise_number: str | None
    vat_number: str | None
    iban: str | None
    trades: list[str]
    contact_name: str | None
    email: str | None
    phone: str | None
    insurer: str | None
    insurance_expires_on: date | None
    certificate_key: str | None
    certificate_name: str | None
    certificate_type: str | None
    notes: str | None
    created_at: datetime
    updated_at: datetime


_row = reader(Contractor)
_COLUMNS = """SELECT c.id, c.organization_id, c.company_name, c.country, c.enterprise_number, c.vat_number, c.iban,
       c.trades, c.contact_name, c.email, c.phone, c.insurer, c.insurance_expires_on, c.certificate_key,
       c.certificate_name, c.certificate_type, c.notes, c.created_at, c.updated_at
  FROM contractors c"""
# a contractor is at work in the buildings $3 when a ticket or a job of one of them names it
_WORKS_IN = """(EXISTS (SELECT 1 FROM tickets t WHERE t.organization_id = c.organization_id
                      AND t.contractor_id = c.id AND t.building_id = ANY($3::uuid[]))
  OR EXISTS (SELECT 1 FROM quotes q JOIN works w ON w.organization_id = q.organization_id AND w.id = q.work_id
              WHERE q.organization_id = c.organization_id AND q.contractor_id = c.id
                AND w.building_id = ANY($3::uuid[])))"""
_LIST = (_COLUMNS + " WHERE c.organization_id = $1 AND ($2::text IS NULL OR $2 = ANY(c.trades))"
         " AND ($3::uuid[] IS NULL OR " + _WORKS_IN + ")"
         " ORDER BY lower(c.company_name), c.id")
_GET = _COLUMNS + " WHERE c.organization_id = $1 AND c.id = $2 AND ($3::uuid[] IS NULL OR " + _WORKS_IN + ")"
_LOCK = _COLUMNS + " WHERE c.organization_id = $1 AND c.id = $2 FOR UPDATE"
_INSERT = """INSERT INTO contractors (organization_id, company_name, country, enterprise_number, vat_number, iban,
    trades, contact_name, email, phone, insurer, insurance_expires_on, notes)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id"""
_UPDATE = """UPDATE contractors SET company_name = $3, country = $4, enterprise_number = $5, vat_number = $6,
    iban = $7, trades = $8, contact_name = $9, email = $10, phone = $11, insurer = $12,
    insurance_expires_on = $13, notes = $14, updated_at = now()
  WHERE organization_id = $1 AND id = $2"""
_SET_CERTIFICATE = """UPDATE contractors SET certificate_key = $3, certificate_name = $4, certificate_type = $5,
    insurance_expires_on = coalesce($6, insurance_expires_on), updated_at = now()
  WHERE organization_id = $1 AND id = $2"""
# certificates lapsed or lapsing by $2, of contractors at work in $3's buildings (NULL: all)
_EXPIRING = (_COLUMNS + " WHERE c.organization_id = $1 AND c.insurance_expires_on <= $2"
             " AND ($3::uuid[] IS NULL OR " + _WORKS_IN + ")"
             " ORDER BY c.insurance_expires_on, c.id")


def _values(values: dict[str, Any]) -> list[Any]:
    return [values[k] for k in FIELDS]


async def list_all(conn: asyncpg.Connection, org_id: UUID, trade: str | None,
                   among: list[UUID] | None) -> list[Contractor]:
    """The organisation's contractors by name (a trade; only those at work in `among` when given)."""
    return [_row(r) for r in await conn.fetch(_LIST, org_id, trade, among)]


async def get(conn: asyncpg.Connection, org_id: UUID, contractor_id: UUID,
              among: list[UUID] | None = None) -> Contractor | None:
    """One contractor (None when another organisation's, or not at work in `among`)."""
    row = await conn.fetchrow(_GET, org_id, contractor_id, among)
    return _row(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, contractor_id: UUID) -> Contractor | None:
    """One contractor, locked for the transaction."""
    row = await conn.fetchrow(_LOCK, org_id, contractor_id)
    return _row(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, values: dict[str, Any]) -> UUID:
    """A new contractor's id."""
    new_id: UUID = await conn.fetchval(_INSERT, org_id, *_values(values))
    return new_id


async def update(conn: asyncpg.Connection, org_id: UUID, contractor_id: UUID, values: dict[str, Any]) -> None:
    """Replace a contractor's fields."""
    await conn.execute(_UPDATE, org_id, contractor_id, *_values(values))


async def set_certificate(conn: asyncpg.Connection, org_id: UUID, contractor_id: UUID, key: str, name: str,
                          content_type: str, expires_on: date | None) -> None:
    """Point the contractor at its insurance certificate's file (and its expiry when given)."""
    await conn.execute(_SET_CERTIFICATE, org_id, contractor_id, key, name, content_type, expires_on)


async def expiring(conn: asyncpg.Connection, org_id: UUID, by: date, among: list[UUID] | None) -> list[Contractor]:
    """Contractors whose insurance certificate has lapsed or lapses by `by`."""
    return [_row(r) for r in await conn.fetch(_EXPIRING, org_id, by, among)]
