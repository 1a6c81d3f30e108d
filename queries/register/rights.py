"""Read model of the register shared by charges and assemblies: each lot of a building with the rights
in force on a date (one row per lot and right; a lot without owners on that date comes with NULL owner)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from uuid import UUID

import asyncpg

from queries.rows import reader

_LOTS_AND_RIGHTS_ON = """
SELECT u.id AS unit_id, u.number AS unit_number, u.unit_type, u.floor, u.surface_area, u.quota,
       r.owner_id, r.right_kind, r.share_num, r.share_den, coalesce(r.is_contact, false) AS is_contact,
       coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       o.user_id AS owner_user_id
FROM units u
LEFT JOIN unit_owners r
       ON r.organization_id = u.organization_id AND r.unit_id = u.id
      AND r.start_date <= $3 AND (r.end_date IS NULL OR r.end_date > $3)
LEFT JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
WHERE u.organization_id = $1 AND u.building_id = $2
ORDER BY u.number, u.id, r.owner_id
"""


@dataclass(frozen=True)
class LotRight:
    unit_id: UUID
    unit_number: str
    unit_type: str
    floor: int | None
    surface_area: object
    quota: int
    owner_id: UUID | None
    right_kind: str | None
    share_num: int | None
    share_den: int | None
    is_contact: bool
    owner_name: str | None
    owner_user_id: UUID | None

    @property
    def share(self) -> Fraction | None:
        """The owner's exact share of the lot."""
        return Fraction(self.share_num, self.share_den) if self.share_num and self.share_den else None


_lot_right = reader(LotRight)


async def lots_and_rights_on(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                             day: date) -> list[LotRight]:
    """Every lot of the building with the ownership rights in force on `day` (one set-based query)."""
    return [_lot_right(r) for r in await conn.fetch(_LOTS_AND_RIGHTS_ON, org_id, building_id, day)]


_OWNERS_OF_USER = "SELECT id FROM owners WHERE organization_id = $1 AND user_id = $2 ORDER BY id"


async def owners_of_user(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> list[UUID]:
    """The owner records linked to a user account in the organisation (usually one)."""
    return [r["id"] for r in await conn.fetch(_OWNERS_OF_USER, org_id, user_id)]
