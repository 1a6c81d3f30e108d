"""Late interest's tables: a building's bylaws rate, the interest charged per owner, the formal notice's date."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

_SETTING = "SELECT bylaws_rate, bylaws_clause FROM interest_settings WHERE organization_id = $1 AND building_id = $2"
_LAST = """SELECT max(to_date) FROM interest_charges
WHERE organization_id = $1 AND building_id = $2 AND owner_id = $3"""
# The formal notice: the owner's first registered letter in the building, from its deposit (or its sending).
_NOTICE = """SELECT min(coalesce(registered_on, sent_on)) FROM reminders
WHERE organization_id = $1 AND building_id = $2 AND owner_id = $3 AND channel = 'registered'"""
_INSERT = """INSERT INTO interest_charges (organization_id, building_id, owner_id, from_date, to_date, amount, entry_id)
VALUES ($1, $2, $3, $4, $5, $6, $7)"""


async def setting(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> tuple[Decimal, str] | None:
    """The bylaws' own rate and the clause providing it (None: the legal rate from the formal notice)."""
    row = await conn.fetchrow(_SETTING, org_id, building_id)
    return (row[0], row[1]) if row else None


async def last_charged(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID) -> date | None:
    """Where the last interest charged to the owner ended (exclusive)."""
    found: date | None = await conn.fetchval(_LAST, org_id, building_id, owner_id)
    return found


async def formal_notice(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID) -> date | None:
    """The day the owner's formal notice took effect (None: none sent)."""
    found: date | None = await conn.fetchval(_NOTICE, org_id, building_id, owner_id)
    return found


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID, start: date, end: date,
                 amount: Decimal, entry_id: UUID) -> None:
    """Record interest charged from `start` to `end` (exclusive)."""
    await conn.execute(_INSERT, org_id, building_id, owner_id, start, end, amount, entry_id)


# The year's issued calls not yet due on $4 in which the owner has a share, brought forward to $4 for the owner.
_BRING_FORWARD = """
INSERT INTO call_due_overrides (organization_id, call_id, owner_id, due_date, reason, decided_by)
SELECT DISTINCT c.organization_id, c.id, s.owner_id, $4::date, 'fr_19_2', $5::uuid
FROM calls c JOIN call_shares s ON s.organization_id = c.organization_id AND s.call_id = c.id
WHERE c.organization_id = $1 AND c.building_id = $2 AND s.owner_id = $3 AND c.status = 'issued'
  AND c.due_date > $4 AND c.due_date <= $6
ON CONFLICT DO NOTHING
RETURNING call_id
"""


async def bring_forward(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID, today: date,
                        user_id: UUID, year_end: date) -> list[UUID]:
    """Bring the owner's calls due after today (until the year's end) forward to today; the calls changed."""
    return [r[0] for r in await conn.fetch(_BRING_FORWARD, org_id, building_id, owner_id, today, user_id, year_end)]
