"""The buildings a member's role is limited to: board mandates (with their dates) and an accountant's
assignments (table member_buildings)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Scope:
    id: UUID
    organization_id: UUID
    user_id: UUID
    user_name: str
    user_email: str
    role: str
    building_id: UUID
    building_name: str
    starts_on: date
    ends_on: date | None
    created_at: datetime


_COLUMNS = """s.id, s.organization_id, s.user_id, u.full_name AS user_name, u.email AS user_email, s.role,
       s.building_id, b.name AS building_name, s.starts_on, s.ends_on, s.created_at"""
_FROM = """FROM member_buildings s
JOIN users u ON u.id = s.user_id
JOIN buildings b ON b.organization_id = s.organization_id AND b.id = s.building_id"""
_OF_BUILDING = (f"SELECT {_COLUMNS} {_FROM} WHERE s.organization_id = $1 AND s.building_id = $2 "
                "ORDER BY s.role, (s.ends_on IS NULL OR s.ends_on >= current_date) DESC, s.starts_on DESC, u.full_name")
_OF_USER = (f"SELECT {_COLUMNS} {_FROM} WHERE s.organization_id = $1 AND s.user_id = $2 "
            "ORDER BY s.role, b.name, s.starts_on DESC")
_GET = f"SELECT {_COLUMNS} {_FROM} WHERE s.organization_id = $1 AND s.id = $2"
_INSERT = ("INSERT INTO member_buildings (organization_id, user_id, role, building_id, starts_on, ends_on) "
           "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
_ASSIGN = ("INSERT INTO member_buildings (organization_id, user_id, role, building_id, starts_on) "
           "SELECT $1, $2, $3, b.id, current_date FROM buildings b WHERE b.organization_id = $1 AND b.id = ANY($4::uuid[]) "
           "RETURNING building_id")
_END = ("UPDATE member_buildings SET ends_on = $3 WHERE organization_id = $1 AND id = $2 "
        "AND (ends_on IS NULL OR ends_on > $3) RETURNING id")
_DELETE_OF_ROLE = "DELETE FROM member_buildings WHERE organization_id = $1 AND user_id = $2 AND role = $3"
_HAS_ROLE = "SELECT EXISTS (SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2 AND role = $3)"
_WITH_ROLE = ("SELECT u.id, u.full_name, u.email FROM users u JOIN memberships m ON m.user_id = u.id "
              "WHERE m.organization_id = $1 AND m.role = $2 ORDER BY lower(u.full_name), u.id")
_scope = reader(Scope)


@dataclass(frozen=True)
class MemberRef:
    id: UUID
    full_name: str
    email: str


_member_ref = reader(MemberRef)


async def users_with_role(conn: asyncpg.Connection, org_id: UUID, role: str) -> list[MemberRef]:
    """The organisation's users who hold a role, by name."""
    return [_member_ref(r) for r in await conn.fetch(_WITH_ROLE, org_id, role)]


async def of_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Scope]:
    """Who sits on the building's board (current mandates first) and which accountants are assigned to it."""
    return [_scope(r) for r in await conn.fetch(_OF_BUILDING, org_id, building_id)]


async def of_user(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> list[Scope]:
    """A member's mandates and assignments."""
    return [_scope(r) for r in await conn.fetch(_OF_USER, org_id, user_id)]


async def get(conn: asyncpg.Connection, org_id: UUID, scope_id: UUID) -> Scope | None:
    """One mandate or assignment."""
    row = await conn.fetchrow(_GET, org_id, scope_id)
    return _scope(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, role: str, building_id: UUID,
                 starts_on: date, ends_on: date | None) -> UUID:
    """A new mandate or assignment; returns its id."""
    scope_id: UUID = await conn.fetchval(_INSERT, org_id, user_id, role, building_id, starts_on, ends_on)
    return scope_id


async def assign(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, role: str,
                 building_ids: list[UUID]) -> list[UUID]:
    """Limit a member's role to these buildings from today (those of the organisation); returns them."""
    return [r["building_id"] for r in await conn.fetch(_ASSIGN, org_id, user_id, role, building_ids)]


async def end(conn: asyncpg.Connection, org_id: UUID, scope_id: UUID, day: date) -> bool:
    """End a mandate or assignment on `day` (no effect on one already ended by then)."""
    return await conn.fetchval(_END, org_id, scope_id, day) is not None


async def clear(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, role: str) -> None:
    """Remove every assignment of a member's role (an accountant back to the whole organisation)."""
    await conn.execute(_DELETE_OF_ROLE, org_id, user_id, role)


async def has_role(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, role: str) -> bool:
    """Whether the user holds the role in the organisation."""
    return bool(await conn.fetchval(_HAS_ROLE, org_id, user_id, role))
