"""Draft manual entries: a miscellaneous entry saved without a number (it touches no balance), edited, then posted
— numbered then, in the year of its date — or deleted. Drafts show on the desk and a draft dated in a year blocks
its closing. A draft need not balance; posting it checks everything a manual entry is checked for (422, 409)."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, allowed, require
from domain.accounting.books import ManualEntry, parse_manual, post_manual_entry
from domain.accounting.posting import EntryDraft, LineDraft, PostedEntry, post_entry
from domain.desk.item import DeskItem
from domain.errors import Conflict, NotFound
from domain.i18n import _
from domain.platform.audit import record
from domain.register.buildings import get_building
from queries.accounting import drafts as q

Draft = q.Draft


def _stored(entry: ManualEntry) -> list[dict[str, Any]]:
    """The lines as the draft keeps them (amounts as decimal strings)."""
    return [{"account": x.account, "debit": str(x.debit), "credit": str(x.credit),
             "owner_id": str(x.owner_id) if x.owner_id else None, "label": x.label} for x in entry.lines]


def _lines(draft: Draft) -> tuple[LineDraft, ...]:
    return tuple(LineDraft(x["account"], Decimal(x["debit"]), Decimal(x["credit"]),
                           owner_id=UUID(x["owner_id"]) if x.get("owner_id") else None, label=x.get("label"))
                 for x in draft.lines)


async def record_manual_entry(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                              data: Any) -> PostedEntry | Draft:
    """A manual entry posted now, or saved as a draft when it says `draft: true`."""
    if isinstance(data, dict) and data.get("draft") is True:
        return await save_draft(conn, actor, building_id, data)
    return await post_manual_entry(conn, actor, building_id, data)


async def save_draft(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> Draft:
    """Save a manual entry as a draft (one line is enough; it need not balance yet)."""
    member = require(actor, "entry.draft", building_id)
    building = await get_building(conn, member, building_id)
    entry = parse_manual(data, fewest=1)
    async with conn.transaction():
        draft = await q.insert(conn, member.org_id, building.id, entry.entry_date, entry.label,
                               entry.document_ref, _stored(entry), member.user_id)
        await record(conn, member, "draft", "entry_draft", draft.id, None, {"label": draft.label})
    return draft


async def _open(conn: asyncpg.Connection, member: Member, draft_id: UUID, lock: bool = False) -> Draft:
    draft = await q.get(conn, member.org_id, draft_id, lock)
    if draft is None or not member.reaches(draft.building_id):
        raise NotFound("entry_draft", draft_id)
    return draft


async def get_draft(conn: asyncpg.Connection, actor: Actor, draft_id: UUID) -> Draft:
    """One draft of a building the actor reads the books of."""
    return await _open(conn, require(actor, "ledger.read"), draft_id)


async def building_drafts(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[Draft]:
    """The building's drafts waiting to be posted."""
    member = require(actor, "ledger.read", building_id)
    building = await get_building(conn, member, building_id)
    return await q.open_drafts(conn, member.org_id, building.id)


async def update_draft(conn: asyncpg.Connection, actor: Actor, draft_id: UUID, data: Any) -> Draft:
    """Replace a draft's date, label, document and lines (409 once posted)."""
    member = require(actor, "entry.draft")
    entry = parse_manual(data, fewest=1)
    async with conn.transaction():
        draft = await _open(conn, member, draft_id, lock=True)
        if draft.posted_entry_id is not None:
            raise Conflict(_("Ce brouillon est déjà comptabilisé."))
        after = await q.update(conn, member.org_id, draft.id, entry.entry_date, entry.label, entry.document_ref,
                               _stored(entry))
        await record(conn, member, "update", "entry_draft", draft.id, {"label": draft.label}, {"label": after.label})
    return after


async def delete_draft(conn: asyncpg.Connection, actor: Actor, draft_id: UUID) -> None:
    """Delete a draft not posted (409 once posted)."""
    member = require(actor, "entry.draft")
    async with conn.transaction():
        draft = await _open(conn, member, draft_id, lock=True)
        if draft.posted_entry_id is not None:
            raise Conflict(_("Ce brouillon est déjà comptabilisé."))
        await q.delete(conn, member.org_id, draft.id)
        await record(conn, member, "delete", "entry_draft", draft.id, {"label": draft.label}, None)


async def post_draft(conn: asyncpg.Connection, actor: Actor, draft_id: UUID) -> PostedEntry:
    """Post the draft: numbered now in the miscellaneous journal of its date's year (422 unbalanced, 409 closed
    year or posted already)."""
    member = require(actor, "entry.post")
    async with conn.transaction():
        draft = await _open(conn, member, draft_id, lock=True)
        if draft.posted_entry_id is not None:
            raise Conflict(_("Ce brouillon est déjà comptabilisé."))
        posted = await post_entry(conn, member, draft.building_id, EntryDraft(
            "OD", draft.entry_date, draft.label, _lines(draft), draft.document_ref, ("entry_draft", draft.id)))
        await q.mark_posted(conn, member.org_id, draft.id, posted.id)
        await record(conn, member, "post", "journal_entry", posted.id, None,
                     {"journal": "OD", "number": posted.number, "label": posted.label, "draft": str(draft.id)})
    return posted


async def drafts_to_post(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """The desk: per building, the manual entries waiting as drafts (for those who post them)."""
    if not allowed(member, "entry.post"):
        return []
    found = await q.desk_drafts(conn, member.org_id, member.building_ids)
    return [DeskItem("entry.draft", _("Comptabiliser les écritures en brouillon (%(n)s)", n=d.count),
                     f"/entry-drafts/{d.first_id}", d.building_id, d.building_name, None, d.count) for d in found]


def as_dict(draft: Draft) -> dict[str, Any]:
    """The draft as JSON carries it."""
    return asdict(draft)
