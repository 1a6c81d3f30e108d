"""The document library: documents, their versions, and the visibility filters the domain decides."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from queries.rows import reader

DOC_FIELDS = ("building_id", "category", "title", "document_date", "visibility", "owner_id", "meeting_id",
              "expense_id", "ref_kind", "ref_id", "source", "generated_key")


@dataclass(frozen=True)
class Document:
    """A document with its current version's file."""
    id: UUID
    organization_id: UUID
    building_id: UUID | None
    category: str
    title: str
    document_date: date
    visibility: str
    owner_id: UUID | None
    meeting_id: UUID | None
    expense_id: UUID | None
    ref_kind: str | None
    ref_id: UUID | None
    source: str
    generated_key: str | None
    current_version: int
    created_by: UUID | None
    created_at: datetime
    updated_at: datetime
    version_id: UUID
    storage_key: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime


@dataclass(frozen=True)
class Version:
    id: UUID
    document_id: UUID
    version: int
    storage_key: str
    file_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: UUID | None
    uploaded_at: datetime


_document = reader(Document)
_version = reader(Version)

_COLUMNS = """
SELECT d.id, d.organization_id, d.building_id, d.category, d.title, d.document_date, d.visibility, d.owner_id,
       d.meeting_id, d.expense_id, d.ref_kind, d.ref_id, d.source, d.generated_key, d.current_version, d.created_by,
       d.created_at, d.updated_at, v.id AS version_id, v.storage_key, v.file_name, v.content_type, v.size, v.sha256,
       v.uploaded_at"""
_FROM = """
  FROM documents d
  JOIN document_versions v ON v.organization_id = d.organization_id AND v.document_id = d.id
                          AND v.version = d.current_version
"""
_SELECT = _COLUMNS + _FROM
_GET = _SELECT + " WHERE d.organization_id = $1 AND d.id = $2"
_LOCK = "SELECT id FROM documents WHERE organization_id = $1 AND id = $2 FOR UPDATE"
# $2 the buildings (NULL: every one, firm documents included), $3 the visibilities, $4 an owner's ids (NULL: no
# owner filter), $5 the title pattern, $6 category, $7 from, $8 to
_LIST = _COLUMNS + ", count(*) OVER () AS total" + _FROM + """
 WHERE d.organization_id = $1
   AND ($2::uuid[] IS NULL OR d.building_id = ANY($2))
   AND d.visibility = ANY($3::text[])
   AND ($4::uuid[] IS NULL OR d.visibility <> 'owner' OR d.owner_id = ANY($4))
   AND ($5::text IS NULL OR d.title ILIKE $5)
   AND ($6::text IS NULL OR d.category = $6)
   AND ($7::date IS NULL OR d.document_date >= $7)
   AND ($8::date IS NULL OR d.document_date <= $8)
 ORDER BY d.document_date DESC, d.created_at DESC, d.id
 LIMIT $9 OFFSET $10
"""
_FIRM = _SELECT + " WHERE d.organization_id = $1 AND d.building_id IS NULL ORDER BY d.document_date DESC, d.id"
_INSERT = (
    "INSERT INTO documents (organization_id, " + ", ".join(DOC_FIELDS) + ", created_by) VALUES ($1, "
    + ", ".join(f"${i}" for i in range(2, len(DOC_FIELDS) + 2)) + f", ${len(DOC_FIELDS) + 2}) RETURNING id"
)
_INSERT_VERSION = """
INSERT INTO document_versions (organization_id, document_id, version, storage_key, file_name, content_type, size,
                               sha256, uploaded_by)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id
"""
_NEXT_VERSION = """
UPDATE documents SET current_version = current_version + 1, updated_at = now()
 WHERE organization_id = $1 AND id = $2 RETURNING current_version
"""
_UPDATE = """
UPDATE documents SET title = $3, category = $4, document_date = $5, visibility = $6, owner_id = $7, updated_at = now()
 WHERE organization_id = $1 AND id = $2
"""
_VERSIONS = """
SELECT id, document_id, version, storage_key, file_name, content_type, size, sha256, uploaded_by, uploaded_at
  FROM document_versions WHERE organization_id = $1 AND document_id = $2 ORDER BY version DESC
"""
_DELETE = "DELETE FROM documents WHERE organization_id = $1 AND id = $2"
_BY_GENERATED_KEY = _SELECT + " WHERE d.organization_id = $1 AND d.generated_key = $2"
_OF_EXPENSE = _SELECT + " WHERE d.organization_id = $1 AND d.expense_id = $2 ORDER BY d.created_at"


async def get(conn: asyncpg.Connection, org_id: UUID, document_id: UUID) -> Document | None:
    """One document with its current version."""
    row = await conn.fetchrow(_GET, org_id, document_id)
    return _document(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, document_id: UUID) -> bool:
    """Lock a document's row (versions are numbered under it); False if it is not there."""
    return await conn.fetchval(_LOCK, org_id, document_id) is not None


async def search(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID] | None, visibilities: list[str],
                 owner_ids: list[UUID] | None, pattern: str | None, category: str | None, start: date | None,
                 end: date | None, limit: int, offset: int) -> tuple[list[Document], int]:
    """The documents matching, latest first, within what the caller may see, and how many match."""
    rows = await conn.fetch(_LIST, org_id, building_ids, visibilities, owner_ids, pattern, category, start, end,
                            limit, offset)
    return [_document(r) for r in rows], (rows[0]["total"] if rows else 0)


async def firm_documents(conn: asyncpg.Connection, org_id: UUID) -> list[Document]:
    """The firm's own documents (no building)."""
    return [_document(r) for r in await conn.fetch(_FIRM, org_id)]


async def insert(conn: asyncpg.Connection, org_id: UUID, values: dict[str, Any], user_id: UUID | None) -> UUID:
    """A new document's row (its first version follows)."""
    doc_id: UUID = await conn.fetchval(_INSERT, org_id, *[values.get(f) for f in DOC_FIELDS], user_id)
    return doc_id


async def insert_version(conn: asyncpg.Connection, org_id: UUID, document_id: UUID, version: int, key: str,
                         name: str, content_type: str, size: int, sha256: str, user_id: UUID | None) -> UUID:
    """A version's file."""
    version_id: UUID = await conn.fetchval(_INSERT_VERSION, org_id, document_id, version, key, name, content_type,
                                           size, sha256, user_id)
    return version_id


async def next_version(conn: asyncpg.Connection, org_id: UUID, document_id: UUID) -> int:
    """Count one more version on the (locked) document; its new number."""
    number: int = await conn.fetchval(_NEXT_VERSION, org_id, document_id)
    return number


async def update(conn: asyncpg.Connection, org_id: UUID, document_id: UUID, title: str, category: str,
                 document_date: date, visibility: str, owner_id: UUID | None) -> None:
    """Change a document's description or visibility."""
    await conn.execute(_UPDATE, org_id, document_id, title, category, document_date, visibility, owner_id)


async def versions(conn: asyncpg.Connection, org_id: UUID, document_id: UUID) -> list[Version]:
    """Every version of a document, newest first."""
    return [_version(r) for r in await conn.fetch(_VERSIONS, org_id, document_id)]


async def delete(conn: asyncpg.Connection, org_id: UUID, document_id: UUID) -> None:
    """Remove a document and its versions' rows (the files are removed by the caller after commit)."""
    await conn.execute(_DELETE, org_id, document_id)


async def by_generated_key(conn: asyncpg.Connection, org_id: UUID, key: str) -> Document | None:
    """A generated document already filed under that key."""
    row = await conn.fetchrow(_BY_GENERATED_KEY, org_id, key)
    return _document(row) if row else None


async def of_expense(conn: asyncpg.Connection, org_id: UUID, expense_id: UUID) -> list[Document]:
    """Documents linked to an expense."""
    return [_document(r) for r in await conn.fetch(_OF_EXPENSE, org_id, expense_id)]
