"""What the bank puts on the syndic's desk: per building, the movements left to assign."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from queries.rows import reader

# $2: the member's buildings (NULL: all)
_TO_ASSIGN = """
SELECT m.building_id, b.name AS building_name, count(*)::int AS count, min(m.booking_date) AS oldest
FROM bank_movements m JOIN buildings b ON b.organization_id = m.organization_id AND b.id = m.building_id
WHERE m.organization_id = $1 AND m.state <> 'matched' AND ($2::uuid[] IS NULL OR m.building_id = ANY($2::uuid[]))
GROUP BY m.building_id, b.name ORDER BY min(m.booking_date), b.name
"""


@dataclass(frozen=True)
class ToAssign:
    building_id: UUID
    building_name: str
    count: int
    oldest: date


_to_assign = reader(ToAssign)


async def to_assign(conn: asyncpg.Connection, org_id: UUID, buildings: list[UUID] | None) -> list[ToAssign]:
    """Per building, how many movements wait in suspense (proposals included) and since when."""
    return [_to_assign(r) for r in await conn.fetch(_TO_ASSIGN, org_id, buildings)]
