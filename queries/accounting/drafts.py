"""Draft manual entries: saved, edited, listed, deleted, marked posted; and the drafts the desk shows."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Draft:
    id: UUID
    building_id: UUID
    entry_date: date
    label: str
    document_ref: str | None
    lines: list[dict[str, Any]]
    created_at: datetime
    updated_at: datetime
    posted_entry_id: UUID | None


_read = reader(Draft)


def _draft(row: asyncpg.Record | None) -> Draft:
    if row is None:
        raise RuntimeError("INSERT/UPDATE … RETURNING gave no row")
    return _read(row)  # jsonb comes back as Python values (queries/db.py's codec)


_COLUMNS = "id, building_id, entry_date, label, document_ref, lines, created_at, updated_at, posted_entry_id"
_INSERT = f"""
INSERT INTO entry_drafts (organization_id, building_id, entry_date, label, document_ref, lines, created_by)
VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7) RETURNING {_COLUMNS}
"""
_UPDATE = f"""
UPDATE entry_drafts SET entry_date = $3, label = $4, document_ref = $5, lines = $6::jsonb, updated_at = now()
WHERE organization_id = $1 AND id = $2 RETURNING {_COLUMNS}
"""
_LOCK = f"SELECT {_COLUMNS} FROM entry_drafts WHERE organization_id = $1 AND id = $2 FOR UPDATE"
_GET = f"SELECT {_COLUMNS} FROM entry_drafts WHERE organization_id = $1 AND id = $2"
_OPEN = f"""
SELECT {_COLUMNS} FROM entry_drafts WHERE organization_id = $1 AND building_id = $2 AND posted_entry_id IS NULL
ORDER BY entry_date, created_at
"""
_DELETE = "DELETE FROM entry_drafts WHERE organization_id = $1 AND id = $2"
_POSTED = "UPDATE entry_drafts SET posted_entry_id = $3, updated_at = now() WHERE organization_id = $1 AND id = $2"


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, entry_date: date, label: str,
                 document_ref: str | None, lines: list[dict[str, Any]], user_id: UUID | None) -> Draft:
    """A new draft."""
    return _draft(await conn.fetchrow(_INSERT, org_id, building_id, entry_date, label, document_ref,
                                      lines, user_id))


async def update(conn: asyncpg.Connection, org_id: UUID, draft_id: UUID, entry_date: date, label: str,
                 document_ref: str | None, lines: list[dict[str, Any]]) -> Draft:
    """The draft replaced by what was entered."""
    return _draft(await conn.fetchrow(_UPDATE, org_id, draft_id, entry_date, label, document_ref, lines))


async def get(conn: asyncpg.Connection, org_id: UUID, draft_id: UUID, lock: bool = False) -> Draft | None:
    """One draft (locked until the transaction ends, with `lock`)."""
    row = await conn.fetchrow(_LOCK if lock else _GET, org_id, draft_id)
    return _draft(row) if row else None


async def open_drafts(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Draft]:
    """The building's drafts not posted yet, by date."""
    return [_draft(r) for r in await conn.fetch(_OPEN, org_id, building_id)]


async def delete(conn: asyncpg.Connection, org_id: UUID, draft_id: UUID) -> None:
    """Delete a draft."""
    await conn.execute(_DELETE, org_id, draft_id)


async def mark_posted(conn: asyncpg.Connection, org_id: UUID, draft_id: UUID, entry_id: UUID) -> None:
    """The draft became this entry."""
    await conn.execute(_POSTED, org_id, draft_id, entry_id)


@dataclass(frozen=True)
class DeskDrafts:
    building_id: UUID
    building_name: str
    count: int
    first_id: UUID
    first_date: date


_desk = reader(DeskDrafts)
# per building, how many drafts wait and the oldest one (the desk links to it)
_DESK = """
SELECT d.building_id, b.name AS building_name, count(*) AS count,
       (array_agg(d.id ORDER BY d.entry_date, d.created_at))[1] AS first_id, min(d.entry_date) AS first_date
FROM entry_drafts d JOIN buildings b ON b.organization_id = d.organization_id AND b.id = d.building_id
WHERE d.organization_id = $1 AND d.posted_entry_id IS NULL AND ($2::uuid[] IS NULL OR d.building_id = ANY($2::uuid[]))
GROUP BY d.building_id, b.name ORDER BY min(d.entry_date), lower(b.name)
"""


async def desk_drafts(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID] | None) -> list[DeskDrafts]:
    """Per building, the drafts waiting to be posted (within these buildings, if given)."""
    return [_desk(r) for r in await conn.fetch(_DESK, org_id, building_ids)]
