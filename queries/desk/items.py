"""What needs doing, one set-based statement per kind across the organisation's buildings (never one per
building): drafts to approve, minutes to send, agenda requests to answer, ordinary assemblies to convene in their
window, convocations that failed to send. `$2` is the member's building list (NULL: every building)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from queries.rows import reader
from queries.sql import one

_IN_REACH = "($2::uuid[] IS NULL OR {col} = ANY($2::uuid[]))"


@dataclass(frozen=True)
class Drafts:
    building_id: UUID
    building_name: str
    n: int
    first_id: UUID
    first_description: str
    due: date | None


@dataclass(frozen=True)
class MinutesToSend:
    meeting_id: UUID
    building_id: UUID
    building_name: str
    jurisdiction: str
    title: str
    day: date
    status: str
    minutes_sent_on: date | None


@dataclass(frozen=True)
class Requests:
    building_id: UUID
    building_name: str
    n: int
    oldest: date


@dataclass(frozen=True)
class FailedConvocations:
    meeting_id: UUID
    building_id: UUID
    building_name: str
    title: str
    day: date
    n: int


@dataclass(frozen=True)
class WindowDue:
    building_id: UUID
    building_name: str
    starts_on: date
    ends_on: date
    notice: int
    draft_id: UUID | None


_drafts, _minutes, _requests = reader(Drafts), reader(MinutesToSend), reader(Requests)
_failed, _window = reader(FailedConvocations), reader(WindowDue)

_DRAFTS = f"""
SELECT e.building_id, b.name AS building_name, count(*) AS n,
       (array_agg(e.id ORDER BY e.created_at, e.id))[1] AS first_id,
       (array_agg(e.description ORDER BY e.created_at, e.id))[1] AS first_description, min(e.due_date) AS due
FROM expenses e JOIN buildings b ON b.organization_id = e.organization_id AND b.id = e.building_id
WHERE e.organization_id = $1 AND e.status = 'draft' AND {_IN_REACH.format(col="e.building_id")}
GROUP BY e.building_id, b.name
"""
_MINUTES = f"""
SELECT m.id AS meeting_id, m.building_id, b.name AS building_name, b.jurisdiction, m.title,
       m.scheduled_at::date AS day, m.status, m.minutes_sent_on
FROM meetings m JOIN buildings b ON b.organization_id = m.organization_id AND b.id = m.building_id
WHERE m.organization_id = $1 AND m.status = 'closed' AND m.minutes_sent_on IS NULL
  AND {_IN_REACH.format(col="m.building_id")}
"""
_REQUESTS = f"""
SELECT r.building_id, b.name AS building_name, count(*) AS n, min(r.requested_at)::date AS oldest
FROM agenda_requests r JOIN buildings b ON b.organization_id = r.organization_id AND b.id = r.building_id
WHERE r.organization_id = $1 AND r.status = 'pending' AND {_IN_REACH.format(col="r.building_id")}
GROUP BY r.building_id, b.name
"""
_FAILED = f"""
SELECT m.id AS meeting_id, m.building_id, b.name AS building_name, m.title, m.scheduled_at::date AS day,
       count(*) AS n
FROM meeting_mailings mm
JOIN outbox o ON o.organization_id = mm.organization_id AND o.id = mm.outbox_id
JOIN meetings m ON m.organization_id = mm.organization_id AND m.id = mm.meeting_id
JOIN buildings b ON b.organization_id = m.organization_id AND b.id = m.building_id
WHERE mm.organization_id = $1 AND mm.document = 'convocation' AND o.status = 'failed'
  AND m.status IN ('convened', 'open') AND {_IN_REACH.format(col="m.building_id")}
GROUP BY m.id, m.building_id, b.name, m.title, m.scheduled_at
"""
# each building's next window (this year's unless it is over), shown from 30 days before the last day to convene
# for its first day, until an ordinary assembly is convened (or held) within it
_WINDOWS = f"""
WITH w AS (
    SELECT w.building_id, b.name AS building_name, w.days,
           coalesce(b.notice_days, CASE WHEN b.jurisdiction = 'FR' THEN 21 ELSE 15 END) AS notice,
           make_date(extract(year FROM $3::date)::int, w.starts_month, w.starts_day) AS this_year
    FROM assembly_windows w JOIN buildings b ON b.organization_id = w.organization_id AND b.id = w.building_id
    WHERE w.organization_id = $1 AND {_IN_REACH.format(col="w.building_id")}
), n AS (
    SELECT building_id, building_name, notice, days,
           CASE WHEN this_year + days - 1 < $3::date THEN (this_year + interval '1 year')::date ELSE this_year END
             AS starts_on
    FROM w
)
SELECT n.building_id, n.building_name, n.starts_on, n.starts_on + n.days - 1 AS ends_on, n.notice,
       (SELECT m.id FROM meetings m WHERE m.organization_id = $1 AND m.building_id = n.building_id
          AND m.meeting_type = 'ordinary' AND m.status = 'draft'
          AND m.scheduled_at::date BETWEEN n.starts_on AND n.starts_on + n.days - 1
        ORDER BY m.scheduled_at LIMIT 1) AS draft_id
FROM n
WHERE $3::date >= n.starts_on - n.notice - 30
  AND NOT EXISTS (SELECT 1 FROM meetings m WHERE m.organization_id = $1 AND m.building_id = n.building_id
                  AND m.meeting_type = 'ordinary' AND m.status IN ('convened', 'open', 'closed')
                  AND m.scheduled_at::date BETWEEN n.starts_on AND n.starts_on + n.days - 1)
"""


async def drafts(conn: asyncpg.Connection, org_id: UUID, buildings: list[UUID] | None) -> list[Drafts]:
    """Expenses in draft, per building."""
    return [_drafts(r) for r in await conn.fetch(_DRAFTS, org_id, buildings)]


async def minutes_to_send(conn: asyncpg.Connection, org_id: UUID, buildings: list[UUID] | None) -> list[MinutesToSend]:
    """Assemblies closed whose minutes were not sent."""
    return [_minutes(r) for r in await conn.fetch(_MINUTES, org_id, buildings)]


async def pending_requests(conn: asyncpg.Connection, org_id: UUID, buildings: list[UUID] | None) -> list[Requests]:
    """Owners' agenda requests awaiting an answer, per building."""
    return [_requests(r) for r in await conn.fetch(_REQUESTS, org_id, buildings)]


async def failed_convocations(conn: asyncpg.Connection, org_id: UUID,
                              buildings: list[UUID] | None) -> list[FailedConvocations]:
    """Convened assemblies with convocations the mail server refused or gave up on."""
    return [_failed(r) for r in await conn.fetch(_FAILED, org_id, buildings)]


async def windows_due(conn: asyncpg.Connection, org_id: UUID, buildings: list[UUID] | None,
                      today: date) -> list[WindowDue]:
    """Buildings whose ordinary assembly is to be convened for their coming window."""
    return [_window(r) for r in await conn.fetch(_WINDOWS, org_id, buildings, today)]


@dataclass(frozen=True)
class Window:
    building_id: UUID
    starts_month: int
    starts_day: int
    days: int


_w = reader(Window)
_GET_WINDOW = ("SELECT building_id, starts_month, starts_day, days FROM assembly_windows "
               "WHERE organization_id = $1 AND building_id = $2")
_SET_WINDOW = """
INSERT INTO assembly_windows (organization_id, building_id, starts_month, starts_day, days) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (organization_id, building_id) DO UPDATE
SET starts_month = EXCLUDED.starts_month, starts_day = EXCLUDED.starts_day, days = EXCLUDED.days, updated_at = now()
RETURNING building_id, starts_month, starts_day, days
"""
_CLEAR_WINDOW = "DELETE FROM assembly_windows WHERE organization_id = $1 AND building_id = $2"


async def window(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> Window | None:
    """The building's ordinary-assembly window, if set."""
    row = await conn.fetchrow(_GET_WINDOW, org_id, building_id)
    return _w(row) if row else None


async def set_window(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, month: int, day: int,
                     days: int) -> Window:
    """Set the building's window."""
    return _w(await one(conn, _SET_WINDOW, org_id, building_id, month, day, days))


async def clear_window(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> None:
    """Forget the building's window."""
    await conn.execute(_CLEAR_WINDOW, org_id, building_id)


# the demo's one convocation the mail server refused (a mailbox that does not exist)
_REFUSE_ONE = """
UPDATE outbox SET status = 'failed', attempts = 1, last_error = $3
WHERE organization_id = $1 AND id = (SELECT outbox_id FROM meeting_mailings WHERE organization_id = $1
    AND meeting_id = $2 AND document = 'convocation' AND outbox_id IS NOT NULL ORDER BY created_at, id LIMIT 1)
"""


async def refuse_one_convocation(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, error: str) -> None:
    """Mark one of the meeting's convocations as refused by the mail server (demo data)."""
    await conn.execute(_REFUSE_ONE, org_id, meeting_id, error)


_HELD_ON = "UPDATE meetings SET scheduled_at = $3 WHERE organization_id = $1 AND id = $2"


async def held_on_for_demo(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, at: datetime) -> None:
    """Put a demo assembly's date in the past (it was held then)."""
    await conn.execute(_HELD_ON, org_id, meeting_id, at)
