"""What a reminder letter is printed with: each owner's postal address, the organisation's name and contacts."""
from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from queries.rows import reader

_POSTAL = """
SELECT o.id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS name,
       coalesce(o.address, '') AS address, coalesce(o.postal_code, '') AS postal_code, coalesce(o.city, '') AS city,
       coalesce(o.country, '') AS country
FROM owners o WHERE o.organization_id = $1 AND o.id = ANY($2::uuid[])
"""
_FIRM = "SELECT name, address, email, phone FROM organizations WHERE id = $1"
# where the owners pay: the building's working fund, with each owner's structured reference for it
_PAY = """
SELECT r.owner_id, f.holder, f.iban, r.reference
FROM funds f JOIN payment_references r ON r.organization_id = f.organization_id AND r.fund_id = f.id
WHERE f.organization_id = $1 AND f.building_id = $2 AND f.kind = 'working' AND r.owner_id = ANY($3::uuid[])
"""


@dataclass(frozen=True)
class Postal:
    id: UUID
    name: str
    address: str
    postal_code: str
    city: str
    country: str


@dataclass(frozen=True)
class Firm:
    name: str
    address: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Pay:
    owner_id: UUID
    holder: str
    iban: str
    reference: int


_postal = reader(Postal)
_pay = reader(Pay)
_firm = reader(Firm)


async def postal(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> dict[UUID, Postal]:
    """Each owner's name and postal address as the register holds it."""
    return {p.id: p for p in (_postal(r) for r in await conn.fetch(_POSTAL, org_id, owner_ids))}


async def firm(conn: asyncpg.Connection, org_id: UUID) -> Firm | None:
    """The organisation (the syndic's firm): its name and contact details."""
    row = await conn.fetchrow(_FIRM, org_id)
    return _firm(row) if row else None


async def payment(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_ids: list[UUID]) -> dict[UUID, Pay]:
    """Each owner's way to pay the building's working fund (the account and their reference)."""
    return {p.owner_id: p for p in (_pay(r) for r in await conn.fetch(_PAY, org_id, building_id, owner_ids))}
