"""What the calls area puts on the syndic's desk: years without a voted budget, calls due to be issued."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from queries.rows import reader

# $3: the member's buildings (NULL: all)
_UNVOTED = """
SELECT b.id AS building_id, b.name AS building_name, y.starts_on, y.ends_on
FROM fiscal_years y JOIN buildings b ON b.organization_id = y.organization_id AND b.id = y.building_id
WHERE y.organization_id = $1 AND y.state = 'open' AND $2::date BETWEEN y.starts_on AND y.ends_on
  AND ($3::uuid[] IS NULL OR b.id = ANY($3::uuid[]))
  AND NOT EXISTS (SELECT 1 FROM budgets g WHERE g.organization_id = y.organization_id AND g.building_id = b.id
                  AND g.status = 'approved' AND $2::date BETWEEN g.year_start AND g.year_end)
ORDER BY b.name, b.id
"""
_TO_ISSUE = """
SELECT c.building_id, b.name AS building_name, count(*)::int AS count, min(c.call_date) AS first_date
FROM calls c JOIN buildings b ON b.organization_id = c.organization_id AND b.id = c.building_id
WHERE c.organization_id = $1 AND c.status = 'draft' AND c.call_date <= $2::date + 14
  AND ($3::uuid[] IS NULL OR c.building_id = ANY($3::uuid[]))
GROUP BY c.building_id, b.name ORDER BY min(c.call_date), b.name
"""


@dataclass(frozen=True)
class Unvoted:
    building_id: UUID
    building_name: str
    starts_on: date
    ends_on: date


@dataclass(frozen=True)
class ToIssue:
    building_id: UUID
    building_name: str
    count: int
    first_date: date


_unvoted, _to_issue = reader(Unvoted), reader(ToIssue)


async def unvoted(conn: asyncpg.Connection, org_id: UUID, today: date, buildings: list[UUID] | None) -> list[Unvoted]:
    """Open fiscal years covering today without an approved budget."""
    return [_unvoted(r) for r in await conn.fetch(_UNVOTED, org_id, today, buildings)]


async def to_issue(conn: asyncpg.Connection, org_id: UUID, today: date, buildings: list[UUID] | None) -> list[ToIssue]:
    """Per building, the draft calls dated within two weeks (or past)."""
    return [_to_issue(r) for r in await conn.fetch(_TO_ISSUE, org_id, today, buildings)]
