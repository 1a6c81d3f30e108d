"""Payment plans: a plan's instalments, the plans open on a day with what each owner paid since it started, a
plan lapsed (an instalment missed past its grace)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader

_ADD = """
INSERT INTO hold_instalments (organization_id, hold_id, number, due_on, amount)
SELECT $1, $2, n, d, a FROM unnest($3::smallint[], $4::date[], $5::numeric[]) AS x(n, d, a)
"""
_OF = """
SELECT hold_id, number, due_on, amount FROM hold_instalments
WHERE organization_id = $1 AND hold_id = ANY($2::uuid[]) ORDER BY hold_id, number
"""
# what the owner paid since the plan started: their accounts credited by a payment (recorded or from the bank),
# net of a payment undone
_PAID = """
coalesce((SELECT sum(l.credit - l.debit) FROM entry_lines l
          JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
          WHERE l.organization_id = h.organization_id AND l.owner_id = h.owner_id AND l.entry_date >= h.starts_on
            AND e.source_kind IN ('owner_payment', 'bank_movement')), 0)
"""
_OPEN = f"""
SELECT h.id, h.owner_id, h.starts_on, h.ends_on, {_PAID} AS paid
FROM owner_holds h
WHERE h.organization_id = $1 AND h.kind = 'payment_plan' AND h.ended_on IS NULL
  -- the day after its end too: the last instalment's grace is over then
  AND $2::date BETWEEN h.starts_on AND h.ends_on + 1 AND ($3::uuid[] IS NULL OR h.owner_id = ANY($3))
ORDER BY h.owner_id, h.starts_on, h.id
"""
_OF_OWNER = f"""
SELECT h.id, h.owner_id, h.starts_on, h.ends_on, {_PAID} AS paid
FROM owner_holds h
WHERE h.organization_id = $1 AND h.owner_id = $2 AND h.kind = 'payment_plan'
ORDER BY h.starts_on DESC, h.id
"""
_LAPSE = """
UPDATE owner_holds SET ended_on = greatest($3::date, starts_on), missed_instalment = $4
WHERE organization_id = $1 AND id = $2 AND ended_on IS NULL
RETURNING id
"""
# the instalment each of these owners' plans missed, for the plans that lapsed on $3
_LAPSED_ON = """
SELECT h.owner_id, i.due_on, i.amount FROM owner_holds h
JOIN hold_instalments i ON i.organization_id = h.organization_id AND i.hold_id = h.id AND i.number = h.missed_instalment
WHERE h.organization_id = $1 AND h.owner_id = ANY($2::uuid[]) AND h.ended_on = $3
ORDER BY h.owner_id, i.due_on
"""
_MISSED = """
SELECT id, missed_instalment FROM owner_holds
WHERE organization_id = $1 AND owner_id = $2 AND missed_instalment IS NOT NULL
"""


@dataclass(frozen=True)
class StoredInstalment:
    hold_id: UUID
    number: int
    due_on: date
    amount: Decimal


@dataclass(frozen=True)
class OpenPlan:
    id: UUID
    owner_id: UUID
    starts_on: date
    ends_on: date
    paid: Decimal


_instalment = reader(StoredInstalment)
_plan = reader(OpenPlan)


async def add_instalments(conn: asyncpg.Connection, org_id: UUID, hold_id: UUID,
                          rows: list[tuple[int, date, Decimal]]) -> None:
    """The plan's instalments, in one statement."""
    await conn.execute(_ADD, org_id, hold_id, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])


async def instalments(conn: asyncpg.Connection, org_id: UUID, hold_ids: list[UUID]) -> list[StoredInstalment]:
    """The instalments of these plans, by plan and number."""
    return [_instalment(r) for r in await conn.fetch(_OF, org_id, hold_ids)]


async def open_plans(conn: asyncpg.Connection, org_id: UUID, day: date,
                     owner_ids: list[UUID] | None = None) -> list[OpenPlan]:
    """The plans running on `day` or ended the day before (these owners' only when given), with what each owner
    paid since it began."""
    return [_plan(r) for r in await conn.fetch(_OPEN, org_id, day, owner_ids)]


async def plans_of_owner(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> list[OpenPlan]:
    """Every plan of the owner (running or not), the latest first, with what they paid since each began."""
    return [_plan(r) for r in await conn.fetch(_OF_OWNER, org_id, owner_id)]


async def lapse(conn: asyncpg.Connection, org_id: UUID, hold_id: UUID, day: date, missed: int) -> bool:
    """End a plan whose instalment `missed` was not paid in time (False: it had ended already)."""
    return await conn.fetchval(_LAPSE, org_id, hold_id, day, missed) is not None


async def missed(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> dict[UUID, int]:
    """The owner's lapsed plans: the instalment each one missed."""
    return {r["id"]: r["missed_instalment"] for r in await conn.fetch(_MISSED, org_id, owner_id)}


async def lapsed_on(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID],
                    day: date) -> dict[UUID, tuple[date, Decimal]]:
    """For the owners whose plan lapsed on `day`: the missed instalment's date and amount."""
    return {r["owner_id"]: (r["due_on"], r["amount"]) for r in await conn.fetch(_LAPSED_ON, org_id, owner_ids, day)}
