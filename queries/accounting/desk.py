"""What the books put on the desk: fiscal years past their end not closed yet."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class YearToClose:
    id: UUID
    building_id: UUID
    building_name: str
    starts_on: date
    ends_on: date


_year_to_close = reader(YearToClose)
_YEARS_TO_CLOSE = """
SELECT y.id, y.building_id, b.name AS building_name, y.starts_on, y.ends_on
FROM fiscal_years y JOIN buildings b ON b.organization_id = y.organization_id AND b.id = y.building_id
WHERE y.organization_id = $1 AND y.state <> 'closed' AND y.ends_on < $2
  AND ($3::uuid[] IS NULL OR y.building_id = ANY($3::uuid[]))
ORDER BY y.ends_on, lower(b.name), y.id
"""


async def years_to_close(conn: asyncpg.Connection, org_id: UUID, today: date,
                         building_ids: list[UUID] | None) -> list[YearToClose]:
    """The organisation's fiscal years ended before today and not closed (within these buildings, if given)."""
    return [_year_to_close(r) for r in await conn.fetch(_YEARS_TO_CLOSE, org_id, today, building_ids)]
