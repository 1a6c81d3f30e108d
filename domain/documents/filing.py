"""Generated documents filed in the library, once each, with their visibility.

Every area that generates a document (convocations and minutes today; statements, call notices, reminders,
bank statements later) files it through `file_generated`, with a `key` naming what it is — e.g.
`convocation:<meeting id>`, `minutes:<meeting id>`, `statement:<owner id>:<building id>:<from>:<to>` — so that
filing twice keeps one document: the same bytes change nothing, other bytes become its next version.

    await file_generated(conn, member, storage, Generated(
        key=f"call_notice:{call.id}", building_id=call.building_id, category="call_notice",
        title="Appel de fonds T1 2027", file_name="appel-T1-2027.pdf", data=pdf_bytes, visibility="owner",
        owner_id=owner.id, ref=("call_for_funds", call.id)))
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.documents import library
from domain.parse import given
from domain.platform.audit import record
from domain.storage import Storage, Upload
from queries.documents import library as q


@dataclass(frozen=True)
class Generated:
    """A document the product made, to file."""
    key: str
    building_id: UUID
    category: str
    title: str
    file_name: str
    data: bytes
    visibility: str
    owner_id: UUID | None = None
    meeting_id: UUID | None = None
    expense_id: UUID | None = None
    ref: tuple[str, UUID] | None = None
    document_date: date | None = None
    content_type: str = "application/pdf"
    extension: str = "pdf"


async def file_generated(conn: asyncpg.Connection, member: Member, storage: Storage, doc: Generated) -> q.Document:
    """File a generated document under its key (idempotent; new bytes make a new version). `member` is the one
    whose use case generated it (already checked by that use case)."""
    upload = Upload(doc.file_name, doc.content_type, doc.data, doc.extension)
    existing = await q.by_generated_key(conn, member.org_id, doc.key)
    if existing is not None:
        if existing.sha256 == hashlib.sha256(doc.data).hexdigest():
            return existing
        return await _next_version(conn, member, storage, existing, upload)
    meta = {"title": doc.title[:200], "category": doc.category, "visibility": doc.visibility,
            "document_date": (doc.document_date or date.today()).isoformat(),
            "owner_id": str(doc.owner_id) if doc.owner_id else None,
            "meeting_id": str(doc.meeting_id) if doc.meeting_id else None,
            "expense_id": str(doc.expense_id) if doc.expense_id else None,
            "ref_kind": doc.ref[0] if doc.ref else None, "ref_id": str(doc.ref[1]) if doc.ref else None}
    system = _as_filer(member)
    return await library.upload_document(conn, system, storage, doc.building_id,
                                         {k: v for k, v in meta.items() if v is not None}, upload,
                                         source="generated", generated_key=doc.key)


def _as_filer(member: Member) -> Member:
    """Filing is the product's act on behalf of the use case's member, whatever their role (a board member
    sending the minutes files them too): it runs with the syndic's right to file, in the same organisation."""
    return replace(member, role="syndic", buildings=None)


async def file_as(conn: asyncpg.Connection, actor: Actor, action: str, storage: Storage,
                  doc: Generated) -> q.Document:
    """File a generated document for an actor allowed `action` on its building (the action that made it:
    "meeting.manage" for a convocation or the minutes, "statement.read" for a statement …)."""
    member = require(actor, action, doc.building_id)
    return await file_generated(conn, member, storage, doc)


async def _next_version(conn: asyncpg.Connection, member: Member, storage: Storage, existing: q.Document,
                        upload: Upload) -> q.Document:
    key = upload.new_key(member.org_id, "documents")
    await storage.put(key, upload.data)
    try:
        async with conn.transaction():
            await q.lock(conn, member.org_id, existing.id)
            number = await q.next_version(conn, member.org_id, existing.id)
            await q.insert_version(conn, member.org_id, existing.id, number, key, upload.name, upload.content_type,
                                   len(upload.data), upload.sha256, member.user_id)
            after = await q.get(conn, member.org_id, existing.id)
            await record(conn, member, "new_version", "document", existing.id, None,
                         {"generated_key": existing.generated_key, "version": number, "sha256": upload.sha256})
    except BaseException:
        await storage.delete(key)
        raise
    return given(after)
