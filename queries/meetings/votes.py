"""Attendance register and votes of a meeting."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from queries.rows import reader
from queries.sql import one


@dataclass(frozen=True)
class Presence:
    owner_id: UUID
    status: str
    proxy_holder_owner_id: UUID | None
    proxy_holder_name: str | None
    postal_received_on: date | None
    recorded_at: datetime


_presence = reader(Presence)


@dataclass(frozen=True)
class Vote:
    id: UUID
    agenda_item_id: UUID
    owner_id: UUID
    choice: str
    quota: int
    cast_by: UUID
    cast_at: datetime


_vote = reader(Vote)


@dataclass(frozen=True)
class OwnerCard:
    id: UUID
    name: str
    email: str | None
    address: str | None
    postal_code: str | None
    city: str | None
    country: str | None
    language: str
    accepts_email_notices: bool
    user_id: UUID | None
    is_syndic: bool


_owner_card = reader(OwnerCard)


_P_COLS = "owner_id, status, proxy_holder_owner_id, proxy_holder_name, postal_received_on, recorded_at"
_ATTENDANCE = f"SELECT {_P_COLS} FROM attendance WHERE organization_id = $1 AND meeting_id = $2"
_UPSERT = (f"INSERT INTO attendance (organization_id, meeting_id, owner_id, status, proxy_holder_owner_id, "
           f"proxy_holder_name, postal_received_on) VALUES ($1, $2, $3, $4, $5, $6, $7) "
           f"ON CONFLICT (organization_id, meeting_id, owner_id) DO UPDATE SET status = $4, proxy_holder_owner_id = $5, "
           f"proxy_holder_name = $6, postal_received_on = $7, recorded_at = now() RETURNING {_P_COLS}")
_V_COLS = "id, agenda_item_id, owner_id, choice, quota, cast_by, cast_at"
_VOTES = f"SELECT {_V_COLS} FROM votes WHERE organization_id = $1 AND agenda_item_id = $2 ORDER BY cast_at, id"
_MEETING_VOTES = f"SELECT {_V_COLS} FROM votes WHERE organization_id = $1 AND meeting_id = $2"
_INSERT_VOTE = (f"INSERT INTO votes (organization_id, meeting_id, agenda_item_id, owner_id, choice, quota, "
                f"cast_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_V_COLS}")
_VOTES_ON_UNIT = """
SELECT EXISTS (
  SELECT 1 FROM votes v
  JOIN meetings m ON m.organization_id = v.organization_id AND m.id = v.meeting_id
  JOIN unit_owners r ON r.organization_id = v.organization_id AND r.owner_id = v.owner_id AND r.unit_id = $2
   AND r.start_date <= m.scheduled_at::date AND (r.end_date IS NULL OR r.end_date > m.scheduled_at::date)
  WHERE v.organization_id = $1)
"""
_OWNERS = """
SELECT o.id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS name, o.email, o.address,
       o.postal_code, o.city, o.country, o.language, o.accepts_email_notices, o.user_id,
       EXISTS (SELECT 1 FROM memberships m WHERE m.organization_id = o.organization_id
               AND m.user_id = o.user_id AND m.role = 'syndic') AS is_syndic
FROM owners o WHERE o.organization_id = $1 AND o.id = ANY($2::uuid[])
ORDER BY lower(coalesce(o.last_name, o.company_name)), o.id
"""


@dataclass(frozen=True)
class Movement:
    owner_id: UUID
    status: str
    proxy_holder_name: str | None
    at: datetime


_movement = reader(Movement)


_MOVE = ("INSERT INTO attendance_movements (organization_id, meeting_id, owner_id, status, proxy_holder_name) "
         "VALUES ($1, $2, $3, $4, $5)")
_MOVEMENTS = ("SELECT owner_id, status, proxy_holder_name, at FROM attendance_movements "
              "WHERE organization_id = $1 AND meeting_id = $2 AND at > $3 ORDER BY at, id")
# Every name the syndic goes by in the organisation: the firm, and each syndic's name and e-mail.
_SYNDIC_NAMES = """
SELECT o.name FROM organizations o WHERE o.id = $1
UNION ALL SELECT u.full_name FROM memberships m JOIN users u ON u.id = m.user_id
 WHERE m.organization_id = $1 AND m.role = 'syndic'
UNION ALL SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id
 WHERE m.organization_id = $1 AND m.role = 'syndic'
"""
_REACHED = "SELECT owner_id FROM meeting_reached_otherwise WHERE organization_id = $1 AND meeting_id = $2"
_MARK_REACHED = ("INSERT INTO meeting_reached_otherwise (organization_id, meeting_id, owner_id, note, marked_by) "
                 "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, meeting_id, owner_id) "
                 "DO UPDATE SET note = $4, marked_by = $5, marked_at = now()")


async def record_movement(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, owner_id: UUID, status: str,
                          holder_name: str | None) -> None:
    """Keep one arrival, departure or change of the register, with its time."""
    await conn.execute(_MOVE, org_id, meeting_id, owner_id, status, holder_name)


async def movements_after(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, after: datetime) -> list[Movement]:
    """The register's changes after a moment (the opening), in order."""
    return [_movement(r) for r in await conn.fetch(_MOVEMENTS, org_id, meeting_id, after)]


async def syndic_names(conn: asyncpg.Connection, org_id: UUID) -> list[str]:
    """The firm's name and each syndic's name and e-mail."""
    return [r[0] for r in await conn.fetch(_SYNDIC_NAMES, org_id)]


async def reached_otherwise(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> set[UUID]:
    """The owners the syndic marked as convened otherwise for this meeting."""
    return {r[0] for r in await conn.fetch(_REACHED, org_id, meeting_id)}


async def mark_reached_otherwise(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, owner_id: UUID,
                                 note: str, user_id: UUID) -> None:
    """Mark an owner as convened otherwise than by e-mail or letter."""
    await conn.execute(_MARK_REACHED, org_id, meeting_id, owner_id, note, user_id)


async def attendance(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> list[Presence]:
    """The attendance register of a meeting."""
    return [_presence(r) for r in await conn.fetch(_ATTENDANCE, org_id, meeting_id)]


async def record_presence(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, owner_id: UUID, status: str,
                          holder_owner_id: UUID | None, holder_name: str | None,
                          postal_received_on: date | None) -> Presence:
    """Write (or correct) one owner's line of the register."""
    row = await one(conn, _UPSERT, org_id, meeting_id, owner_id, status, holder_owner_id, holder_name,
                              postal_received_on)
    return _presence(row)


async def votes_on(conn: asyncpg.Connection, org_id: UUID, item_id: UUID) -> list[Vote]:
    """The votes cast on one resolution."""
    return [_vote(r) for r in await conn.fetch(_VOTES, org_id, item_id)]


async def votes_of_meeting(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> list[Vote]:
    """Every vote of a meeting (one query for the whole screen)."""
    return [_vote(r) for r in await conn.fetch(_MEETING_VOTES, org_id, meeting_id)]


async def insert_vote(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, item_id: UUID, owner_id: UUID,
                      choice: str, quota: int, cast_by: UUID) -> Vote:
    """One vote (a second one for the same voter raises UniqueViolationError)."""
    return Vote(**await one(conn, _INSERT_VOTE, org_id, meeting_id, item_id, owner_id, choice, quota,
                                      cast_by))


async def unit_has_votes(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> bool:
    """Whether anyone who held a right on the lot has voted in an assembly."""
    return await conn.fetchval(_VOTES_ON_UNIT, org_id, unit_id)


async def owner_cards(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> list[OwnerCard]:
    """Names, addresses and notice preferences of some owners, by name."""
    return [_owner_card(r) for r in await conn.fetch(_OWNERS, org_id, owner_ids)]
