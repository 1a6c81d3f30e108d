"""General assemblies (meetings) and their agenda items."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg
from pypika import Order, Table
from pypika import PostgreSQLQuery as Q
from pypika import functions as fn

from queries.rows import reader
from queries.sql import int_p, one, p, returning

meetings = Table("meetings")
items = Table("agenda_items")

FIELDS = ("meeting_type", "title", "description", "scheduled_at", "location", "video_url")
_COLUMNS = ("id", "organization_id", "building_id", *FIELDS, "session", "first_session_id", "status",
            "convened_on", "opened_at", "closed_at", "quorum_met", "minutes_sent_on", "created_at", "updated_at",
            "opening_quorum", "chair", "secretary", "tellers")
ITEM_FIELDS = ("title", "description", "decision_kind", "draft_resolution", "majority")
_ITEM_COLUMNS = ("id", "organization_id", "meeting_id", "position", *ITEM_FIELDS, "vote_status", "opened_at",
                 "closed_at", "adopted", "result")



@dataclass(frozen=True)
class Meeting:
    id: UUID
    organization_id: UUID
    building_id: UUID
    meeting_type: str
    title: str
    description: str | None
    scheduled_at: datetime
    location: str
    video_url: str | None
    session: int
    first_session_id: UUID | None
    status: str
    convened_on: date | None
    opened_at: datetime | None
    closed_at: datetime | None
    quorum_met: bool | None
    minutes_sent_on: date | None
    created_at: datetime
    updated_at: datetime
    opening_quorum: dict[str, Any] | None = None  # the quorum as it stood at the opening, with its reasons
    chair: str | None = None  # chosen at the meeting: who chairs it, keeps the minutes, counts the votes
    secretary: str | None = None
    tellers: str | None = None

    @property
    def day(self) -> date:
        """The meeting's date."""
        return self.scheduled_at.date()


_meeting = reader(Meeting)


@dataclass(frozen=True)
class Item:
    id: UUID
    organization_id: UUID
    meeting_id: UUID
    position: int
    title: str
    description: str | None
    decision_kind: str | None
    draft_resolution: str | None
    majority: str | None
    vote_status: str
    opened_at: datetime | None
    closed_at: datetime | None
    adopted: bool | None
    result: dict[str, Any] | None

    @property
    def is_resolution(self) -> bool:
        """An item put to the vote."""
        return self.majority is not None


_item = reader(Item)


_BY_ID = (meetings.organization_id == p(1)) & (meetings.id == p(2))
_GET = Q.from_(meetings).select(*_COLUMNS).where(_BY_ID).get_sql()
_LOCK = _GET + " FOR UPDATE"
_LIST = (Q.from_(meetings).select(*_COLUMNS)
         .where((meetings.organization_id == p(1)) & (meetings.building_id == p(2)))
         .orderby(meetings.scheduled_at, order=Order.desc)
         .limit(int_p(3)).offset(int_p(4)).get_sql())
_COUNT = "SELECT count(*) FROM meetings WHERE organization_id = $1 AND building_id = $2"
_INSERT = (returning(Q.into(meetings).columns("organization_id", "building_id", *FIELDS, "session", "first_session_id")
           .insert(*[p(i) for i in range(1, len(FIELDS) + 5)]), *_COLUMNS).get_sql())
_update = Q.update(meetings)
for _i, _name in enumerate(FIELDS, start=3):
    _update = _update.set(_name, p(_i))
_UPDATE = (returning(_update.set(meetings.updated_at, fn.Now())
           .where(_BY_ID), *_COLUMNS).get_sql())
_SET_STATE = ("UPDATE meetings SET status = $3, convened_on = coalesce($4, convened_on), "
              "opened_at = coalesce($5, opened_at), closed_at = coalesce($6, closed_at), "
              "quorum_met = coalesce($7, quorum_met), opening_quorum = coalesce($8, opening_quorum), "
              "updated_at = now() "
              "WHERE organization_id = $1 AND id = $2 RETURNING " + ", ".join(_COLUMNS))
_MINUTES_SENT = ("UPDATE meetings SET minutes_sent_on = $3, updated_at = now() "
                 "WHERE organization_id = $1 AND id = $2 RETURNING " + ", ".join(_COLUMNS))
_UPCOMING_FOR_BUILDINGS = (Q.from_(meetings).select(*_COLUMNS)
                           .where((meetings.organization_id == p(1)) & (meetings.building_id == fn.Function('ANY', p(2))))
                           .where(meetings.status.isin(["convened", "open", "closed"]))
                           .orderby(meetings.scheduled_at, order=Order.desc).limit(20).get_sql())


_LISTED = """
SELECT m.id, m.building_id, b.name AS building_name, b.jurisdiction, m.title, m.scheduled_at, m.status,
       m.session, m.minutes_sent_on
FROM meetings m JOIN buildings b ON b.organization_id = m.organization_id AND b.id = m.building_id
WHERE m.organization_id = $1 AND m.status <> 'cancelled'
"""
_LISTED_ORDER = "ORDER BY (m.status IN ('draft', 'convened', 'open')) DESC, m.scheduled_at DESC LIMIT 50"
_FOR_ORG = _LISTED + _LISTED_ORDER
_FOR_BUILDINGS_AMONG = _LISTED + "AND m.building_id = ANY($2::uuid[])\n" + _LISTED_ORDER


@dataclass(frozen=True)
class Listed:
    id: UUID
    building_id: UUID
    building_name: str
    jurisdiction: str
    title: str
    scheduled_at: datetime
    status: str
    session: int
    minutes_sent_on: date | None

    @property
    def day(self) -> date:
        """The meeting's date."""
        return self.scheduled_at.date()


_listed = reader(Listed)


async def for_org(conn: asyncpg.Connection, org_id: UUID, among: list[UUID] | None = None) -> list[Listed]:
    """The organisation's assemblies (of the buildings `among` a list, when given), those to come first, then
    the latest held."""
    if among is not None:
        return [_listed(r) for r in await conn.fetch(_FOR_BUILDINGS_AMONG, org_id, among)]
    return [_listed(r) for r in await conn.fetch(_FOR_ORG, org_id)]


async def get(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> Meeting | None:
    """One meeting of the organisation."""
    row = await conn.fetchrow(_GET, org_id, meeting_id)
    return _meeting(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> Meeting | None:
    """The meeting, locked until the end of the transaction (attendance, votes and state hang on it)."""
    row = await conn.fetchrow(_LOCK, org_id, meeting_id)
    return _meeting(row) if row else None


async def list_page(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, limit: int,
                    offset: int) -> tuple[list[Meeting], int]:
    """A building's meetings, latest first, with the total count."""
    rows = await conn.fetch(_LIST, org_id, building_id, limit, offset)
    return [_meeting(r) for r in rows], await conn.fetchval(_COUNT, org_id, building_id)


_PAGE_COLS = ", ".join(_COLUMNS)
# The organisation's meetings, latest first, a page at a time (the API's list without a building): all, or those of
# some buildings; drafts only for staff ($2).
_ORG_PAGE = (f"SELECT {_PAGE_COLS}, count(*) OVER () AS total FROM meetings WHERE organization_id = $1 "
             "AND (status <> 'draft' OR $2) ORDER BY scheduled_at DESC, id LIMIT $3 OFFSET $4")
_AMONG_PAGE = (f"SELECT {_PAGE_COLS}, count(*) OVER () AS total FROM meetings WHERE organization_id = $1 "
               "AND (status <> 'draft' OR $2) AND building_id = ANY($5::uuid[]) "
               "ORDER BY scheduled_at DESC, id LIMIT $3 OFFSET $4")


async def org_page(conn: asyncpg.Connection, org_id: UUID, among: list[UUID] | None, drafts: bool, limit: int,
                   offset: int) -> tuple[list[Meeting], int]:
    """A page of the organisation's meetings (of the buildings `among` a list, when given), with the count."""
    if among is None:
        rows = await conn.fetch(_ORG_PAGE, org_id, drafts, limit, offset)
    else:
        rows = await conn.fetch(_AMONG_PAGE, org_id, drafts, limit, offset, among)
    total = rows[0]["total"] if rows else 0
    return [_meeting(r) for r in rows], total


async def for_buildings(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID]) -> list[Meeting]:
    """Convened, open or closed meetings of some buildings (an owner's), latest first."""
    return [_meeting(r) for r in await conn.fetch(_UPCOMING_FOR_BUILDINGS, org_id, building_ids)]


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, values: dict[str, Any],
                 session: int = 1, first_session_id: UUID | None = None) -> Meeting:
    """A new draft meeting."""
    row = await one(conn, _INSERT, org_id, building_id, *[values[f] for f in FIELDS], session,
                              first_session_id)
    return _meeting(row)


async def update(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, values: dict[str, Any]) -> Meeting:
    """Replace the editable fields."""
    return Meeting(**await one(conn, _UPDATE, org_id, meeting_id, *[values[f] for f in FIELDS]))


async def set_state(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, status: str, *,
                    convened_on: date | None = None, opened_at: datetime | None = None,
                    closed_at: datetime | None = None, quorum_met: bool | None = None,
                    opening_quorum: dict[str, Any] | None = None) -> Meeting:
    """Move the meeting to a status, stamping the dates given (and, at the opening, the quorum)."""
    row = await one(conn, _SET_STATE, org_id, meeting_id, status, convened_on, opened_at, closed_at,
                    quorum_met, opening_quorum)
    return _meeting(row)


_OFFICERS = ("UPDATE meetings SET chair = $3, secretary = $4, tellers = $5, updated_at = now() "
             "WHERE organization_id = $1 AND id = $2 RETURNING " + ", ".join(_COLUMNS))


async def set_officers(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, chair: str | None,
                       secretary: str | None, tellers: str | None) -> Meeting:
    """Record who chairs the meeting, its secretary and its tellers."""
    return _meeting(await one(conn, _OFFICERS, org_id, meeting_id, chair, secretary, tellers))


async def set_minutes_sent(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, day: date) -> Meeting:
    """Record when the minutes were sent."""
    return Meeting(**await one(conn, _MINUTES_SENT, org_id, meeting_id, day))


_ITEM_BY_ID = (items.organization_id == p(1)) & (items.id == p(2))
_ITEMS = (Q.from_(items).select(*_ITEM_COLUMNS)
          .where((items.organization_id == p(1)) & (items.meeting_id == p(2))).orderby(items.position).get_sql())
_ITEM = Q.from_(items).select(*_ITEM_COLUMNS).where(_ITEM_BY_ID).get_sql()
_ITEM_LOCK = _ITEM + " FOR UPDATE"
_ITEM_INSERT = ("INSERT INTO agenda_items (organization_id, meeting_id, position, title, description, "
                "decision_kind, draft_resolution, majority) SELECT $1, $2, coalesce(max(position), 0) + 1, "
                "$3, $4, $5, $6, $7 FROM agenda_items WHERE organization_id = $1 AND meeting_id = $2 "
                "RETURNING " + ", ".join(_ITEM_COLUMNS))
_ITEM_UPDATE = ("UPDATE agenda_items SET title = $3, description = $4, decision_kind = $5, "
                "draft_resolution = $6, majority = $7 WHERE organization_id = $1 AND id = $2 "
                "RETURNING " + ", ".join(_ITEM_COLUMNS))
_ITEM_DELETE = "DELETE FROM agenda_items WHERE organization_id = $1 AND id = $2"
_ITEM_RENUMBER = ("UPDATE agenda_items i SET position = n.rn FROM (SELECT id, row_number() OVER "
                  "(ORDER BY position) AS rn FROM agenda_items WHERE organization_id = $1 AND meeting_id = $2) n "
                  "WHERE i.id = n.id AND i.position <> n.rn")
_ITEM_VOTE_STATE = ("UPDATE agenda_items SET vote_status = $3, opened_at = coalesce($4, opened_at), "
                    "closed_at = $5, adopted = $6, result = $7 WHERE organization_id = $1 AND id = $2 "
                    "RETURNING " + ", ".join(_ITEM_COLUMNS))
_COPY_ITEMS = ("INSERT INTO agenda_items (organization_id, meeting_id, position, title, description, "
               "decision_kind, draft_resolution, majority) SELECT organization_id, $3, position, title, "
               "description, decision_kind, draft_resolution, majority FROM agenda_items "
               "WHERE organization_id = $1 AND meeting_id = $2")


async def items_of(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> list[Item]:
    """The agenda, in order."""
    return [_item(r) for r in await conn.fetch(_ITEMS, org_id, meeting_id)]


async def item(conn: asyncpg.Connection, org_id: UUID, item_id: UUID, for_update: bool = False) -> Item | None:
    """One agenda item."""
    row = await conn.fetchrow(_ITEM_LOCK if for_update else _ITEM, org_id, item_id)
    return _item(row) if row else None


async def add_item(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, values: dict[str, Any]) -> Item:
    """Append an item at the end of the agenda."""
    return Item(**await one(conn, _ITEM_INSERT, org_id, meeting_id, *[values[f] for f in ITEM_FIELDS]))


async def update_item(conn: asyncpg.Connection, org_id: UUID, item_id: UUID, values: dict[str, Any]) -> Item:
    """Replace an item's text and rule."""
    return Item(**await one(conn, _ITEM_UPDATE, org_id, item_id, *[values[f] for f in ITEM_FIELDS]))


async def delete_item(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, item_id: UUID) -> None:
    """Remove an item and renumber the rest."""
    await conn.execute(_ITEM_DELETE, org_id, item_id)
    await conn.execute("SET CONSTRAINTS agenda_items_meeting_id_position_key DEFERRED")
    await conn.execute(_ITEM_RENUMBER, org_id, meeting_id)


async def set_vote_state(conn: asyncpg.Connection, org_id: UUID, item_id: UUID, status: str,
                         opened_at: datetime | None = None, closed_at: datetime | None = None,
                         adopted: bool | None = None, result: dict[str, Any] | None = None) -> Item:
    """Open or close the vote on a resolution (with its result when closed)."""
    row = await one(conn, _ITEM_VOTE_STATE, org_id, item_id, status, opened_at, closed_at, adopted, result)
    return _item(row)


async def copy_items(conn: asyncpg.Connection, org_id: UUID, from_meeting: UUID, to_meeting: UUID) -> None:
    """Copy an agenda onto another meeting (a second session)."""
    await conn.execute(_COPY_ITEMS, org_id, from_meeting, to_meeting)
