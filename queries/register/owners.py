"""Owners (natural persons and legal entities) of an organisation."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg
from pypika import CustomFunction, Table
from pypika import PostgreSQLQuery as Q
from pypika import analytics as an
from pypika import functions as fn
from pypika.terms import Star

from queries.platform import audit
from queries.rows import reader
from queries.sql import int_p, like_pattern, one, p, returning, str_p

owners = Table("owners")
FIELDS = ("kind", "first_name", "last_name", "company_name", "company_number", "email", "phone", "address",
          "city", "postal_code", "country", "language", "accepts_email_notices", "shares_contact", "user_id")
_COLUMNS = ("id", "organization_id", *FIELDS, "anonymized_at", "created_at", "updated_at")



@dataclass(frozen=True)
class Owner:
    id: UUID
    organization_id: UUID
    kind: str
    first_name: str | None
    last_name: str | None
    company_name: str | None
    company_number: str | None
    email: str | None
    phone: str | None
    address: str | None
    city: str | None
    postal_code: str | None
    country: str | None
    language: str
    accepts_email_notices: bool
    shares_contact: bool
    user_id: UUID | None
    anonymized_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def name(self) -> str:
        """How the owner is named in lists: the company, or first and last name."""
        return self.company_name or " ".join(p for p in (self.first_name, self.last_name) if p)


_ORG_ID = (owners.organization_id == p(1)) & (owners.id == p(2))
_GET = Q.from_(owners).select(*_COLUMNS).where(_ORG_ID).get_sql()
_LOCK = _GET + " FOR UPDATE"
_INSERT = (returning(Q.into(owners).columns("organization_id", *FIELDS)
           .insert(*[p(i) for i in range(1, len(FIELDS) + 2)]), *_COLUMNS).get_sql())
_CREATE = audit.creating(_INSERT, "owner", len(FIELDS) + 1)
_update = Q.update(owners)
for _i, _name in enumerate(FIELDS, start=3):
    _update = _update.set(_name, p(_i))
_UPDATE = returning(_update.set(owners.updated_at, fn.Now()).where(_ORG_ID), *_COLUMNS).get_sql()
_CONCAT_WS = CustomFunction("concat_ws", ["sep", "a", "b", "c"])
_SORT = fn.Lower(fn.Coalesce(owners.last_name, owners.company_name))
_MATCH = (_CONCAT_WS(" ", owners.first_name, owners.last_name, owners.company_name).ilike(str_p(2))
          | owners.email.ilike(str_p(2)))
_LIST = (Q.from_(owners).select(*_COLUMNS, an.Count(Star()).over().as_("total"))
         .where((owners.organization_id == p(1)) & _MATCH)
         .orderby(_SORT).orderby(owners.id).limit(int_p(3)).offset(int_p(4)).get_sql())
# Without a search, the page walks owners_org_name in order and the count is an index-only scan: nothing
# evaluates the pattern on, or sorts, every owner of the organisation (the bench's profile).
_LIST_ALL = (Q.from_(owners).select(*_COLUMNS, Q.from_(owners).select(fn.Count(Star()))
                                    .where(owners.organization_id == p(1)).as_("total"))
             .where(owners.organization_id == p(1))
             .orderby(_SORT).orderby(owners.id).limit(int_p(2)).offset(int_p(3)).get_sql())
_LIST_OF_USER = (Q.from_(owners).select(*_COLUMNS, an.Count(Star()).over().as_("total"))
                 .where((owners.organization_id == p(1)) & _MATCH & (owners.user_id == p(5)))
                 .orderby(_SORT).orderby(owners.id).limit(int_p(3)).offset(int_p(4)).get_sql())
# An owner belongs to the buildings where they held a right on a lot, at any date.
_IN_BUILDINGS = ("(SELECT r.owner_id FROM unit_owners r JOIN units u ON u.organization_id = r.organization_id "
                 "AND u.id = r.unit_id WHERE r.organization_id = $1 AND u.building_id = ANY($5::uuid[]))")
_LIST_AMONG = (f"SELECT {', '.join(_COLUMNS)}, count(*) OVER () AS total FROM owners "
               "WHERE organization_id = $1 AND (concat_ws(' ', first_name, last_name, company_name) ILIKE $2 "
               f"OR email ILIKE $2) AND id IN {_IN_BUILDINGS} "
               "ORDER BY lower(coalesce(last_name, company_name)), id LIMIT $3 OFFSET $4")
_HOLDS_IN = ("SELECT EXISTS (SELECT 1 FROM unit_owners r JOIN units u ON u.organization_id = r.organization_id "
             "AND u.id = r.unit_id WHERE r.organization_id = $1 AND r.owner_id = $2 AND u.building_id = ANY($3::uuid[]))")
_BY_IDS = f"SELECT {', '.join(_COLUMNS)} FROM owners WHERE organization_id = $1 AND id = ANY($2::uuid[])"
_BY_EMAILS = ("SELECT DISTINCT ON (lower(email)) lower(email) AS email, id FROM owners "
              "WHERE organization_id = $1 AND lower(email) = ANY($2::text[]) ORDER BY lower(email), created_at, id")
_PORTAL_USERS = ("SELECT u.id, u.full_name, u.email FROM users u JOIN memberships m ON m.user_id = u.id "
                 "WHERE m.organization_id = $1 AND m.role = 'owner' ORDER BY lower(u.full_name), u.id")
_IS_MEMBER = "SELECT EXISTS (SELECT 1 FROM memberships WHERE organization_id = $1 AND user_id = $2)"


_owner = reader(Owner)



async def get(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> Owner | None:
    """One owner of the organisation."""
    row = await conn.fetchrow(_GET, org_id, owner_id)
    return _owner(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> Owner | None:
    """The owner, locked until the end of the transaction."""
    row = await conn.fetchrow(_LOCK, org_id, owner_id)
    return _owner(row) if row else None


async def by_ids(conn: asyncpg.Connection, org_id: UUID, ids: list[UUID]) -> list[Owner]:
    """The organisation's owners among `ids` (others' ids are silently absent)."""
    return [_owner(r) for r in await conn.fetch(_BY_IDS, org_id, ids)]


async def by_emails(conn: asyncpg.Connection, org_id: UUID, emails: list[str]) -> dict[str, UUID]:
    """The organisation's owners having these e-mail addresses (lower case), the oldest one per address."""
    return {r["email"]: r["id"] for r in await conn.fetch(_BY_EMAILS, org_id, [e.lower() for e in emails])}


async def list_page(conn: asyncpg.Connection, org_id: UUID, search: str | None, limit: int, offset: int,
                    user_id: UUID | None = None, among: list[UUID] | None = None) -> tuple[list[Owner], int]:
    """One page of owners by name, searched by name or e-mail (only the user's own when user_id is set, only those
    who held a lot in one of the buildings `among` a list when one is given)."""
    if user_id is None and among is not None:
        rows = await conn.fetch(_LIST_AMONG, org_id, like_pattern(search), limit, offset, among)
    elif user_id is None and not search:
        rows = await conn.fetch(_LIST_ALL, org_id, limit, offset)
    elif user_id is None:
        rows = await conn.fetch(_LIST, org_id, like_pattern(search), limit, offset)
    else:
        rows = await conn.fetch(_LIST_OF_USER, org_id, like_pattern(search), limit, offset, user_id)
    return [_owner(r) for r in rows], (rows[0]["total"] if rows else 0)


async def held_in(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, among: list[UUID]) -> bool:
    """Whether the owner held a right, at any date, on a lot of one of these buildings."""
    return bool(await conn.fetchval(_HOLDS_IN, org_id, owner_id, among))


async def insert(conn: asyncpg.Connection, org_id: UUID, values: dict) -> Owner:
    """A new owner."""
    return _owner(await one(conn, _INSERT, org_id, *[values[f] for f in FIELDS]))


async def create(conn: asyncpg.Connection, org_id: UUID, values: dict, user_id: UUID, role: str | None) -> Owner:
    """A new owner and its audit entry (by this user in this role), in one statement."""
    return _owner(await one(conn, _CREATE, org_id, *[values[f] for f in FIELDS], user_id, role))


async def insert_many(conn: asyncpg.Connection, org_id: UUID, rows: list[dict]) -> list[UUID]:
    """Many new owners in one statement (the CSV import); their ids in the given order."""
    names = ("kind", "first_name", "last_name", "company_name", "company_number", "email", "phone", "address", "city",
             "postal_code", "country")
    types = ["text[]"] * len(names)
    args = ", ".join(f"${i}::{t}" for i, t in enumerate(types, start=2))
    sql = (f"INSERT INTO owners (organization_id, {', '.join(names)}) "
           f"SELECT $1, {', '.join('x.c' + str(i) for i in range(len(names)))} FROM unnest({args}) WITH ORDINALITY "
           f"AS x({', '.join('c' + str(i) for i in range(len(names)))}, i) ORDER BY x.i RETURNING id")
    return [r["id"] for r in await conn.fetch(sql, org_id, *[[r.get(n) for r in rows] for n in names])]


async def update(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, values: dict) -> Owner | None:
    """Replace the editable fields."""
    row = await conn.fetchrow(_UPDATE, org_id, owner_id, *[values[f] for f in FIELDS])
    return _owner(row) if row else None


async def portal_users(conn: asyncpg.Connection, org_id: UUID) -> list[asyncpg.Record]:
    """The organisation's user accounts with the owner role (id, full_name, email): who may be linked."""
    return list(await conn.fetch(_PORTAL_USERS, org_id))


async def is_member(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> bool:
    """Whether the user account belongs to the organisation (an owner may only be linked to such a user)."""
    return await conn.fetchval(_IS_MEMBER, org_id, user_id)
