"""The lots of a building with every right held during a period (one row per lot and right)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from queries.rows import reader

_HELD_DURING = """
SELECT u.id AS unit_id, u.number AS unit_number, u.quota, r.owner_id, r.right_kind, r.share_num, r.share_den,
       r.start_date, r.end_date, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name
FROM units u
LEFT JOIN unit_owners r ON r.organization_id = u.organization_id AND r.unit_id = u.id
      AND r.start_date <= $4 AND (r.end_date IS NULL OR r.end_date > $3)
LEFT JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
WHERE u.organization_id = $1 AND u.building_id = $2
ORDER BY u.number, u.id, r.owner_id, r.start_date
"""


@dataclass(frozen=True)
class HeldRight:
    unit_id: UUID
    unit_number: str
    quota: int
    owner_id: UUID | None
    right_kind: str | None
    share_num: int | None
    share_den: int | None
    start_date: date | None
    end_date: date | None
    owner_name: str | None


_held = reader(HeldRight)


async def held_during(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, first: date,
                      last: date) -> list[HeldRight]:
    """Every lot of the building with the rights that ran on at least one day of [first, last]."""
    return [_held(r) for r in await conn.fetch(_HELD_DURING, org_id, building_id, first, last)]


_HELD_IN = """
SELECT u.building_id, u.id AS unit_id, u.number AS unit_number, u.quota, r.owner_id, r.right_kind, r.share_num,
       r.share_den, r.start_date, r.end_date,
       coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name
FROM units u
LEFT JOIN unit_owners r ON r.organization_id = u.organization_id AND r.unit_id = u.id
      AND r.start_date <= $4 AND (r.end_date IS NULL OR r.end_date > $3)
LEFT JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
WHERE u.organization_id = $1 AND u.building_id = ANY($2::uuid[])
ORDER BY u.building_id, u.number, u.id, r.owner_id, r.start_date
"""


async def held_in(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID], first: date,
                  last: date) -> dict[UUID, list[HeldRight]]:
    """`held_during` for many buildings at once: each building's rows, in the same order."""
    out: dict[UUID, list[HeldRight]] = {b: [] for b in building_ids}
    for r in await conn.fetch(_HELD_IN, org_id, building_ids, first, last):
        out[r["building_id"]].append(_held(r))
    return out
