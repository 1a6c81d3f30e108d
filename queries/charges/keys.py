"""Sharing keys (clés de répartition) of a building and each covered lot's weight."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import asyncpg
from pypika import Parameter, Table
from pypika import PostgreSQLQuery as Q

from queries.rows import reader
from queries.sql import one, p, returning

sharing_keys = Table("sharing_keys")
sharing_key_weights = Table("sharing_key_weights")
_COLUMNS = ("id", "organization_id", "building_id", "name", "created_at", "updated_at")



@dataclass(frozen=True)
class SharingKey:
    id: UUID
    organization_id: UUID
    building_id: UUID
    name: str
    created_at: datetime
    updated_at: datetime
    lot_count: int = 0
    total_weight: Decimal = Decimal(0)


_sharing_key = reader(SharingKey)


@dataclass(frozen=True)
class KeyWeight:
    unit_id: UUID
    weight: Decimal


_key_weight = reader(KeyWeight)


_LIST = """
SELECT k.id, k.organization_id, k.building_id, k.name, k.created_at, k.updated_at,
       count(w.unit_id)::int AS lot_count, coalesce(sum(w.weight), 0) AS total_weight
FROM sharing_keys k LEFT JOIN sharing_key_weights w ON w.key_id = k.id AND w.organization_id = k.organization_id
WHERE k.organization_id = $1 AND k.building_id = $2
GROUP BY k.organization_id, k.id ORDER BY lower(k.name), k.id
"""
_GET = (Q.from_(sharing_keys).select(*_COLUMNS)
        .where((sharing_keys.organization_id == p(1)) & (sharing_keys.id == p(2))).get_sql())
_LOCK = _GET + " FOR UPDATE"
_INSERT = (returning(Q.into(sharing_keys).columns("organization_id", "building_id", "name")
           .insert(p(1), p(2), p(3)), *_COLUMNS).get_sql())
_RENAME = (returning(Q.update(sharing_keys).set(sharing_keys.name, p(3)).set(sharing_keys.updated_at, Parameter("now()"))
           .where((sharing_keys.organization_id == p(1)) & (sharing_keys.id == p(2))), *_COLUMNS).get_sql())
_WEIGHTS = (Q.from_(sharing_key_weights).select("unit_id", "weight")
            .where((sharing_key_weights.organization_id == p(1)) & (sharing_key_weights.key_id == p(2)))
            .get_sql())
_CLEAR = (Q.from_(sharing_key_weights).delete()
          .where((sharing_key_weights.organization_id == p(1)) & (sharing_key_weights.key_id == p(2)))
          .get_sql())
_FILL = """
INSERT INTO sharing_key_weights (organization_id, key_id, unit_id, weight)
SELECT $1, $2, u, w FROM unnest($3::uuid[], $4::numeric[]) AS t(u, w)
"""


async def list_for_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[SharingKey]:
    """The building's keys by name, with the number of lots covered and their total weight."""
    return [_sharing_key(r) for r in await conn.fetch(_LIST, org_id, building_id)]


async def get(conn: asyncpg.Connection, org_id: UUID, key_id: UUID) -> SharingKey | None:
    """One key of the organisation."""
    row = await conn.fetchrow(_GET, org_id, key_id)
    return _sharing_key(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, key_id: UUID) -> SharingKey | None:
    """One key, locked until the end of the transaction."""
    row = await conn.fetchrow(_LOCK, org_id, key_id)
    return _sharing_key(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, name: str) -> SharingKey:
    """A new, empty key."""
    return SharingKey(**await one(conn, _INSERT, org_id, building_id, name))


async def rename(conn: asyncpg.Connection, org_id: UUID, key_id: UUID, name: str) -> SharingKey | None:
    """Change a key's name."""
    row = await conn.fetchrow(_RENAME, org_id, key_id, name)
    return _sharing_key(row) if row else None


async def weights(conn: asyncpg.Connection, org_id: UUID, key_id: UUID) -> list[KeyWeight]:
    """The weight of every lot the key covers."""
    return [_key_weight(r) for r in await conn.fetch(_WEIGHTS, org_id, key_id)]


async def clear_weights(conn: asyncpg.Connection, org_id: UUID, key_id: UUID) -> None:
    """Remove every weight of a key (before writing the new set)."""
    await conn.execute(_CLEAR, org_id, key_id)


async def fill_weights(conn: asyncpg.Connection, org_id: UUID, key_id: UUID,
                       unit_ids: list[UUID], values: list[Decimal]) -> None:
    """Write a key's weights in one statement."""
    await conn.execute(_FILL, org_id, key_id, unit_ids, values)


_WEIGHTS_OF = """
SELECT key_id, unit_id, weight FROM sharing_key_weights WHERE organization_id = $1 AND key_id = ANY($2::uuid[])
"""


async def weights_of(conn: asyncpg.Connection, org_id: UUID, key_ids: list[UUID]) -> dict[UUID, dict[UUID, Decimal]]:
    """The weights of many keys at once: {key: {lot: weight}} (a key covering no lot: an empty map)."""
    out: dict[UUID, dict[UUID, Decimal]] = {k: {} for k in key_ids}
    for r in await conn.fetch(_WEIGHTS_OF, org_id, key_ids):
        out[r["key_id"]][r["unit_id"]] = r["weight"]
    return out
