"""Works (a job in a building), the quotes asked for them, and the building's competition threshold."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Work:
    id: UUID
    organization_id: UUID
    building_id: UUID
    building_name: str
    jurisdiction: str
    ticket_id: UUID | None
    title: str
    description: str | None
    category: str
    status: str
    accepted_quote_id: UUID | None
    ordered_on: date | None
    order_reference: str | None
    work_report: str | None
    work_done_on: date | None
    invoice_number: str | None
    invoice_date: date | None
    invoice_excl_vat: Decimal | None
    expense_id: UUID | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Quote:
    id: UUID
    organization_id: UUID
    work_id: UUID
    building_id: UUID
    contractor_id: UUID
    contractor_name: str
    status: str
    requested_on: date
    received_on: date | None
    valid_until: date | None
    amount_excl_vat: Decimal | None
    vat_rate: Decimal | None
    total: Decimal | None
    details: str | None
    created_at: datetime


@dataclass(frozen=True)
class Threshold:
    building_id: UUID
    amount: Decimal
    quotes_required: int
    meeting_id: UUID | None
    agenda_item_id: UUID | None
    decided_on: date
    reference: str | None


_work, _quote, _threshold = reader(Work), reader(Quote), reader(Threshold)
_WORK = """SELECT w.id, w.organization_id, w.building_id, b.name AS building_name, b.jurisdiction, w.ticket_id,
       w.title, w.description, w.category, w.status, w.accepted_quote_id, w.ordered_on, w.order_reference,
       w.work_report, w.work_done_on, w.invoice_number, w.invoice_date, w.invoice_excl_vat, w.expense_id,
       w.created_at, w.updated_at
  FROM works w JOIN buildings b ON b.organization_id = w.organization_id AND b.id = w.building_id
 WHERE w.organization_id = $1 AND ($2::uuid[] IS NULL OR w.building_id = ANY($2))"""
_LIST_WORKS = _WORK + " AND ($3::uuid IS NULL OR w.building_id = $3) ORDER BY w.created_at DESC, w.id LIMIT 200"
_GET_WORK = _WORK + " AND w.id = $3"
_LOCK_WORK = "SELECT id FROM works WHERE organization_id = $1 AND id = $2 FOR UPDATE"
_INSERT_WORK = """INSERT INTO works (organization_id, building_id, ticket_id, title, description, category)
  VALUES ($1, $2, $3, $4, $5, $6) RETURNING id"""
_ORDER = """UPDATE works SET status = 'ordered', ordered_on = $3, order_reference = $4, updated_at = now()
  WHERE organization_id = $1 AND id = $2"""
_REPORT = """UPDATE works SET status = 'reported', work_report = $3, work_done_on = $4, updated_at = now()
  WHERE organization_id = $1 AND id = $2"""
_INVOICE = """UPDATE works SET status = 'invoiced', invoice_number = $3, invoice_date = $4, invoice_excl_vat = $5,
    updated_at = now() WHERE organization_id = $1 AND id = $2"""
_EXPENSED = """UPDATE works SET status = 'expensed', expense_id = $3, updated_at = now()
  WHERE organization_id = $1 AND id = $2"""
_ACCEPTED = """UPDATE works SET accepted_quote_id = $3, updated_at = now() WHERE organization_id = $1 AND id = $2"""
_QUOTE = """SELECT q.id, q.organization_id, q.work_id, w.building_id, q.contractor_id, c.company_name AS contractor_name,
       q.status, q.requested_on, q.received_on, q.valid_until, q.amount_excl_vat, q.vat_rate, q.total, q.details,
       q.created_at
  FROM quotes q
  JOIN works w ON w.organization_id = q.organization_id AND w.id = q.work_id
  JOIN contractors c ON c.organization_id = q.organization_id AND c.id = q.contractor_id
 WHERE q.organization_id = $1 AND ($2::uuid[] IS NULL OR w.building_id = ANY($2))"""
_QUOTES_OF = _QUOTE + " AND q.work_id = $3 ORDER BY q.total NULLS LAST, lower(c.company_name), q.id"
_GET_QUOTE = _QUOTE + " AND q.id = $3"
_LIST_QUOTES = (_QUOTE + " AND ($3::uuid IS NULL OR w.building_id = $3)"
                " ORDER BY q.created_at DESC, q.id LIMIT 500")
_REQUEST = """INSERT INTO quotes (organization_id, work_id, contractor_id, requested_on)
  SELECT $1, $2, c, $4 FROM unnest($3::uuid[]) AS c ON CONFLICT (organization_id, work_id, contractor_id) DO NOTHING"""
_RECEIVE = """UPDATE quotes SET status = 'received', received_on = $3, valid_until = $4, amount_excl_vat = $5,
    vat_rate = $6, total = $7, details = $8 WHERE organization_id = $1 AND id = $2"""
# accepting one quote of a job rejects the job's other received quotes ($3 the job)
_ACCEPT = """UPDATE quotes SET status = CASE WHEN id = $2 THEN 'accepted' ELSE 'rejected' END
  WHERE organization_id = $1 AND work_id = $3 AND (id = $2 OR status IN ('received', 'accepted'))"""
_THRESHOLD = """SELECT building_id, amount, quotes_required, meeting_id, agenda_item_id, decided_on, reference
  FROM competition_thresholds WHERE organization_id = $1 AND building_id = $2"""
_SET_THRESHOLD = """INSERT INTO competition_thresholds (organization_id, building_id, amount, quotes_required,
    meeting_id, agenda_item_id, decided_on, reference) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ON CONFLICT (organization_id, building_id) DO UPDATE SET amount = EXCLUDED.amount,
    quotes_required = EXCLUDED.quotes_required, meeting_id = EXCLUDED.meeting_id,
    agenda_item_id = EXCLUDED.agenda_item_id, decided_on = EXCLUDED.decided_on, reference = EXCLUDED.reference,
    updated_at = now()
  RETURNING building_id, amount, quotes_required, meeting_id, agenda_item_id, decided_on, reference"""


async def list_works(conn: asyncpg.Connection, org_id: UUID, among: list[UUID] | None,
                     building_id: UUID | None) -> list[Work]:
    """Works of the buildings reached, latest first."""
    return [_work(r) for r in await conn.fetch(_LIST_WORKS, org_id, among, building_id)]


async def get_work(conn: asyncpg.Connection, org_id: UUID, work_id: UUID,
                   among: list[UUID] | None = None) -> Work | None:
    """One job."""
    row = await conn.fetchrow(_GET_WORK, org_id, among, work_id)
    return _work(row) if row else None


async def lock_work(conn: asyncpg.Connection, org_id: UUID, work_id: UUID) -> bool:
    """Lock a job for the transaction (False: none)."""
    return await conn.fetchval(_LOCK_WORK, org_id, work_id) is not None


async def insert_work(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, ticket_id: UUID | None, title: str,
                      description: str | None, category: str) -> UUID:
    """A new job's id."""
    new_id: UUID = await conn.fetchval(_INSERT_WORK, org_id, building_id, ticket_id, title, description, category)
    return new_id


async def set_order(conn: asyncpg.Connection, org_id: UUID, work_id: UUID, ordered_on: date,
                    reference: str | None) -> None:
    """The order is placed."""
    await conn.execute(_ORDER, org_id, work_id, ordered_on, reference)


async def set_report(conn: asyncpg.Connection, org_id: UUID, work_id: UUID, report: str, done_on: date) -> None:
    """The contractor's work report."""
    await conn.execute(_REPORT, org_id, work_id, report, done_on)


async def set_invoice(conn: asyncpg.Connection, org_id: UUID, work_id: UUID, number: str, day: date,
                      excl_vat: Decimal | None) -> None:
    """The contractor's invoice."""
    await conn.execute(_INVOICE, org_id, work_id, number, day, excl_vat)


async def set_expense(conn: asyncpg.Connection, org_id: UUID, work_id: UUID, expense_id: UUID) -> None:
    """The expense the invoice became."""
    await conn.execute(_EXPENSED, org_id, work_id, expense_id)


async def quotes_of(conn: asyncpg.Connection, org_id: UUID, work_id: UUID,
                    among: list[UUID] | None = None) -> list[Quote]:
    """A job's quotes, cheapest received first."""
    return [_quote(r) for r in await conn.fetch(_QUOTES_OF, org_id, among, work_id)]


async def get_quote(conn: asyncpg.Connection, org_id: UUID, quote_id: UUID,
                    among: list[UUID] | None = None) -> Quote | None:
    """One quote."""
    row = await conn.fetchrow(_GET_QUOTE, org_id, among, quote_id)
    return _quote(row) if row else None


async def list_quotes(conn: asyncpg.Connection, org_id: UUID, among: list[UUID] | None,
                      building_id: UUID | None) -> list[Quote]:
    """Quotes of the buildings reached, latest first."""
    return [_quote(r) for r in await conn.fetch(_LIST_QUOTES, org_id, among, building_id)]


async def request_quotes(conn: asyncpg.Connection, org_id: UUID, work_id: UUID, contractor_ids: list[UUID],
                         day: date) -> None:
    """Ask contractors for a quote (one already asked is left as it is)."""
    await conn.execute(_REQUEST, org_id, work_id, contractor_ids, day)


async def receive_quote(conn: asyncpg.Connection, org_id: UUID, quote_id: UUID, received_on: date,
                        valid_until: date | None, excl: Decimal, rate: Decimal, total: Decimal,
                        details: str | None) -> None:
    """A quote's amounts as received."""
    await conn.execute(_RECEIVE, org_id, quote_id, received_on, valid_until, excl, rate, total, details)


async def accept_quote(conn: asyncpg.Connection, org_id: UUID, work_id: UUID, quote_id: UUID) -> None:
    """Accept one quote of a job: the job's other received quotes are rejected."""
    await conn.execute(_ACCEPT, org_id, quote_id, work_id)


async def set_accepted(conn: asyncpg.Connection, org_id: UUID, work_id: UUID, quote_id: UUID) -> None:
    """Point the job at its accepted quote."""
    await conn.execute(_ACCEPTED, org_id, work_id, quote_id)


async def threshold(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> Threshold | None:
    """The AG's competition threshold for a building, if it set one."""
    row = await conn.fetchrow(_THRESHOLD, org_id, building_id)
    return _threshold(row) if row else None


_MEETING_BUILDING = "SELECT building_id FROM meetings WHERE organization_id = $1 AND id = $2"
_ITEM_PLACE = """SELECT i.meeting_id, m.building_id FROM agenda_items i
  JOIN meetings m ON m.organization_id = i.organization_id AND m.id = i.meeting_id
  WHERE i.organization_id = $1 AND i.id = $2"""


async def meeting_building(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> UUID | None:
    """The building of an assembly of the organisation (None: no such assembly)."""
    return await conn.fetchval(_MEETING_BUILDING, org_id, meeting_id)


async def item_place(conn: asyncpg.Connection, org_id: UUID, item_id: UUID) -> tuple[UUID, UUID] | None:
    """An agenda item's assembly and that assembly's building (None: no such item)."""
    row = await conn.fetchrow(_ITEM_PLACE, org_id, item_id)
    return (row["meeting_id"], row["building_id"]) if row else None


async def set_threshold(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, amount: Decimal,
                        quotes_required: int, meeting_id: UUID | None, agenda_item_id: UUID | None,
                        decided_on: date, reference: str | None) -> Threshold:
    """Record (or replace) the AG's threshold."""
    row = await conn.fetchrow(_SET_THRESHOLD, org_id, building_id, amount, quotes_required, meeting_id,
                              agenda_item_id, decided_on, reference)
    if row is None:
        raise LookupError("threshold not written")
    return _threshold(row)
