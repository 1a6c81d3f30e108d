"""The formal notices of many owners at once: each owner's first registered letter per building, from its deposit
(or its sending) — what the arrears screen offers France's art. 19-2 action from."""
from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg

# $2 a building or NULL (every building), $3 the buildings a member is limited to or NULL
_NOTICES = """
SELECT r.building_id, r.owner_id, min(coalesce(r.registered_on, r.sent_on)) AS notified_on
FROM reminders r JOIN buildings b ON b.organization_id = r.organization_id AND b.id = r.building_id
WHERE r.organization_id = $1 AND r.channel = 'registered' AND b.jurisdiction = 'FR'
  AND ($2::uuid IS NULL OR r.building_id = $2) AND ($3::uuid[] IS NULL OR r.building_id = ANY($3))
GROUP BY r.building_id, r.owner_id
"""


async def french_notices(conn: asyncpg.Connection, org_id: UUID, building_id: UUID | None,
                         only: list[UUID] | None) -> dict[tuple[UUID, UUID], date]:
    """(building, owner) → the day the formal notice took effect, in French buildings."""
    rows = await conn.fetch(_NOTICES, org_id, building_id, only)
    return {(r["building_id"], r["owner_id"]): r["notified_on"] for r in rows}
