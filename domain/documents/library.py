"""The document library: upload, new versions, search, read, download, delete — each reader sees what the
document's visibility allows their role (domain/rules/documents.py); out of reach is always "not found"."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import OWNER, SUPERADMIN, SYNDIC, Actor, Member, require
from domain.errors import Invalid, NotFound
from domain.i18n import Msg, _
from domain.notifications.notices import notify
from domain.pagination import Page, PageRequest
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.rules.documents import VISIBILITIES, sees, visible_values
from domain.storage import Storage, Upload
from queries.charges import owner_ledger as qledger
from queries.documents import library as q
from queries.documents.library import Document as Document
from queries.documents.library import Version as Version
from queries.register import owners as qo
from queries.register import ownership as qown
from queries.register import rights as qr
from queries.sql import like_pattern

CATEGORIES: dict[str, Msg] = {
    "bylaws": _("Acte de base et règlement"), "minutes": _("Procès-verbal"), "convocation": _("Convocation"),
    "insurance": _("Assurance"), "contract": _("Contrat"), "plan": _("Plan"), "invoice": _("Facture"),
    "bank_statement": _("Extrait bancaire"), "statement": _("Décompte"), "call_notice": _("Appel de fonds"),
    "reminder": _("Rappel"), "correspondence": _("Correspondance"), "other": _("Autre"),
}
VISIBILITY_LABELS: dict[str, Msg] = {
    "syndic": _("Syndic seulement"), "board": _("Conseil de copropriété et commissaire"),
    "owners": _("Tous les copropriétaires de l'immeuble"), "owner": _("Un copropriétaire"),
}
REF_KINDS = ("call_for_funds", "ticket", "bank_statement", "reminder")
_FIRM_ROLES = {SYNDIC, SUPERADMIN, "accountant"}
_ALLOWED = {"title", "category", "document_date", "visibility", "owner_id", "meeting_id", "expense_id", "ref_kind",
            "ref_id", "file", "csrf_token"}


@dataclass(frozen=True)
class DocumentInput:
    """A document's description: title, category, date, who sees it, what it is linked to."""
    title: str
    category: str
    document_date: date
    visibility: str
    owner_id: UUID | None
    meeting_id: UUID | None
    expense_id: UUID | None
    ref_kind: str | None
    ref_id: UUID | None

    @classmethod
    def parse(cls, data: object) -> DocumentInput:
        """Validate the form or the JSON metadata (every error at once)."""
        f = Fields(data, allowed=_ALLOWED)
        title = f.text("title", required=True, max_len=200)
        category = f.choice("category", CATEGORIES, required=True)
        day = f.date("document_date") or date.today()
        visibility = f.choice("visibility", VISIBILITIES, required=True)
        owner_id, meeting_id, expense_id = f.uuid("owner_id"), f.uuid("meeting_id"), f.uuid("expense_id")
        ref_kind, ref_id = f.choice("ref_kind", REF_KINDS), f.uuid("ref_id")
        if visibility == "owner" and owner_id is None:
            f.error("owner_id", _("Choisissez le copropriétaire à qui ce document est destiné."))
        if (ref_kind is None) != (ref_id is None):
            f.error("ref_id", _("Une référence a un type et un identifiant."))
        f.done()
        return cls(given(title), given(category), day, given(visibility),
                   owner_id if visibility == "owner" else None, meeting_id, expense_id, ref_kind, ref_id)


@dataclass(frozen=True)
class DocumentFilter:
    """Search by title, category, date."""
    search: str | None = None
    category: str | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, args: Mapping[str, str]) -> DocumentFilter:
        """q, category, from, to from a query string (a bad one is named)."""
        f = Fields({k: args.get(k) for k in ("q", "category", "from", "to")})
        flt = cls(f.text("q", max_len=100), f.choice("category", CATEGORIES), f.date("from"), f.date("to"))
        f.done()
        return flt


async def _reader(conn: asyncpg.Connection, member: Member) -> tuple[list[str], list[UUID] | None]:
    """The visibility values the member reads, and for an owner the owner records documents may address."""
    owner_ids = await qr.owners_of_user(conn, member.org_id, member.user_id) if member.role == OWNER else None
    return visible_values(member.role), owner_ids


def _may_see(member: Member, doc: q.Document, owner_ids: list[UUID] | None) -> bool:
    if doc.building_id is None:
        return member.role in _FIRM_ROLES
    if not member.reaches(doc.building_id):
        return False
    return sees(member.role, doc.visibility, doc.owner_id is not None and doc.owner_id in (owner_ids or ()))


async def get_document(conn: asyncpg.Connection, actor: Actor, document_id: UUID) -> q.Document:
    """One document the actor may see (an owner: of a building where they hold a lot, visible to them)."""
    member = require(actor, "document.read")
    doc = await q.get(conn, member.org_id, document_id)
    _values, owner_ids = await _reader(conn, member)
    if doc is None or not _may_see(member, doc, owner_ids):
        raise NotFound("document", document_id)
    if doc.building_id is not None and member.role == OWNER:
        await get_building(conn, member, doc.building_id)  # they hold a lot there today, or NotFound
    return doc


async def list_documents(conn: asyncpg.Connection, actor: Actor, building_id: UUID, flt: DocumentFilter,
                         page: PageRequest) -> Page[q.Document]:
    """A building's documents the actor may see, searched, latest first."""
    member = require(actor, "document.read", building_id)
    await get_building(conn, member, building_id)
    values, owner_ids = await _reader(conn, member)
    rows, total = await q.search(conn, member.org_id, [building_id], values, owner_ids,
                                 like_pattern(flt.search) if flt.search else None, flt.category, flt.start, flt.end,
                                 page.per_page, page.offset)
    return Page(rows, page, total)


async def firm_documents(conn: asyncpg.Connection, actor: Actor) -> list[q.Document]:
    """The firm's own documents (the syndic's, with no building)."""
    member = require(actor, "document.manage")
    return await q.firm_documents(conn, member.org_id)


async def my_documents(conn: asyncpg.Connection, actor: Actor, limit: int = 20) -> list[q.Document]:
    """For an owner's portal: the latest documents visible to them in the buildings where they hold a lot today."""
    member = require(actor, "portal.use")
    building_ids = sorted({r["building_id"] for r in await qown.lots_of_user(conn, member.org_id, member.user_id,
                                                                          date.today())})
    if not building_ids:
        return []
    values, owner_ids = await _reader(conn, member)
    rows, _total = await q.search(conn, member.org_id, building_ids, values, owner_ids, None, None, None, None,
                                  limit, 0)
    return rows


async def addressees(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[tuple[UUID, str]]:
    """Whom a document of the building may be addressed to: everyone who holds or held a lot there."""
    member = require(actor, "document.manage", building_id)
    return [(o.id, o.name) for o in await qledger.owners_of_building(conn, member.org_id, building_id)]


async def _check_links(conn: asyncpg.Connection, member: Member, building_id: UUID | None,
                       data: DocumentInput) -> None:
    """The addressee owner belongs to the organisation; a firm document stays the firm's."""
    if building_id is None and data.visibility != "syndic":
        raise Invalid({"visibility": _("Un document du cabinet (sans immeuble) reste réservé au syndic.")})
    if data.owner_id is not None and await qo.get(conn, member.org_id, data.owner_id) is None:
        raise Invalid({"owner_id": _("Copropriétaire inconnu.")})


async def _store(storage: Storage, member: Member, upload: Upload) -> str:
    key = upload.new_key(member.org_id, "documents")
    await storage.put(key, upload.data)
    return key


async def upload_document(conn: asyncpg.Connection, actor: Actor, storage: Storage, building_id: UUID | None,
                          data: object, upload: Upload, source: str = "upload",
                          generated_key: str | None = None) -> q.Document:
    """The syndic files a document (its first version); the file is removed again if the rows fail."""
    member = require(actor, "document.manage", building_id)
    if building_id is not None:
        await get_building(conn, member, building_id)
    values = DocumentInput.parse(data)
    await _check_links(conn, member, building_id, values)
    key = await _store(storage, member, upload)
    try:
        async with conn.transaction():
            doc_id = await q.insert(conn, member.org_id, {**vars(values), "building_id": building_id,
                                                          "source": source, "generated_key": generated_key},
                                    member.user_id)
            await q.insert_version(conn, member.org_id, doc_id, 1, key, upload.name, upload.content_type,
                                   len(upload.data), upload.sha256, member.user_id)
            doc = given(await q.get(conn, member.org_id, doc_id))
            await record(conn, member, "create", "document", doc_id, None, _audited(doc))
            if source == "upload" and doc.visibility in ("owners", "owner"):
                await notify(conn, member.org_id, "document.shared",
                             _("Nouveau document : « %(title)s »", title=doc.title), f"/documents/{doc_id}",
                             owners=[doc.owner_id] if doc.owner_id else [],
                             building_id=building_id if doc.visibility == "owners" else None,
                             about_building=building_id)
    except asyncpg.ForeignKeyViolationError:
        await storage.delete(key)
        raise Invalid({"meeting_id": _("Lien inconnu (assemblée ou dépense d'une autre organisation ?).")}) from None
    except BaseException:
        await storage.delete(key)
        raise
    return doc


def _audited(doc: q.Document) -> dict[str, Any]:
    """What the audit log keeps of a document: ids, description, the file's hash (never its content)."""
    return {k: getattr(doc, k) for k in ("building_id", "category", "title", "document_date", "visibility",
                                         "owner_id", "current_version", "file_name", "size", "sha256")}


async def new_version(conn: asyncpg.Connection, actor: Actor, storage: Storage, document_id: UUID,
                      upload: Upload) -> q.Document:
    """A new version of a document (the old ones stay, numbered)."""
    member = require(actor, "document.manage")
    before = await get_document(conn, member, document_id)
    key = await _store(storage, member, upload)
    try:
        async with conn.transaction():
            await q.lock(conn, member.org_id, document_id)
            number = await q.next_version(conn, member.org_id, document_id)
            await q.insert_version(conn, member.org_id, document_id, number, key, upload.name, upload.content_type,
                                   len(upload.data), upload.sha256, member.user_id)
            after = given(await q.get(conn, member.org_id, document_id))
            await record(conn, member, "new_version", "document", document_id, _audited(before), _audited(after))
    except BaseException:
        await storage.delete(key)
        raise
    return after


async def versions(conn: asyncpg.Connection, actor: Actor, document_id: UUID) -> list[q.Version]:
    """A document's versions, newest first (only the firm sees the older ones)."""
    doc = await get_document(conn, actor, document_id)
    all_versions = await q.versions(conn, doc.organization_id, doc.id)
    return all_versions if actor.role in _FIRM_ROLES else all_versions[:1]


async def download(conn: asyncpg.Connection, actor: Actor, storage: Storage, document_id: UUID,
                   version: int | None = None) -> tuple[str, str, bytes]:
    """A document's file (its current version, or an older one for the firm): name, type, bytes."""
    doc = await get_document(conn, actor, document_id)
    chosen = doc.storage_key, doc.file_name, doc.content_type
    if version is not None and version != doc.current_version:
        match = [v for v in await versions(conn, actor, document_id) if v.version == version]
        if not match:
            raise NotFound("document_version", version)
        chosen = match[0].storage_key, match[0].file_name, match[0].content_type
    data = await storage.get(chosen[0])
    if data is None:
        raise NotFound("document_file", document_id)
    return chosen[1], chosen[2], data


async def delete_document(conn: asyncpg.Connection, actor: Actor, storage: Storage, document_id: UUID) -> None:
    """The syndic deletes a document and all its versions (audited with each file's hash); files go after commit."""
    member = require(actor, "document.manage")
    doc = await get_document(conn, member, document_id)
    async with conn.transaction():
        await q.lock(conn, member.org_id, document_id)
        gone = await q.versions(conn, member.org_id, document_id)
        await q.delete(conn, member.org_id, document_id)
        await record(conn, member, "delete", "document", document_id,
                     {**_audited(doc), "versions": [v.sha256 for v in gone]}, None)
    for v in gone:
        await storage.delete(v.storage_key)
