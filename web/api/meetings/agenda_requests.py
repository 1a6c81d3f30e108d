"""/api/v1/agenda-requests: owners ask for agenda items; the syndic accepts them onto an agenda or answers."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.meetings import agenda_requests as svc
from domain.meetings import meetings as meetings_svc
from domain.parse import Fields, given
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response
from web.query import uuid_arg

bp = Blueprint("api_agenda_requests", __name__, url_prefix="/api/v1/agenda-requests")


def _take_id(data: dict[str, Any], field: str) -> UUID:
    """An identifier taken out of a JSON body (the rest goes to the use case), parsed as every field is."""
    f = Fields({field: data.pop(field, None)})
    value = f.uuid(field, required=True)
    f.done()
    return given(value)


@bp.get("")
async def index() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    if allowed(actor, "agenda_request.ask"):
        return json_response({"data": await svc.my_requests(conn, actor)})
    building_id = uuid_arg("building_id")
    if building_id is None:  # every building the actor follows, as existing clients expect
        return json_response({"data": await svc.org_requests(conn, actor)})
    return json_response({"data": await svc.building_requests(conn, actor, building_id)})


@bp.post("")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    building_id = _take_id(data, "building_id")
    return json_response(await svc.ask_for_item(await db.conn(), actor, building_id, data), 201)


@bp.post("/<uuid:request_id>/accept")
async def accept(request_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    meeting_id = _take_id(data, "meeting_id")
    item = await svc.accept_request(await db.conn(), actor, request_id, meeting_id, data)
    return json_response(meetings_svc.item_json(item), 201)


@bp.post("/<uuid:request_id>/answer")
async def answer(request_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(await svc.answer_request(await db.conn(), actor, request_id, data))
