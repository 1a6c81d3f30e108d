"""What an owner paid, building by building: the payments on their accounts (recorded by hand, or matched from a
bank statement — a movement moved to another owner or unmatched reversed on the same source), net; and where the
letters to owners go."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader

_PAID = """
SELECT l.building_id, sum(l.credit - l.debit) AS paid FROM entry_lines l
JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
WHERE l.organization_id = $1 AND l.owner_id = $2 AND e.source_kind IN ('owner_payment', 'bank_movement')
GROUP BY l.building_id
"""


async def paid(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> dict[UUID, Decimal]:
    """Per building, what the owner paid in all (payments less their reversals)."""
    return {r["building_id"]: r["paid"] for r in await conn.fetch(_PAID, org_id, owner_id)}


@dataclass(frozen=True)
class Address:
    """Where a letter to an owner goes (a windowed envelope's block)."""
    owner_id: UUID
    address: str | None
    postal_code: str | None
    city: str | None
    country: str | None


_address = reader(Address)
_ADDRESSES = """
SELECT id AS owner_id, address, postal_code, city, country FROM owners
WHERE organization_id = $1 AND id = ANY($2::uuid[])
"""


async def addresses(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> dict[UUID, Address]:
    """The owners' postal addresses, by owner."""
    return {a.owner_id: a for a in (_address(r) for r in await conn.fetch(_ADDRESSES, org_id, owner_ids))}
