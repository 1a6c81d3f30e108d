"""Owners ask in writing for agenda items; the syndic puts each onto an agenda or answers it. Nothing is dropped."""
from __future__ import annotations

from dataclasses import asdict
from uuid import UUID

import asyncpg

from domain.platform.users import Actor
from domain.platform.audit import record
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.i18n import _
from domain.meetings.meeting_input import ItemInput
from domain.meetings.meetings import locked_meeting, my_owner_ids, require_syndic, visible_building
from domain.parse import Fields, FormInput
from queries.meetings import agenda_requests as q
from queries.register import buildings as qb
from queries.meetings import meetings as qm


async def ask_for_item(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: object) -> q.Request:
    """An owner of the building asks for an item (the request is dated)."""
    if actor.role != "owner":
        raise Forbidden(_("Seul un copropriétaire peut demander l'ajout d'un point."))
    f = Fields(data, allowed={"title", "description"})
    title = f.text("title", required=True, max_len=200)
    description = f.text("description", max_len=4000)
    f.done()
    await visible_building(conn, actor, building_id)
    mine = await my_owner_ids(conn, actor)
    if not mine:
        raise Forbidden(_("Votre compte n'est lié à aucun copropriétaire."))
    async with conn.transaction():
        request_id = await q.insert(conn, actor.org_id, building_id, mine[0], title, description)  # type: ignore[arg-type]
        request = await q.get(conn, actor.org_id, request_id)  # type: ignore[arg-type]
        await record(conn, actor, "create", "agenda_request", request_id, None, request)
    return request  # type: ignore[return-value]


async def building_requests(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.Request]:
    """The building's requests (syndic and board), pending first."""
    actor.require("syndic", "board_member", "accountant")
    await visible_building(conn, actor, building_id)
    return await q.for_building(conn, actor.org_id, building_id)  # type: ignore[arg-type]


async def my_requests(conn: asyncpg.Connection, actor: Actor) -> list[q.Request]:
    """The requests an owner made."""
    return await q.for_owners(conn, actor.org_id, await my_owner_ids(conn, actor))  # type: ignore[arg-type]


async def _pending(conn: asyncpg.Connection, actor: Actor, request_id: UUID) -> q.Request:
    require_syndic(actor)
    request = await q.get(conn, actor.org_id, request_id)  # type: ignore[arg-type]
    if request is None:
        raise NotFound("agenda_request", request_id)
    if request.status != "pending":
        raise Conflict(_("Cette demande a déjà été traitée."))
    return request


async def accept_request(conn: asyncpg.Connection, actor: Actor, request_id: UUID, meeting_id: UUID,
                         data: object | None = None) -> qm.Item:
    """The syndic puts the request onto a draft agenda (optionally as a resolution)."""
    async with conn.transaction():
        request = await _pending(conn, actor, request_id)
        meeting = await locked_meeting(conn, actor, meeting_id, "draft")
        if meeting.building_id != request.building_id:
            raise Invalid({"meeting_id": _("Cette assemblée concerne un autre bâtiment.")})
        building = await qb.get(conn, actor.org_id, meeting.building_id)  # type: ignore[arg-type]
        values = ItemInput.parse(_merged(request, data), building.jurisdiction)  # type: ignore[union-attr]
        item = await qm.add_item(conn, actor.org_id, meeting_id, asdict(values))  # type: ignore[arg-type]
        await q.handle(conn, actor.org_id, request_id, "accepted", None, item.id)  # type: ignore[arg-type]
        await record(conn, actor, "accept", "agenda_request", request_id, request, {"agenda_item_id": item.id})
    return item


def _merged(request: q.Request, data: object | None) -> dict:
    """The request's title and text, overridden by what the syndic sent (a form stays a form)."""
    sent = {k: v for k, v in dict(data or {}).items() if k != "meeting_id" and v not in (None, "")}  # type: ignore[call-overload]
    merged = {"title": request.title, "description": request.description, **sent}
    return FormInput(merged) if isinstance(data, FormInput) else merged


async def answer_request(conn: asyncpg.Connection, actor: Actor, request_id: UUID, data: object) -> q.Request:
    """The syndic answers the request in writing instead of putting it on an agenda."""
    f = Fields(data, allowed={"answer"})
    answer = f.text("answer", required=True, max_len=4000)
    f.done()
    async with conn.transaction():
        request = await _pending(conn, actor, request_id)
        await q.handle(conn, actor.org_id, request_id, "answered", answer, None)  # type: ignore[arg-type]
        after = await q.get(conn, actor.org_id, request_id)  # type: ignore[arg-type]
        await record(conn, actor, "answer", "agenda_request", request_id, request, after)
    return after  # type: ignore[return-value]


async def set_my_subscription(conn: asyncpg.Connection, actor: Actor, on: bool) -> None:
    """An owner asks (or stops asking) to receive the convocations even when not a lot's contact."""
    actor.require("owner")
    async with conn.transaction():
        for owner_id in await my_owner_ids(conn, actor):
            await q.set_subscription(conn, actor.org_id, owner_id, on)  # type: ignore[arg-type]
        await record(conn, actor, "subscribe" if on else "unsubscribe", "convocations", None, None, {"on": on})
