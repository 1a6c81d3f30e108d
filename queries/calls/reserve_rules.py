"""The reserve-fund rules recorded on a building: the AG's waiver (decided on, its reference, the resolution) and the
provisional acceptance (BE) or completion (FR) date."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from queries.rows import reader

_COLUMNS = "building_id, waiver_decided_on, waiver_reference, waiver_resolution_id, provisional_acceptance_on"
_GET = f"SELECT {_COLUMNS} FROM reserve_rules WHERE organization_id = $1 AND building_id = $2"
_SET = f"""
INSERT INTO reserve_rules (organization_id, building_id, waiver_decided_on, waiver_reference, waiver_resolution_id,
                           provisional_acceptance_on, updated_by)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (organization_id, building_id) DO UPDATE SET waiver_decided_on = EXCLUDED.waiver_decided_on,
    waiver_reference = EXCLUDED.waiver_reference, waiver_resolution_id = EXCLUDED.waiver_resolution_id,
    provisional_acceptance_on = EXCLUDED.provisional_acceptance_on, updated_by = EXCLUDED.updated_by,
    updated_at = now()
RETURNING {_COLUMNS}
"""


@dataclass(frozen=True)
class ReserveRules:
    building_id: UUID
    waiver_decided_on: date | None
    waiver_reference: str | None
    waiver_resolution_id: UUID | None
    provisional_acceptance_on: date | None


_rules = reader(ReserveRules)


async def get(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> ReserveRules | None:
    """The building's recorded rules (None: nothing recorded)."""
    row = await conn.fetchrow(_GET, org_id, building_id)
    return _rules(row) if row else None


async def put(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, decided_on: date | None,
              reference: str | None, resolution_id: UUID | None, acceptance: date | None,
              user_id: UUID) -> ReserveRules:
    """Record the building's rules (replacing what was recorded)."""
    row = await conn.fetchrow(_SET, org_id, building_id, decided_on, reference, resolution_id, acceptance, user_id)
    assert row is not None  # INSERT … RETURNING returns its row or raises
    return _rules(row)
