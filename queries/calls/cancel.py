"""A call's cancellation: the fiscal year its entry sits in, the call marked cancelled with who, when, why and the
reversing entry, and what a cancelled call shows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from queries.rows import reader

_YEAR = """
SELECT state, starts_on, ends_on FROM fiscal_years
WHERE organization_id = $1 AND building_id = $2 AND $3::date BETWEEN starts_on AND ends_on
"""
_CANCEL = """
UPDATE calls SET status = 'cancelled', cancelled_at = now(), cancelled_by = $3, cancel_reason = $4,
                 cancel_entry_id = $5
WHERE organization_id = $1 AND id = $2 AND status = 'issued'
RETURNING cancelled_at
"""
_CANCELLATION = """
SELECT c.cancelled_at, c.cancel_reason AS reason, c.cancel_entry_id AS entry_id,
       u.full_name AS cancelled_by
FROM calls c LEFT JOIN users u ON u.id = c.cancelled_by
WHERE c.organization_id = $1 AND c.id = $2 AND c.status = 'cancelled'
"""


@dataclass(frozen=True)
class Year:
    state: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class Cancellation:
    cancelled_at: datetime
    reason: str
    entry_id: UUID
    cancelled_by: str | None


_year = reader(Year)
_cancellation = reader(Cancellation)


async def year_of(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, day: date) -> Year | None:
    """The building's fiscal year covering `day` (None: not opened yet)."""
    row = await conn.fetchrow(_YEAR, org_id, building_id, day)
    return _year(row) if row else None


async def mark_cancelled(conn: asyncpg.Connection, org_id: UUID, call_id: UUID, user_id: UUID, reason: str,
                         entry_id: UUID) -> datetime | None:
    """Mark an issued call cancelled (None: it was not issued)."""
    return await conn.fetchval(_CANCEL, org_id, call_id, user_id, reason, entry_id)


async def cancellation(conn: asyncpg.Connection, org_id: UUID, call_id: UUID) -> Cancellation | None:
    """Who cancelled the call, when and why (None: not cancelled)."""
    row = await conn.fetchrow(_CANCELLATION, org_id, call_id)
    return _cancellation(row) if row else None
