"""Lots (units) of a building: rows, the lots table with their current owners, quota totals."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import asyncpg
from pypika import PostgreSQLQuery as Q
from pypika import Table
from pypika import analytics as an
from pypika import functions as fn
from pypika.terms import PseudoColumn, Star

from queries.platform import audit
from queries.rows import reader
from queries.sql import any_of, int_p, one, p, returning

units = Table("units")
FIELDS = ("building_id", "number", "unit_type", "floor", "surface_area", "quota")
EDITABLE = ("number", "unit_type", "floor", "surface_area", "quota")
_COLUMNS = ("id", "organization_id", *FIELDS, "created_at", "updated_at")



@dataclass(frozen=True)
class Unit:
    id: UUID
    organization_id: UUID
    building_id: UUID
    number: str
    unit_type: str
    floor: int | None
    surface_area: Decimal | None
    quota: int
    created_at: datetime
    updated_at: datetime


_NATURAL = PseudoColumn('"number" COLLATE lot_number')
_ORG_ID = (units.organization_id == p(1)) & (units.id == p(2))
_GET = Q.from_(units).select(*_COLUMNS).where(_ORG_ID).get_sql()
_LOCK = _GET + " FOR UPDATE"
_INSERT = (returning(Q.into(units).columns("organization_id", *FIELDS)
           .insert(*[p(i) for i in range(1, len(FIELDS) + 2)]), *_COLUMNS).get_sql())
_CREATE = audit.creating(_INSERT, "unit", len(FIELDS) + 1)
_update = Q.update(units)
for _i, _name in enumerate(EDITABLE, start=3):
    _update = _update.set(_name, p(_i))
_UPDATE = returning(_update.set(units.updated_at, fn.Now()).where(_ORG_ID), *_COLUMNS).get_sql()
_DELETE = returning(Q.from_(units).delete().where(_ORG_ID), units.id).get_sql()
_PAGE = (Q.from_(units).select(*_COLUMNS, an.Count(Star()).over().as_("total"))
         .orderby(units.building_id).orderby(_NATURAL).orderby(units.id))
_LIST = _PAGE.where(units.organization_id == p(1)).limit(int_p(2)).offset(int_p(3)).get_sql()
_LIST_IN_BUILDING = (_PAGE.where((units.organization_id == p(1)) & (units.building_id == p(4)))
                     .limit(int_p(2)).offset(int_p(3)).get_sql())
_LIST_AMONG = (_PAGE.where((units.organization_id == p(1)) & (units.building_id == any_of(p(4))))
               .limit(int_p(2)).offset(int_p(3)).get_sql())
# An owner sees the lots on which they (through an owner record) hold a right today or later.
_MINE = """ AND u.id IN (SELECT r.unit_id FROM unit_owners r JOIN owners o
    ON o.organization_id = r.organization_id AND o.id = r.owner_id
    WHERE r.organization_id = $1 AND o.user_id = {user} AND (r.end_date IS NULL OR r.end_date > CURRENT_DATE))"""
_SELECT_U = "SELECT " + ", ".join(f"u.{c}" for c in _COLUMNS)
_LIST_MINE = (_SELECT_U + ", count(*) OVER () AS total FROM units u WHERE u.organization_id = $1"
              + " AND ($4::uuid IS NULL OR u.building_id = $4)" + _MINE.format(user="$5")
              + " ORDER BY u.building_id, u.number COLLATE lot_number, u.id LIMIT $2 OFFSET $3")
_GET_MINE = _SELECT_U + " FROM units u WHERE u.organization_id = $1 AND u.id = $2" + _MINE.format(user="$3")
_NUMBERS = (Q.from_(units).select(units.number)
            .where((units.organization_id == p(1)) & (units.building_id == p(2))).get_sql())
_QUOTA_HELD = (Q.from_(units).select(fn.Coalesce(fn.Sum(units.quota), 0))
               .where((units.organization_id == p(1)) & (units.building_id == p(2))).get_sql())
_HAS_RIGHTS = "SELECT EXISTS (SELECT 1 FROM unit_owners WHERE organization_id = $1 AND unit_id = $2)"


_unit = reader(Unit)


async def get(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID, owner_user_id: UUID | None = None) -> Unit | None:
    """One lot (only one the user holds a right on, when owner_user_id is set)."""
    if owner_user_id is None:
        row = await conn.fetchrow(_GET, org_id, unit_id)
    else:
        row = await conn.fetchrow(_GET_MINE, org_id, unit_id, owner_user_id)
    return _unit(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> Unit | None:
    """The lot, locked until the end of the transaction (its rights are being changed)."""
    row = await conn.fetchrow(_LOCK, org_id, unit_id)
    return _unit(row) if row else None


async def list_page(conn: asyncpg.Connection, org_id: UUID, building_id: UUID | None, limit: int, offset: int,
                    owner_user_id: UUID | None = None, among: list[UUID] | None = None) -> tuple[list[Unit], int]:
    """One page of lots (of one building, or all, or those of the buildings `among` a list), by building and
    number, with the total count."""
    if owner_user_id is not None:
        rows = await conn.fetch(_LIST_MINE, org_id, limit, offset, building_id, owner_user_id)
    elif building_id is None and among is not None:
        rows = await conn.fetch(_LIST_AMONG, org_id, limit, offset, among)
    elif building_id is None:
        rows = await conn.fetch(_LIST, org_id, limit, offset)
    else:
        rows = await conn.fetch(_LIST_IN_BUILDING, org_id, limit, offset, building_id)
    return [_unit(r) for r in rows], (rows[0]["total"] if rows else 0)


async def insert(conn: asyncpg.Connection, org_id: UUID, values: dict) -> Unit:
    """A new lot."""
    return _unit(await one(conn, _INSERT, org_id, *[values[f] for f in FIELDS]))


async def create(conn: asyncpg.Connection, org_id: UUID, values: dict, user_id: UUID, role: str | None) -> Unit:
    """A new lot and its audit entry (by this user in this role), in one statement."""
    return _unit(await one(conn, _CREATE, org_id, *[values[f] for f in FIELDS], user_id, role))


async def insert_many(conn: asyncpg.Connection, org_id: UUID, rows: list[dict]) -> list[UUID]:
    """Many new lots in one statement (the CSV import); their ids in the given order."""
    sql = ("INSERT INTO units (organization_id, building_id, number, unit_type, floor, surface_area, quota) "
           "SELECT $1, b, n, t, f, s, q FROM unnest($2::uuid[], $3::text[], $4::text[], $5::int[], "
           "$6::numeric[], $7::int[]) WITH ORDINALITY AS x(b, n, t, f, s, q, i) ORDER BY i RETURNING id")
    cols = [[r[f] for r in rows] for f in FIELDS]
    return [r["id"] for r in await conn.fetch(sql, org_id, *cols)]


async def update(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID, values: dict) -> Unit | None:
    """Replace the editable fields."""
    row = await conn.fetchrow(_UPDATE, org_id, unit_id, *[values[f] for f in EDITABLE])
    return _unit(row) if row else None


async def delete(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> bool:
    """Delete a lot (refused by the database while rights or charges point at it)."""
    return await conn.fetchval(_DELETE, org_id, unit_id) is not None


async def numbers(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> set[str]:
    """The lot numbers already used in the building."""
    return {r["number"] for r in await conn.fetch(_NUMBERS, org_id, building_id)}


async def quota_held(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> int:
    """The sum of the quotas of the building's lots."""
    return await conn.fetchval(_QUOTA_HELD, org_id, building_id)


async def has_rights(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> bool:
    """Whether the lot has any ownership right, past or present."""
    return await conn.fetchval(_HAS_RIGHTS, org_id, unit_id)
