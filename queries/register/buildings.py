"""Buildings of an organisation."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg
from pypika import Criterion, CustomFunction, Parameter, Table
from pypika import PostgreSQLQuery as Q
from pypika import analytics as an
from pypika import functions as fn
from pypika.enums import Matching
from pypika.terms import BasicCriterion, PseudoColumn, Star

from queries.rows import builder, reader
from queries.sql import any_of, int_p, like_pattern, one, p, returning

TODAY = PseudoColumn("CURRENT_DATE")

buildings = Table("buildings")
units = Table("units")
unit_owners = Table("unit_owners")
owners = Table("owners")

FIELDS = ("name", "address", "city", "postal_code", "country", "total_units", "construction_year",
          "jurisdiction", "total_quota", "notice_days", "association_number", "iban")
_COLUMNS = ("id", "organization_id", *FIELDS, "created_at", "updated_at")



@dataclass(frozen=True)
class Building:
    id: UUID
    organization_id: UUID
    name: str
    address: str
    city: str
    postal_code: str
    country: str
    total_units: int
    construction_year: int | None
    jurisdiction: str
    total_quota: int
    notice_days: int | None
    association_number: str | None  # the association of co-owners' company number (BCE / KBO)
    iban: str | None  # the account owners pay to (compact)
    created_at: datetime
    updated_at: datetime


def owned_by_user(user_param: Parameter, org_param: Parameter) -> Criterion:
    """buildings.id is one where the user (through an owner record) holds a right today or later."""
    sub = (
        Q.from_(units).join(unit_owners).on((unit_owners.unit_id == units.id)
                                            & (unit_owners.organization_id == units.organization_id))
        .join(owners).on((owners.id == unit_owners.owner_id) & (owners.organization_id == units.organization_id))
        .select(units.building_id)
        .where((units.organization_id == org_param) & (owners.user_id == user_param)
               & (unit_owners.end_date.isnull() | (unit_owners.end_date > TODAY)))
    )
    return buildings.id.isin(sub)


# accents and case folded on both sides (koprogo_fold, migration 0063): "liege" finds "Liège"
_fold = CustomFunction("koprogo_fold", ["value"])
_SEARCH = (BasicCriterion(Matching.like, _fold(buildings.name), _fold(p(2)))
           | BasicCriterion(Matching.like, _fold(buildings.city), _fold(p(2))))
_PAGE = (Q.from_(buildings).select(*_COLUMNS, an.Count(Star()).over().as_("total"))
         .orderby(fn.Lower(buildings.name)).orderby(buildings.id))
_LIST = (_PAGE.where((buildings.organization_id == p(1)) & _SEARCH)
         .limit(int_p(3)).offset(int_p(4)).get_sql())
_LIST_FOR_OWNER = (_PAGE.where((buildings.organization_id == p(1)) & _SEARCH & owned_by_user(p(5), p(1)))
                   .limit(int_p(3)).offset(int_p(4)).get_sql())
_LIST_AMONG = (_PAGE.where((buildings.organization_id == p(1)) & _SEARCH & (buildings.id == any_of(p(5))))
               .limit(int_p(3)).offset(int_p(4)).get_sql())
_GET = (Q.from_(buildings).select(*_COLUMNS)
        .where((buildings.organization_id == p(1)) & (buildings.id == p(2))).get_sql())
_GET_FOR_OWNER = (Q.from_(buildings).select(*_COLUMNS)
                  .where((buildings.organization_id == p(1)) & (buildings.id == p(2))
                         & owned_by_user(p(3), p(1))).get_sql())
_LOCK = _GET + " FOR UPDATE"
_INSERT = (returning(Q.into(buildings).columns("organization_id", *FIELDS)
           .insert(*[p(i) for i in range(1, len(FIELDS) + 2)]), *_COLUMNS).get_sql())
_update = Q.update(buildings)
for _i, _name in enumerate(FIELDS, start=3):
    _update = _update.set(_name, p(_i))
_UPDATE = (returning(_update.set(buildings.updated_at, fn.Now())
           .where((buildings.organization_id == p(1)) & (buildings.id == p(2))), *_COLUMNS).get_sql())
_DELETE = (returning(Q.from_(buildings).delete()
           .where((buildings.organization_id == p(1)) & (buildings.id == p(2))), buildings.id).get_sql())



if _COLUMNS != tuple(f.name for f in dataclasses.fields(Building)):
    raise AssertionError("buildings: _COLUMNS must list Building's fields in order")
COLUMNS = _COLUMNS
# A Building from its values in COLUMNS order: for another module's join that selects them beside its own
# columns under the same names (an owner's statement head), where the reader cannot pick them by name.
from_values = builder(Building)
_building = reader(Building)


async def list_page(conn: asyncpg.Connection, org_id: UUID, search: str | None, limit: int, offset: int,
                    owner_user_id: UUID | None = None,
                    among: list[UUID] | None = None) -> tuple[list[Building], int]:
    """One page of buildings by name, with the total count; only an owner's own when owner_user_id is set, only
    those `among` a list when one is given."""
    if owner_user_id is not None:
        rows = await conn.fetch(_LIST_FOR_OWNER, org_id, like_pattern(search), limit, offset, owner_user_id)
    elif among is not None:
        rows = await conn.fetch(_LIST_AMONG, org_id, like_pattern(search), limit, offset, among)
    else:
        rows = await conn.fetch(_LIST, org_id, like_pattern(search), limit, offset)
    total = rows[0]["total"] if rows else 0
    return [_building(r) for r in rows], total


async def get(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
              owner_user_id: UUID | None = None) -> Building | None:
    """One building of the organisation (only if the user owns a lot in it, when owner_user_id is set)."""
    if owner_user_id is None:
        row = await conn.fetchrow(_GET, org_id, building_id)
    else:
        row = await conn.fetchrow(_GET_FOR_OWNER, org_id, building_id, owner_user_id)
    return _building(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> Building | None:
    """The building, locked until the end of the transaction (invariants spanning its lots)."""
    row = await conn.fetchrow(_LOCK, org_id, building_id)
    return _building(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, values: dict) -> Building:
    """A new building."""
    return _building(await one(conn, _INSERT, org_id, *[values[f] for f in FIELDS]))


async def update(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, values: dict) -> Building | None:
    """Replace the editable fields."""
    row = await conn.fetchrow(_UPDATE, org_id, building_id, *[values[f] for f in FIELDS])
    return _building(row) if row else None


async def delete(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> bool:
    """Delete a building (refused by the database while rows still point at it)."""
    return await conn.fetchval(_DELETE, org_id, building_id) is not None


_QUOTA_HELD = (Q.from_(units).select(fn.Coalesce(fn.Sum(units.quota), 0))
               .where((units.organization_id == p(1)) & (units.building_id == p(2))).get_sql())


async def quota_held(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> int:
    """The sum of the quotas of the building's lots."""
    return await conn.fetchval(_QUOTA_HELD, org_id, building_id)


_LOCK_ALL = (Q.from_(buildings).select(*_COLUMNS).where(buildings.organization_id == p(1))
             .orderby(buildings.id).get_sql() + " FOR UPDATE")
_LOCK_MANY = (Q.from_(buildings).select(*_COLUMNS)
              .where((buildings.organization_id == p(1)) & (buildings.id == any_of(p(2))))
              .orderby(buildings.id).get_sql() + " FOR UPDATE")


async def lock_many(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID] | None) -> list[Building]:
    """The buildings named (None: all the organisation's), locked until the transaction ends, by id."""
    rows = await (conn.fetch(_LOCK_ALL, org_id) if building_ids is None
                  else conn.fetch(_LOCK_MANY, org_id, building_ids))
    return [_building(r) for r in rows]
