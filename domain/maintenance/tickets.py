"""Tickets: an owner or the board reports a problem (a common part or a lot, a photo), the syndic triages it
(urgency, deadline, contractor), comments internal or public, moves it through its states
(domain/rules/tickets.py); the reporter is told at each public step by an in-app notice and, by their
preference, an e-mail (domain/notifications, kind `ticket.answered`), in the same transaction.
Who reads what: the firm and the board every ticket of the buildings they reach; an owner their own tickets and
the common-part tickets of their buildings (so that a leak in the stairwell is not reported ten times), without
the internal comments and without the reporter's name when it is not theirs."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, allowed, require
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import Msg, _
from domain.notifications.notices import notify
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.rules import tickets as rules
from domain.storage import Storage, Upload, check_upload
from queries.maintenance import contractors as qc
from queries.maintenance import tickets as q
from queries.maintenance.tickets import Comment, Ticket
from queries.register import units as qu

__all__ = ["Comment", "Ticket", "TicketDetail", "check_photo"]

# What the reporter's notice says at each state the ticket reaches (one sentence each, so each translates whole).
TOLD: Mapping[str, Msg] = {
    rules.NEW: _("Votre signalement « %(title)s » est rouvert"),
    rules.ASSIGNED: _("Votre signalement « %(title)s » est confié à un entrepreneur"),
    rules.IN_PROGRESS: _("Les travaux de votre signalement « %(title)s » ont commencé"),
    rules.DONE: _("Votre signalement « %(title)s » est terminé"),
    rules.CLOSED: _("Votre signalement « %(title)s » est clôturé"),
}


MAX_PHOTOS = 5
# HEIF/HEIC (iPhones' own format) by its ISO-BMFF brand: refused by name, with what to do, rather than as "not an
# image" (browsers but Safari cannot show it, and no well-kept pure-Python library checks it)
_HEIF_BRANDS = (b"ftypheic", b"ftypheix", b"ftyphevc", b"ftypheim", b"ftypheis", b"ftypmif1", b"ftypmsf1")


@dataclass(frozen=True)
class TicketDetail:
    ticket: Ticket
    comments: list[Comment]
    moves: list[str]
    photos: list[q.Photo]


def check_photo(filename: str | None, data: bytes) -> Upload:
    """A photo (PNG, JPEG or WebP, recognised by its bytes) of at most 10 MB; HEIC refused with what to do."""
    if data[4:12] in _HEIF_BRANDS:
        raise Invalid({"photo": _("Les photos HEIC (iPhone) ne sont pas acceptées : choisissez la photo depuis la "
                                  "photothèque (elle est alors envoyée en JPEG) ou réglez l'appareil photo sur "
                                  "« Le plus compatible ».")})
    upload = check_upload(filename, data, "photo")
    if not upload.content_type.startswith("image/"):
        raise Invalid({"photo": _("La photo doit être une image PNG, JPEG ou WebP.")})
    return upload


@dataclass(frozen=True)
class Report:
    title: str
    description: str
    unit_id: UUID | None
    location: str | None

    @classmethod
    def parse(cls, data: Any) -> Report:
        """What went wrong, and where: a lot, or a common part (unit empty) with its place."""
        f = Fields(data, allowed={"title", "description", "unit_id", "location"})
        title = f.text("title", required=True)
        description = f.text("description", required=True, max_len=4000, multiline=True)
        unit_id, location = f.uuid("unit_id"), f.text("location")
        f.done()
        return cls(given(title), given(description), unit_id, location)


async def report_ticket(conn: asyncpg.Connection, actor: Actor, storage: Storage | None, building_id: UUID,
                        data: Any, photo: Upload | Sequence[Upload] | None = None) -> Ticket:
    """Report a problem in a building the actor reaches (an owner: on a common part or one of their lots), with
    up to five photos (already checked by their bytes)."""
    member = require(actor, "ticket.report", building_id)
    photos = [] if photo is None else [photo] if isinstance(photo, Upload) else list(photo)
    if len(photos) > MAX_PHOTOS:
        raise Invalid({"photo": _("Cinq photos au plus.")})
    await get_building(conn, member, building_id)
    report = Report.parse(data)
    if report.unit_id is not None:
        unit = await qu.get(conn, member.org_id, report.unit_id, member.own_only)
        if unit is None or unit.building_id != building_id:
            raise Invalid({"unit_id": _("Lot inconnu : choisissez un de vos lots ou une partie commune.")})
    keys = [p.new_key(member.org_id, "tickets") for p in photos] if storage else []
    first = (keys[0], photos[0].name, photos[0].content_type, len(photos[0].data)) if keys else None
    async with conn.transaction():
        try:
            for key, upload in zip(keys, photos, strict=True):
                assert storage is not None
                await storage.put(key, upload.data)
            new_id = await q.insert(conn, member.org_id, building_id, report.unit_id, report.location, report.title,
                                    report.description, (member.user_id, member.email, member.full_name,
                                                         member.locale if member.locale in ("fr", "nl", "de", "en")
                                                         else "fr"), first)
            if keys:
                await q.add_photos(conn, member.org_id, new_id, [(k, p.name, p.content_type, len(p.data))
                                                                  for k, p in zip(keys, photos, strict=True)])
            ticket = await _read(conn, member, new_id)
            await record(conn, member, "report", "ticket", new_id, None, ticket)
        except Exception:
            for key in keys:
                assert storage is not None
                await storage.delete(key)
            raise
    return ticket


async def _read(conn: asyncpg.Connection, member: Member, ticket_id: UUID) -> Ticket:
    found = await q.get(conn, member.org_id, ticket_id)
    if found is None:
        raise NotFound("ticket", ticket_id)
    return found


async def list_tickets(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None = None,
                       status: str | None = None, open_only: bool = False) -> list[Ticket]:
    """The tickets the actor reads (in one building when given), open ones first."""
    member = require(actor, "ticket.read", building_id)
    if building_id is not None:
        await get_building(conn, member, building_id)
    statuses = [status] if status else (["new", "assigned", "in_progress"] if open_only else None)
    found = await q.list_for(conn, member.org_id, member.building_ids, member.own_only, building_id, statuses)
    return [_for_reader(member, t) for t in found]


def _for_reader(member: Member, ticket: Ticket) -> Ticket:
    """An owner reading someone else's common-part ticket does not learn who reported it."""
    if member.own_only is not None and ticket.reported_by != member.own_only:
        return replace(ticket, reporter_name=None, reporter_email=None, reported_by=None)
    return ticket


async def get_ticket(conn: asyncpg.Connection, actor: Actor, ticket_id: UUID) -> Ticket:
    """One ticket the actor reads."""
    member = require(actor, "ticket.read")
    found = await q.get(conn, member.org_id, ticket_id, member.building_ids, member.own_only)
    if found is None:
        raise NotFound("ticket", ticket_id)
    return _for_reader(member, found)


async def ticket_detail(conn: asyncpg.Connection, actor: Actor, ticket_id: UUID) -> TicketDetail:
    """A ticket, the comments the actor may read (internal ones: the firm and the board), the moves offered."""
    member = require(actor, "ticket.read")
    ticket = await get_ticket(conn, member, ticket_id)
    visible = ["internal", "public"] if member.own_only is None else ["public"]
    comments = await q.comments(conn, ticket.organization_id, ticket.id, visible)
    moves = rules.moves_from(ticket.status) if allowed(actor, "ticket.triage") else []
    return TicketDetail(ticket, comments, moves, await q.photos(conn, ticket.organization_id, ticket.id))


@dataclass(frozen=True)
class Triage:
    urgency: str
    due_on: date | None
    contractor_id: UUID | None
    note: str | None


def _triage_input(data: Any) -> Triage:
    f = Fields(data, allowed={"urgency", "due_on", "contractor_id", "note"})
    urgency = f.choice("urgency", rules.URGENCIES, required=True)
    due_on, contractor_id = f.date("due_on"), f.uuid("contractor_id")
    note = f.text("note", max_len=4000, multiline=True)
    f.done()
    return Triage(given(urgency), due_on, contractor_id, note)


async def triage_ticket(conn: asyncpg.Connection, actor: Actor, ticket_id: UUID, data: Any,
                        today: date | None = None) -> Ticket:
    """Set the urgency and its deadline (proposed from the urgency when not given), and the contractor: a new
    ticket with a contractor becomes assigned and its reporter is told."""
    member = require(actor, "ticket.triage")
    values = _triage_input(data)
    async with conn.transaction():
        before = await _locked(conn, member, ticket_id)
        if not rules.is_open(before.status):
            raise Conflict(_("Ce ticket est terminé ou clôturé : rouvrez-le d'abord."))
        if values.contractor_id and await qc.get(conn, member.org_id, values.contractor_id) is None:
            raise Invalid({"contractor_id": _("Entrepreneur inconnu.")})
        due = values.due_on or (today or date.today()) + timedelta(days=rules.DEADLINE_DAYS[values.urgency])
        status = before.status
        if values.contractor_id and before.status == rules.NEW:
            status = rules.next_state(before.status, "assign", has_contractor=True)
        await q.triage(conn, member.org_id, ticket_id, values.urgency, due, values.contractor_id, status)
        after = await _read(conn, member, ticket_id)
        if values.note:
            await q.add_comment(conn, member.org_id, ticket_id, (member.user_id, member.full_name), "internal",
                                values.note, "triage")
        if status != before.status:
            await _tell(conn, member, after, None)
        await record(conn, member, "triage", "ticket", ticket_id, before, after)
    return after


async def _locked(conn: asyncpg.Connection, member: Member, ticket_id: UUID) -> Ticket:
    if not await q.lock(conn, member.org_id, ticket_id):
        raise NotFound("ticket", ticket_id)
    ticket = await _read(conn, member, ticket_id)
    if not member.reaches(ticket.building_id):
        raise NotFound("ticket", ticket_id)
    return ticket


async def move_ticket(conn: asyncpg.Connection, actor: Actor, ticket_id: UUID, move: str, data: Any) -> Ticket:
    """Move a ticket (assign, start, finish, close, reopen), with a note to the reporter when given; the
    reporter is e-mailed."""
    member = require(actor, "ticket.triage")
    f = Fields(data, allowed={"note"})
    note = f.text("note", max_len=4000, multiline=True)
    f.done()
    async with conn.transaction():
        before = await _locked(conn, member, ticket_id)
        try:
            status = rules.next_state(before.status, move, has_contractor=before.contractor_id is not None)
        except rules.Refused:
            raise Conflict(_("Passage impossible : ce ticket est « %(state)s ».",
                             state=rules.LABELS[before.status])) from None
        await q.set_status(conn, member.org_id, ticket_id, status)
        after = await _read(conn, member, ticket_id)
        if note:
            await q.add_comment(conn, member.org_id, ticket_id, (member.user_id, member.full_name), "public",
                                note, move)
        await _tell(conn, member, after, note)
        await record(conn, member, move, "ticket", ticket_id, before, after)
    return after


async def comment_ticket(conn: asyncpg.Connection, actor: Actor, ticket_id: UUID, data: Any) -> Comment:
    """A comment by the syndic: internal (the firm and the board) or public (the reporter is e-mailed)."""
    member = require(actor, "ticket.triage")
    f = Fields(data, allowed={"body", "visibility"})
    body = f.text("body", required=True, max_len=4000, multiline=True)
    visibility = f.choice("visibility", ("internal", "public")) or "internal"
    f.done()
    async with conn.transaction():
        ticket = await _locked(conn, member, ticket_id)
        comment = await q.add_comment(conn, member.org_id, ticket_id, (member.user_id, member.full_name),
                                      visibility, given(body), None)
        if visibility == "public":
            await _tell(conn, member, ticket, given(body), commented=True)
    return comment


async def _tell(conn: asyncpg.Connection, member: Member, ticket: Ticket, note: str | None,
                commented: bool = False) -> None:
    """Tell the reporter where the ticket stands (in the caller's transaction): a notice, and the e-mail by their
    preference with the contractor's name when assigned and the note; not the one who moved it."""
    if ticket.reported_by is None or ticket.reported_by == member.user_id:
        return
    title = (_("Nouveau message sur votre signalement « %(title)s »", title=ticket.title) if commented
             else Msg(TOLD[ticket.status].template, title=ticket.title))
    detail: list[Msg | str] = [_("Signalement « %(title)s » (%(building)s) : %(state)s.", title=ticket.title,
                                 building=ticket.building_name, state=rules.LABELS[ticket.status])]
    if ticket.contractor_name and ticket.status == rules.ASSIGNED:
        detail.append(_("Entrepreneur chargé : %(name)s.", name=ticket.contractor_name))
    if note:
        detail.append(note)
    await notify(conn, member.org_id, "ticket.answered", title, f"/tickets/{ticket.id}",
                 users=[ticket.reported_by], about_building=ticket.building_id, detail=detail)


async def photo_file(conn: asyncpg.Connection, actor: Actor, storage: Storage, ticket_id: UUID,
                     position: int = 1) -> tuple[str, str, bytes]:
    """One of the ticket's photos (the first by default): (name, type, bytes)."""
    ticket = await get_ticket(conn, actor, ticket_id)
    found = next((p for p in await q.photos(conn, ticket.organization_id, ticket.id) if p.position == position),
                 None)
    data = await storage.get(found.storage_key) if found else None
    if found is None or data is None:
        raise NotFound("photo", ticket_id)
    return found.name, found.content_type, data


async def report_form(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> tuple[Any, list[tuple[UUID, str]]]:
    """What the report form offers: the building, and the lots the actor may report on (an owner: their own)."""
    member = require(actor, "ticket.report", building_id)
    building = await get_building(conn, member, building_id)
    return building, await q.lots_to_report_on(conn, member.org_id, building_id, member.own_only)


async def contractor_choices(conn: asyncpg.Connection, actor: Actor) -> list[tuple[UUID, str]]:
    """The firm's contractors to assign a ticket to: (id, name)."""
    member = require(actor, "ticket.triage")
    return [(c.id, c.company_name) for c in await qc.list_all(conn, member.org_id, None, None)]


async def tickets_of_building(conn: asyncpg.Connection, actor: Actor, building_id: UUID, open_only: bool = True,
                              overdue_on: date | None = None) -> tuple[Any, list[Ticket]]:
    """A building and its tickets the actor reads (open ones; only those past their deadline on `overdue_on`)."""
    member = require(actor, "ticket.read", building_id)
    building = await get_building(conn, member, building_id)
    found = await list_tickets(conn, member, building_id, None, open_only or overdue_on is not None)
    if overdue_on is not None:
        found = [t for t in found if t.due_on is not None and t.due_on < overdue_on]
    return building, found
