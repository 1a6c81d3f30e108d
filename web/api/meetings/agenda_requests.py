"""/api/v1/agenda-requests: owners ask for agenda items; the syndic accepts them onto an agenda or answers."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request

from domain.access import allowed
from domain.errors import Invalid
from domain.i18n import _
from domain.meetings import agenda_requests as svc
from domain.meetings import meetings as meetings_svc
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response

bp = Blueprint("api_agenda_requests", __name__, url_prefix="/api/v1/agenda-requests")


def _uuid(value: object, field: str) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise Invalid({field: _("Identifiant invalide.") if value else _("Ce champ est obligatoire.")}) from None


@bp.get("")
async def index():  # type: ignore[no-untyped-def]
    conn, actor = await db.conn(), current_actor()
    if allowed(actor, "agenda_request.ask"):
        return json_response({"data": await svc.my_requests(conn, actor)})
    raw = request.args.get("building_id", "").strip()
    if not raw:  # every building the actor follows, as existing clients expect
        return json_response({"data": await svc.org_requests(conn, actor)})
    return json_response({"data": await svc.building_requests(conn, actor, _uuid(raw, "building_id"))})


@bp.post("")
async def create():  # type: ignore[no-untyped-def]
    actor = current_actor()
    data = await json_body()
    building_id = _uuid(data.pop("building_id", ""), "building_id")
    return json_response(await svc.ask_for_item(await db.conn(), actor, building_id, data), 201)


@bp.post("/<uuid:request_id>/accept")
async def accept(request_id: UUID):  # type: ignore[no-untyped-def]
    actor = current_actor()
    data = await json_body()
    meeting_id = _uuid(data.pop("meeting_id", ""), "meeting_id")
    item = await svc.accept_request(await db.conn(), actor, request_id, meeting_id, data)
    return json_response(meetings_svc.item_json(item), 201)


@bp.post("/<uuid:request_id>/answer")
async def answer(request_id: UUID):  # type: ignore[no-untyped-def]
    actor = current_actor()
    data = await json_body()
    return json_response(await svc.answer_request(await db.conn(), actor, request_id, data))
