"""The reminder ladder's tables: a building's steps, the reminders sent and the items they cover, the holds."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class PolicyStep:
    building_id: UUID
    step: int
    delay_days: int
    channel: str
    cost: Decimal


_step = reader(PolicyStep)


@dataclass(frozen=True)
class Reminder:
    id: UUID
    building_id: UUID
    owner_id: UUID
    owner_name: str
    step: int
    channel: str
    sent_on: date
    amount: Decimal
    cost: Decimal
    registered_on: date | None
    tracking_number: str | None


_reminder = reader(Reminder)


@dataclass(frozen=True)
class Hold:
    id: UUID
    owner_id: UUID
    kind: str
    reason: str
    starts_on: date
    ends_on: date
    ended_on: date | None


_hold = reader(Hold)

_NAME = "coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))"
_STEPS = ("SELECT building_id, step, delay_days, channel, cost FROM reminder_policy_steps "
          "WHERE organization_id = $1 AND ($2::uuid IS NULL OR building_id = $2) ORDER BY building_id, step")
_CLEAR = "DELETE FROM reminder_policy_steps WHERE organization_id = $1 AND building_id = $2"
_PUT = """
INSERT INTO reminder_policy_steps (organization_id, building_id, step, delay_days, channel, cost)
SELECT $1, $2, s, d, c, k FROM unnest($3::smallint[], $4::int[], $5::text[], $6::numeric[]) AS x(s, d, c, k)
"""
_R_COLS = (f"r.id, r.building_id, r.owner_id, {_NAME} AS owner_name, r.step, r.channel, r.sent_on, r.amount, "
           "r.cost, r.registered_on, r.tracking_number")
_R_JOIN = "JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id"
_R_FROM = f"FROM reminders r {_R_JOIN}"
_INSERT = f"""
WITH r AS (INSERT INTO reminders (organization_id, building_id, owner_id, step, channel, sent_on, amount, cost,
                                  created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *)
SELECT {_R_COLS} FROM r {_R_JOIN}
"""
# Each item once per step: an item already covered at this step (a run that raced another) is skipped.
_ITEMS = """
INSERT INTO reminder_items (organization_id, reminder_id, owner_id, entry_id, step, due_date, outstanding)
SELECT $1, $2, $3, e, $4, d, a FROM unnest($5::uuid[], $6::date[], $7::numeric[]) AS x(e, d, a)
ON CONFLICT DO NOTHING
"""
_DONE = """
SELECT ri.owner_id, ri.entry_id, ri.step, r.channel, r.registered_on, r.sent_on
FROM reminder_items ri JOIN reminders r ON r.organization_id = ri.organization_id AND r.id = ri.reminder_id
WHERE ri.organization_id = $1 AND r.building_id = $2
"""
_LIST = f"""SELECT {_R_COLS} {_R_FROM}
WHERE r.organization_id = $1 AND r.building_id = $2 ORDER BY r.sent_on DESC, r.step DESC, r.created_at DESC LIMIT $3"""
_GET = f"SELECT {_R_COLS} {_R_FROM} WHERE r.organization_id = $1 AND r.id = $2"
_LINK = "UPDATE reminders SET outbox_id = $3, cost_entry_id = $4 WHERE organization_id = $1 AND id = $2"
_REGISTERED = f"""
WITH r AS (UPDATE reminders SET registered_on = $3, tracking_number = $4
           WHERE organization_id = $1 AND id = $2 AND channel = 'registered' RETURNING *)
SELECT {_R_COLS} FROM r {_R_JOIN}
"""
_H_COLS = "id, owner_id, kind, reason, starts_on, ends_on, ended_on"
_ADD_HOLD = f"""INSERT INTO owner_holds (organization_id, owner_id, kind, reason, starts_on, ends_on, created_by)
VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING {_H_COLS}"""
_HOLDS = f"SELECT {_H_COLS} FROM owner_holds WHERE organization_id = $1 AND owner_id = $2 ORDER BY starts_on DESC, id"
_END_HOLD = f"""UPDATE owner_holds SET ended_on = $3 WHERE organization_id = $1 AND id = $2 AND ended_on IS NULL
RETURNING {_H_COLS}"""
_GET_HOLD = f"SELECT {_H_COLS} FROM owner_holds WHERE organization_id = $1 AND id = $2"
_HELD = """SELECT DISTINCT owner_id FROM owner_holds WHERE organization_id = $1 AND ended_on IS NULL
AND $2::date BETWEEN starts_on AND ends_on"""


async def steps(conn: asyncpg.Connection, org_id: UUID, building_id: UUID | None) -> list[PolicyStep]:
    """The steps the buildings set (none: the defaults), by building and number."""
    return [_step(r) for r in await conn.fetch(_STEPS, org_id, building_id)]


async def put_steps(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                    rows: list[tuple[int, int, str, Decimal]]) -> None:
    """Replace the building's ladder (number, delay, channel, cost)."""
    await conn.execute(_CLEAR, org_id, building_id)
    await conn.execute(_PUT, org_id, building_id, [r[0] for r in rows], [r[1] for r in rows],
                       [r[2] for r in rows], [r[3] for r in rows])


async def insert_reminder(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID, step: int,
                          channel: str, sent_on: date, amount: Decimal, cost: Decimal,
                          user_id: UUID | None) -> Reminder:
    """A reminder sent (or to send by registered mail)."""
    row = await conn.fetchrow(_INSERT, org_id, building_id, owner_id, step, channel, sent_on, amount, cost, user_id)
    assert row is not None  # an INSERT … RETURNING
    return _reminder(row)


async def cover(conn: asyncpg.Connection, org_id: UUID, reminder_id: UUID, owner_id: UUID, step: int,
                items: list[tuple[UUID, date, Decimal]]) -> None:
    """The items a reminder covers at its step."""
    await conn.execute(_ITEMS, org_id, reminder_id, owner_id, step, [i[0] for i in items], [i[1] for i in items],
                       [i[2] for i in items])


async def link(conn: asyncpg.Connection, org_id: UUID, reminder_id: UUID, outbox_id: UUID | None,
               entry_id: UUID | None) -> None:
    """The reminder's e-mail and cost entry."""
    await conn.execute(_LINK, org_id, reminder_id, outbox_id, entry_id)


async def done(conn: asyncpg.Connection, org_id: UUID,
               building_id: UUID) -> list[tuple[UUID, UUID, int, str, date | None, date]]:
    """(owner, item entry, step, channel, registered on, sent on) for every item step sent in the building."""
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in await conn.fetch(_DONE, org_id, building_id)]


async def reminders(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, limit: int = 200) -> list[Reminder]:
    """The building's reminders, the latest first."""
    return [_reminder(r) for r in await conn.fetch(_LIST, org_id, building_id, limit)]


async def get(conn: asyncpg.Connection, org_id: UUID, reminder_id: UUID) -> Reminder | None:
    row = await conn.fetchrow(_GET, org_id, reminder_id)
    return _reminder(row) if row else None


async def registered(conn: asyncpg.Connection, org_id: UUID, reminder_id: UUID, on: date,
                     tracking: str) -> Reminder | None:
    """Record a registered letter's deposit (None: not a registered step)."""
    row = await conn.fetchrow(_REGISTERED, org_id, reminder_id, on, tracking)
    return _reminder(row) if row else None


async def add_hold(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, kind: str, reason: str, starts: date,
                   ends: date, user_id: UUID) -> Hold:
    row = await conn.fetchrow(_ADD_HOLD, org_id, owner_id, kind, reason, starts, ends, user_id)
    assert row is not None  # an INSERT … RETURNING
    return _hold(row)


async def holds(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> list[Hold]:
    return [_hold(r) for r in await conn.fetch(_HOLDS, org_id, owner_id)]


async def get_hold(conn: asyncpg.Connection, org_id: UUID, hold_id: UUID) -> Hold | None:
    row = await conn.fetchrow(_GET_HOLD, org_id, hold_id)
    return _hold(row) if row else None


async def end_hold(conn: asyncpg.Connection, org_id: UUID, hold_id: UUID, on: date) -> Hold | None:
    row = await conn.fetchrow(_END_HOLD, org_id, hold_id, on)
    return _hold(row) if row else None


async def held(conn: asyncpg.Connection, org_id: UUID, today: date) -> set[UUID]:
    """The owners a hold stops the ladder for today."""
    return {r[0] for r in await conn.fetch(_HELD, org_id, today)}


# the buildings where an owner was ever debited: the daily job's rounds (the organisation's, each building's own)
_BUILDINGS_DUE = """
SELECT DISTINCT b.organization_id, b.id FROM buildings b
WHERE EXISTS (SELECT 1 FROM entry_lines l WHERE l.organization_id = b.organization_id AND l.building_id = b.id
              AND l.owner_id IS NOT NULL AND l.debit > 0)
ORDER BY b.organization_id, b.id
"""


async def buildings_to_remind(conn: asyncpg.Connection) -> list[tuple[UUID, UUID]]:
    """(organisation, building) of every building whose owners were ever debited, across organisations."""
    return [(r["organization_id"], r["id"]) for r in await conn.fetch(_BUILDINGS_DUE)]
