"""A contractor's further contacts (migration 0212)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Contact:
    id: UUID
    contractor_id: UUID
    name: str
    role: str | None
    email: str | None
    phone: str | None
    created_at: datetime


_row = reader(Contact)
_COLUMNS = "id, contractor_id, name, role, email, phone, created_at"
_OF = (f"SELECT {_COLUMNS} FROM contractor_contacts WHERE organization_id = $1 AND contractor_id = $2 "
       "ORDER BY name, created_at, id")
_INSERT = (f"INSERT INTO contractor_contacts (organization_id, contractor_id, name, role, email, phone) "
           f"VALUES ($1, $2, $3, $4, $5, $6) RETURNING {_COLUMNS}")
_DELETE = (f"DELETE FROM contractor_contacts WHERE organization_id = $1 AND contractor_id = $2 AND id = $3 "
           f"RETURNING {_COLUMNS}")


async def of_contractor(conn: asyncpg.Connection, org_id: UUID, contractor_id: UUID) -> list[Contact]:
    """A contractor's contacts, by name."""
    return [_row(r) for r in await conn.fetch(_OF, org_id, contractor_id)]


async def insert(conn: asyncpg.Connection, org_id: UUID, contractor_id: UUID, name: str, role: str | None,
                 email: str | None, phone: str | None) -> Contact:
    """Add a contact."""
    row = await conn.fetchrow(_INSERT, org_id, contractor_id, name, role, email, phone)
    if row is None:
        raise LookupError("contact not written")
    return _row(row)


async def delete(conn: asyncpg.Connection, org_id: UUID, contractor_id: UUID, contact_id: UUID) -> Contact | None:
    """Remove a contact; None when it is not this contractor's."""
    row = await conn.fetchrow(_DELETE, org_id, contractor_id, contact_id)
    return _row(row) if row else None
