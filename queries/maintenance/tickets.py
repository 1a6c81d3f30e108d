"""Tickets and their comments. An owner reads their own tickets and the common-part tickets of the buildings where
they hold a lot; the firm and the board read every ticket of the buildings they reach."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Ticket:
    id: UUID
    organization_id: UUID
    building_id: UUID
    building_name: str
    unit_id: UUID | None
    unit_number: str | None
    location: str | None
    title: str
    description: str
    status: str
    urgency: str | None
    due_on: date | None
    contractor_id: UUID | None
    contractor_name: str | None
    reported_by: UUID | None
    reporter_email: str | None
    reporter_name: str | None
    reporter_locale: str
    photo_key: str | None
    photo_name: str | None
    photo_type: str | None
    photo_size: int | None
    created_at: datetime
    updated_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class Comment:
    id: UUID
    ticket_id: UUID
    author_id: UUID | None
    author_name: str | None
    visibility: str
    body: str
    move: str | None
    created_at: datetime


@dataclass(frozen=True)
class Overdue:
    """Open tickets past their deadline in one building: how many, the earliest deadline, one of them."""
    building_id: UUID
    building_name: str
    count: int
    due_on: date
    ticket_id: UUID
    title: str


_ticket, _comment, _overdue = reader(Ticket), reader(Comment), reader(Overdue)
_SELECT = """SELECT t.id, t.organization_id, t.building_id, b.name AS building_name, t.unit_id, u.number AS unit_number,
       t.location, t.title, t.description, t.status, t.urgency, t.due_on, t.contractor_id,
       c.company_name AS contractor_name, t.reported_by, t.reporter_email, t.reporter_name, t.reporter_locale,
       t.photo_key, t.photo_name, t.photo_type, t.photo_size, t.created_at, t.updated_at, t.closed_at
  FROM tickets t
  JOIN buildings b ON b.organization_id = t.organization_id AND b.id = t.building_id
  LEFT JOIN units u ON u.organization_id = t.organization_id AND u.id = t.unit_id
  LEFT JOIN contractors c ON c.organization_id = t.organization_id AND c.id = t.contractor_id
 WHERE t.organization_id = $1"""
# $2 the buildings reached (NULL: all), $3 an owner's user id (NULL: no owner filter): their own tickets, and the
# common-part tickets of a building where they hold a lot today
_REACH = """
   AND ($2::uuid[] IS NULL OR t.building_id = ANY($2))
   AND ($3::uuid IS NULL OR t.reported_by = $3 OR (t.unit_id IS NULL AND EXISTS (
        SELECT 1 FROM unit_owners uo
          JOIN owners o ON o.organization_id = uo.organization_id AND o.id = uo.owner_id
          JOIN units lot ON lot.organization_id = uo.organization_id AND lot.id = uo.unit_id
         WHERE uo.organization_id = t.organization_id AND o.user_id = $3 AND lot.building_id = t.building_id
           AND (uo.end_date IS NULL OR uo.end_date > CURRENT_DATE))))"""
_LIST = (_SELECT + _REACH + """
   AND ($4::uuid IS NULL OR t.building_id = $4) AND ($5::text[] IS NULL OR t.status = ANY($5))
 ORDER BY (t.status IN ('done', 'closed')), t.due_on NULLS LAST, t.created_at DESC, t.id
 LIMIT 200""")
_GET = _SELECT + _REACH + " AND t.id = $4"
_LOCK = "SELECT id FROM tickets WHERE organization_id = $1 AND id = $2 FOR UPDATE"
_INSERT = """INSERT INTO tickets (organization_id, building_id, unit_id, location, title, description, reported_by,
    reporter_email, reporter_name, reporter_locale, photo_key, photo_name, photo_type, photo_size)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id"""
_TRIAGE = """UPDATE tickets SET urgency = $3, due_on = $4, contractor_id = $5, status = $6, updated_at = now()
  WHERE organization_id = $1 AND id = $2"""
_STATUS = """UPDATE tickets SET status = $3, updated_at = now(),
    closed_at = CASE WHEN $3 = 'closed' THEN now() ELSE NULL END
  WHERE organization_id = $1 AND id = $2"""
_COMMENTS = """SELECT id, ticket_id, author_id, author_name, visibility, body, move, created_at FROM ticket_comments
 WHERE organization_id = $1 AND ticket_id = $2 AND visibility = ANY($3::text[]) ORDER BY created_at, id"""
_ADD_COMMENT = """INSERT INTO ticket_comments (organization_id, ticket_id, author_id, author_name, visibility, body, move)
  VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, ticket_id, author_id, author_name, visibility, body, move,
  created_at"""
# open tickets past their deadline ($2 the day), per building of the buildings reached ($3, NULL: all)
_OVERDUE = """SELECT DISTINCT ON (t.building_id) t.building_id, b.name AS building_name,
       count(*) OVER (PARTITION BY t.building_id) AS count, t.due_on, t.id AS ticket_id, t.title
  FROM tickets t JOIN buildings b ON b.organization_id = t.organization_id AND b.id = t.building_id
 WHERE t.organization_id = $1 AND t.status IN ('new', 'assigned', 'in_progress') AND t.due_on < $2
   AND ($3::uuid[] IS NULL OR t.building_id = ANY($3))
 ORDER BY t.building_id, t.due_on, t.id"""


async def list_for(conn: asyncpg.Connection, org_id: UUID, among: list[UUID] | None, owner_user: UUID | None,
                   building_id: UUID | None, statuses: list[str] | None) -> list[Ticket]:
    """The tickets reached, open ones first by deadline (at most 200)."""
    return [_ticket(r) for r in await conn.fetch(_LIST, org_id, among, owner_user, building_id, statuses)]


async def get(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID, among: list[UUID] | None = None,
              owner_user: UUID | None = None) -> Ticket | None:
    """One ticket, when reached."""
    row = await conn.fetchrow(_GET, org_id, among, owner_user, ticket_id)
    return _ticket(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID) -> bool:
    """Lock a ticket for the transaction (False: no such ticket)."""
    return await conn.fetchval(_LOCK, org_id, ticket_id) is not None


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, unit_id: UUID | None,
                 location: str | None, title: str, description: str, reporter: tuple[UUID, str, str, str],
                 photo: tuple[str, str, str, int] | None) -> UUID:
    """A new ticket's id (reporter: user id, e-mail, name, locale; photo: key, name, type, size)."""
    key, name, kind, size = photo or (None, None, None, None)
    new_id: UUID = await conn.fetchval(_INSERT, org_id, building_id, unit_id, location, title, description,
                                       *reporter, key, name, kind, size)
    return new_id


async def triage(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID, urgency: str | None, due_on: date | None,
                 contractor_id: UUID | None, status: str) -> None:
    """Set the urgency, the deadline, the contractor and the state."""
    await conn.execute(_TRIAGE, org_id, ticket_id, urgency, due_on, contractor_id, status)


async def set_status(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID, status: str) -> None:
    """Move a ticket to a state."""
    await conn.execute(_STATUS, org_id, ticket_id, status)


async def comments(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID, visibilities: list[str]) -> list[Comment]:
    """A ticket's comments of the visibilities given, oldest first."""
    return [_comment(r) for r in await conn.fetch(_COMMENTS, org_id, ticket_id, visibilities)]


async def add_comment(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID, author: tuple[UUID, str],
                      visibility: str, body: str, move: str | None) -> Comment:
    """Write a comment (or a move's note)."""
    row = await conn.fetchrow(_ADD_COMMENT, org_id, ticket_id, *author, visibility, body, move)
    if row is None:
        raise LookupError("the comment was not written")
    return _comment(row)


async def overdue(conn: asyncpg.Connection, org_id: UUID, today: date, among: list[UUID] | None) -> list[Overdue]:
    """Per building reached, the open tickets past their deadline."""
    return [_overdue(r) for r in await conn.fetch(_OVERDUE, org_id, today, among)]


_YEAR_COUNTS = """SELECT status, count(*) AS n FROM tickets
 WHERE organization_id = $1 AND building_id = $2 AND extract(year FROM created_at) = $3 GROUP BY status"""


async def year_counts(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year: int) -> dict[str, int]:
    """How many of the year's tickets of a building stand in each state."""
    return {r["status"]: r["n"] for r in await conn.fetch(_YEAR_COUNTS, org_id, building_id, year)}


_LOTS = """SELECT u.id, u.number FROM units u
 WHERE u.organization_id = $1 AND u.building_id = $2
   AND ($3::uuid IS NULL OR EXISTS (
        SELECT 1 FROM unit_owners uo JOIN owners o ON o.organization_id = uo.organization_id AND o.id = uo.owner_id
         WHERE uo.organization_id = u.organization_id AND uo.unit_id = u.id AND o.user_id = $3
           AND (uo.end_date IS NULL OR uo.end_date > CURRENT_DATE)))
 ORDER BY u.number, u.id"""


async def lots_to_report_on(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                            owner_user: UUID | None) -> list[tuple[UUID, str]]:
    """The lots of a building a ticket may be about: (id, number), only an owner's own when owner_user is set."""
    return [(r["id"], r["number"]) for r in await conn.fetch(_LOTS, org_id, building_id, owner_user)]


@dataclass(frozen=True)
class Photo:
    position: int
    storage_key: str
    name: str
    content_type: str
    size: int


_photo = reader(Photo)
_PHOTOS = ("SELECT position, storage_key, name, content_type, size FROM ticket_photos "
           "WHERE organization_id = $1 AND ticket_id = $2 ORDER BY position")
_ADD_PHOTOS = """INSERT INTO ticket_photos (organization_id, ticket_id, position, storage_key, name, content_type, size)
SELECT $1, $2, p, k, n, t, s FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::int[]) AS x(p, k, n, t, s)"""


async def photos(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID) -> list[Photo]:
    """A ticket's photos, in the order they were given."""
    return [_photo(r) for r in await conn.fetch(_PHOTOS, org_id, ticket_id)]


async def add_photos(conn: asyncpg.Connection, org_id: UUID, ticket_id: UUID,
                     files: list[tuple[str, str, str, int]]) -> None:
    """Record a ticket's photos (key, name, type, size), numbered from 1 (one statement)."""
    await conn.execute(_ADD_PHOTOS, org_id, ticket_id, list(range(1, len(files) + 1)), [f[0] for f in files],
                       [f[1] for f in files], [f[2] for f in files], [f[3] for f in files])
