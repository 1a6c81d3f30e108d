"""Ownership rights (unit_owners) with their history: read a lot's or an owner's periods, open and end rights."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from uuid import UUID

import asyncpg

from queries.rows import reader

_OWNER_NAME = "coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))"
_RIGHT_COLUMNS = ("r.id, r.unit_id, r.owner_id, r.right_kind, r.share_num, r.share_den, r.start_date, "
                  f"r.end_date, r.is_contact, {_OWNER_NAME} AS owner_name")
_OF_UNIT = f"""
SELECT {_RIGHT_COLUMNS} FROM unit_owners r
JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
WHERE r.organization_id = $1 AND r.unit_id = $2
ORDER BY r.start_date, r.end_date NULLS LAST, owner_name, r.id
"""
_OF_OWNER = f"""
SELECT {_RIGHT_COLUMNS}, u.number AS unit_number, u.quota, u.building_id, b.name AS building_name,
       b.total_quota
FROM unit_owners r
JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
JOIN units u ON u.organization_id = r.organization_id AND u.id = r.unit_id
JOIN buildings b ON b.organization_id = u.organization_id AND b.id = u.building_id
WHERE r.organization_id = $1 AND r.owner_id = ANY($2::uuid[])
ORDER BY b.name, b.id, u.number, r.start_date, r.id
"""
# The rights in force on $3 in every lot where the user holds one, with the co-owners of those lots.
_LOTS_OF_USER = f"""
WITH mine AS (
    SELECT DISTINCT r.unit_id FROM unit_owners r
    JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
    WHERE r.organization_id = $1 AND o.user_id = $2
      AND r.start_date <= $3 AND (r.end_date IS NULL OR r.end_date > $3)
)
SELECT {_RIGHT_COLUMNS}, u.number AS unit_number, u.unit_type, u.floor, u.quota, u.building_id,
       b.name AS building_name, b.address AS building_address, b.postal_code AS building_postal_code,
       b.city AS building_city, b.total_quota, o.user_id = $2 AS is_me, o.shares_contact, o.email, o.phone
FROM mine
JOIN units u ON u.organization_id = $1 AND u.id = mine.unit_id
JOIN buildings b ON b.organization_id = u.organization_id AND b.id = u.building_id
JOIN unit_owners r ON r.organization_id = u.organization_id AND r.unit_id = u.id
     AND r.start_date <= $3 AND (r.end_date IS NULL OR r.end_date > $3)
JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
ORDER BY b.name, b.id, u.number, u.id, owner_name, r.id
"""
_CONTACTS = """
SELECT DISTINCT ON (unit_id) unit_id, owner_id FROM unit_owners
WHERE organization_id = $1 AND unit_id = ANY($2::uuid[]) AND start_date <= $3 AND (end_date IS NULL OR end_date > $3)
ORDER BY unit_id, is_contact DESC, start_date, id
"""
_INSERT_ROWS = """
INSERT INTO unit_owners (organization_id, unit_id, owner_id, right_kind, share_num, share_den, start_date,
                         end_date, is_contact)
SELECT $1, x.u, x.o, x.k, x.n, x.d, x.s, x.e, x.c
FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::int[], $6::int[], $7::date[], $8::date[], $9::bool[])
     WITH ORDINALITY AS x(u, o, k, n, d, s, e, c, i)
ORDER BY x.i"""
_INSERT = _INSERT_ROWS + " RETURNING id"
_END = "UPDATE unit_owners SET end_date = $3 WHERE organization_id = $1 AND id = ANY($2::uuid[])"
_DROP = "DELETE FROM unit_owners WHERE organization_id = $1 AND id = ANY($2::uuid[])"
_SET_CONTACT = "UPDATE unit_owners SET is_contact = (id = $3) WHERE organization_id = $1 AND id = ANY($2::uuid[])"
_CHECK_NOW = "SET CONSTRAINTS unit_owners_shares_sum IMMEDIATE"
_CHECK_LATER = "SET CONSTRAINTS unit_owners_shares_sum DEFERRED"


@dataclass(frozen=True)
class Right:
    id: UUID
    unit_id: UUID
    owner_id: UUID
    right_kind: str
    share_num: int
    share_den: int
    start_date: date
    end_date: date | None
    is_contact: bool
    owner_name: str

    @property
    def share(self) -> Fraction:
        """The exact share of the lot."""
        return Fraction(self.share_num, self.share_den)


_right = reader(Right)


@dataclass(frozen=True)
class NewRight:
    owner_id: UUID
    right_kind: str
    share: Fraction
    start_date: date
    end_date: date | None = None
    is_contact: bool = False


async def of_unit(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> list[Right]:
    """Every right ever held on the lot, oldest first (its full history)."""
    return [_right(r) for r in await conn.fetch(_OF_UNIT, org_id, unit_id)]


async def of_owners(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> list[asyncpg.Record]:
    """Every right ever held by these owners, with the lot, its quota and its building."""
    return list(await conn.fetch(_OF_OWNER, org_id, owner_ids))


async def lots_of_user(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, day: date) -> list[asyncpg.Record]:
    """The rights in force on `day` in the lots where the user holds one (co-owners included)."""
    return list(await conn.fetch(_LOTS_OF_USER, org_id, user_id, day))


async def contacts(conn: asyncpg.Connection, org_id: UUID, unit_ids: list[UUID], day: date) -> dict[UUID, UUID]:
    """The contact owner of each lot on `day` (lots without owners are absent)."""
    return {r["unit_id"]: r["owner_id"] for r in await conn.fetch(_CONTACTS, org_id, unit_ids, day)}


async def insert(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID, rights: list[NewRight]) -> list[UUID]:
    """Open rights on the lot, in one statement; their ids in order."""
    if not rights:
        return []
    rows = await conn.fetch(_INSERT, org_id, [unit_id] * len(rights), [r.owner_id for r in rights],
                       [r.right_kind for r in rights], [r.share.numerator for r in rights],
                       [r.share.denominator for r in rights], [r.start_date for r in rights],
                       [r.end_date for r in rights], [r.is_contact for r in rights])
    return [r["id"] for r in rows]


async def insert_for_units(conn: asyncpg.Connection, org_id: UUID, rights: list[tuple[UUID, NewRight]]) -> None:
    """Open rights on several lots in one statement (the CSV import)."""
    if rights:
        await conn.execute(_INSERT_ROWS, org_id, *[list(col) for col in zip(*[
            (u, r.owner_id, r.right_kind, r.share.numerator, r.share.denominator, r.start_date, r.end_date,
             r.is_contact) for u, r in rights], strict=False)])


async def end(conn: asyncpg.Connection, org_id: UUID, right_ids: list[UUID], day: date) -> None:
    """End rights on `day` (excluded)."""
    if right_ids:
        await conn.execute(_END, org_id, right_ids, day)


async def drop(conn: asyncpg.Connection, org_id: UUID, right_ids: list[UUID]) -> None:
    """Remove rights that never held (replaced on the very day they started)."""
    if right_ids:
        await conn.execute(_DROP, org_id, right_ids)


async def set_contact(conn: asyncpg.Connection, org_id: UUID, right_ids: list[UUID], contact_id: UUID) -> None:
    """Among these rights, make `contact_id` the only contact."""
    await conn.execute(_SET_CONTACT, org_id, right_ids, contact_id)


async def check_now(conn: asyncpg.Connection) -> None:
    """Run the database's shares-sum check on what this transaction wrote so far (it is deferred otherwise)."""
    await conn.execute(_CHECK_NOW)
    await conn.execute(_CHECK_LATER)
