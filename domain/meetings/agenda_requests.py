"""Owners ask in writing for agenda items; the syndic puts each onto an agenda or answers it. Nothing is dropped."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.i18n import _
from domain.meetings.meeting_input import ItemInput
from domain.meetings.meetings import locked_meeting, my_owner_ids, visible_building
from domain.notifications.notices import notify
from domain.parse import Fields, FormInput, given
from domain.platform.audit import record
from domain.register.buildings import building_of
from queries.meetings import agenda_requests as q
from queries.meetings import meetings as qm
from queries.meetings.agenda_requests import Request as Request  # re-exported for the handlers


async def ask_for_item(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: object) -> q.Request:
    """An owner of the building asks for an item (the request is dated)."""
    actor = require(actor, "agenda_request.ask")
    f = Fields(data, allowed={"title", "description"})
    title = f.text("title", required=True, max_len=200)
    description = f.text("description", max_len=4000, multiline=True)
    f.done()
    await visible_building(conn, actor, building_id)
    mine = await my_owner_ids(conn, actor)
    if not mine:
        raise Forbidden(_("Votre compte n'est lié à aucun copropriétaire."))
    async with conn.transaction():
        request_id = await q.insert(conn, actor.org_id, building_id, mine[0], given(title), description)
        request = await _read(conn, actor, request_id)
        await record(conn, actor, "create", "agenda_request", request_id, None, request)
    return request


async def building_requests(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.Request]:
    """The building's requests (syndic and board), pending first."""
    actor = require(actor, "meeting.follow")
    await visible_building(conn, actor, building_id)
    return await q.for_building(conn, actor.org_id, building_id)


async def _read(conn: asyncpg.Connection, member: Member, request_id: UUID) -> q.Request:
    """A request just written in this transaction."""
    found = await q.get(conn, member.org_id, request_id)
    if found is None:
        raise NotFound("agenda_request", request_id)
    return found
async def org_requests(conn: asyncpg.Connection, actor: Actor) -> list[q.Request]:
    """Every request of the buildings the actor follows (syndic and board), pending first."""
    member = require(actor, "meeting.follow")
    return await q.for_org(conn, member.org_id, member.building_ids)


async def get_request(conn: asyncpg.Connection, actor: Actor, request_id: UUID) -> q.Request:
    """One request of a building the actor follows."""
    member = require(actor, "meeting.follow")
    found = await q.get(conn, member.org_id, request_id)
    if found is None or not member.reaches(found.building_id):
        raise NotFound("agenda_request", request_id)
    return found


async def is_subscribed(conn: asyncpg.Connection, actor: Actor) -> bool:
    """Whether the owner asked to receive the convocations even when not a lot's contact."""
    member = require(actor, "portal.use")
    mine = await my_owner_ids(conn, member)
    return bool(mine) and bool(await q.subscribed(conn, member.org_id, mine))


async def my_requests(conn: asyncpg.Connection, actor: Actor) -> list[q.Request]:
    """The requests an owner made."""
    actor = require(actor, "agenda_request.ask")
    return await q.for_owners(conn, actor.org_id, await my_owner_ids(conn, actor))


async def _pending(conn: asyncpg.Connection, actor: Actor, request_id: UUID) -> q.Request:
    actor = require(actor, "agenda_request.handle")
    request = await q.get(conn, actor.org_id, request_id)
    if request is None:
        raise NotFound("agenda_request", request_id)
    if request.status != "pending":
        raise Conflict(_("Cette demande a déjà été traitée."))
    return request


async def accept_request(conn: asyncpg.Connection, actor: Actor, request_id: UUID, meeting_id: UUID,
                         data: object | None = None) -> qm.Item:
    """The syndic puts the request onto a draft agenda (optionally as a resolution)."""
    actor = require(actor, "agenda_request.handle")
    async with conn.transaction():
        request = await _pending(conn, actor, request_id)
        meeting = await locked_meeting(conn, actor, meeting_id, "draft")
        if meeting.building_id != request.building_id:
            raise Invalid({"meeting_id": _("Cette assemblée concerne un autre bâtiment.")})
        building = await building_of(conn, actor, meeting.building_id)
        values = ItemInput.parse(_merged(request, data), building.jurisdiction)
        item = await qm.add_item(conn, actor.org_id, meeting_id, asdict(values))
        await q.handle(conn, actor.org_id, request_id, "accepted", None, item.id)
        await record(conn, actor, "accept", "agenda_request", request_id, request, {"agenda_item_id": item.id})
        await notify(conn, actor.org_id, "agenda_request.answered",
                     _("Votre demande « %(title)s » est inscrite à l'ordre du jour", title=request.title),
                     "/portal", owners=[request.owner_id], about_building=request.building_id)
    return item


def _merged(request: q.Request, data: object | None) -> dict:
    """The request's title and text, overridden by what the syndic sent (a form stays a form)."""
    given_fields = data if isinstance(data, Mapping) else {}
    sent = {k: v for k, v in given_fields.items() if k != "meeting_id" and v not in (None, "")}
    merged = {"title": request.title, "description": request.description, **sent}
    return FormInput(merged) if isinstance(data, FormInput) else merged


async def answer_request(conn: asyncpg.Connection, actor: Actor, request_id: UUID, data: object) -> q.Request:
    """The syndic answers the request in writing instead of putting it on an agenda."""
    actor = require(actor, "agenda_request.handle")
    f = Fields(data, allowed={"answer"})
    answer = f.text("answer", required=True, max_len=4000, multiline=True)
    f.done()
    async with conn.transaction():
        request = await _pending(conn, actor, request_id)
        await q.handle(conn, actor.org_id, request_id, "answered", answer, None)
        after = await _read(conn, actor, request_id)
        await record(conn, actor, "answer", "agenda_request", request_id, request, after)
        await notify(conn, actor.org_id, "agenda_request.answered",
                     _("Le syndic a répondu à votre demande « %(title)s »", title=request.title), "/portal",
                     owners=[request.owner_id], about_building=request.building_id)
    return after


async def set_my_subscription(conn: asyncpg.Connection, actor: Actor, on: bool) -> None:
    """An owner asks (or stops asking) to receive the convocations even when not a lot's contact."""
    actor = require(actor, "portal.use")
    async with conn.transaction():
        for owner_id in await my_owner_ids(conn, actor):
            await q.set_subscription(conn, actor.org_id, owner_id, on)
        await record(conn, actor, "subscribe" if on else "unsubscribe", "convocations", None, None, {"on": on})
