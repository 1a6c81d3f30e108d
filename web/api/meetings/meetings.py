"""/api/v1/meetings, their agenda, attendance, votes, results and minutes; /api/v1/resolutions/{id}/votes."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import Invalid
from domain.i18n import _
from domain.meetings import attendance, convocation, voting
from domain.meetings import meetings as svc
from domain.meetings.minutes import mailings, meeting_view, minutes_json
from domain.meetings.second_vote import hold_second_vote
from domain.pagination import PageRequest
from web import db
from web.auth import current_actor
from web.documents.filing import file_convocation, file_minutes
from web.documents.meetings import cancellation_document, convocation_document, minutes_renderer
from web.jsonapi import json_body, json_response, page_response
from web.query import uuid_arg

bp = Blueprint("api_meetings", __name__, url_prefix="/api/v1")


def meeting_json(m: svc.Meeting) -> dict[str, Any]:
    """A meeting with the names existing clients use (meeting_type Ordinary | Extraordinary, scheduled_date)."""
    data = asdict(m)
    data["meeting_type"] = m.meeting_type.capitalize()
    data["scheduled_date"] = data.pop("scheduled_at")
    return data


@bp.get("/meetings")
async def index() -> ResponseReturnValue:
    actor = current_actor()
    building_id = uuid_arg("building_id")
    page = await svc.list_meetings(await db.conn(), actor, building_id, PageRequest.parse(request.args))
    return page_response(page, meeting_json)


@bp.post("/meetings")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    return json_response(meeting_json(await svc.create_meeting(await db.conn(), actor, await json_body())), 201)


@bp.get("/meetings/<uuid:meeting_id>")
async def show(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    meeting = await svc.get_meeting(conn, actor, meeting_id)
    items = await svc.agenda(conn, actor, meeting_id)
    return json_response({**meeting_json(meeting), "agenda": [svc.item_json(i) for i in items]})


@bp.put("/meetings/<uuid:meeting_id>")
async def update(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(meeting_json(await svc.update_meeting(await db.conn(), actor, meeting_id, data)))


@bp.post("/meetings/<uuid:meeting_id>/cancel")
async def cancel(meeting_id: UUID) -> ResponseReturnValue:
    await json_body_or_empty()
    meeting = await convocation.cancel_meeting(await db.conn(), current_actor(), meeting_id, cancellation_document)
    return json_response(meeting_json(meeting))


@bp.get("/meetings/<uuid:meeting_id>/agenda-items")
async def items(meeting_id: UUID) -> ResponseReturnValue:
    found = await svc.agenda(await db.conn(), current_actor(), meeting_id)
    return json_response({"data": [svc.item_json(i) for i in found]})


@bp.post("/meetings/<uuid:meeting_id>/agenda-items")
async def add_item(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(svc.item_json(await svc.add_item(await db.conn(), actor, meeting_id, data)), 201)


@bp.put("/meetings/<uuid:meeting_id>/agenda-items/<uuid:item_id>")
async def update_item(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(svc.item_json(await svc.update_item(await db.conn(), actor, meeting_id, item_id, data)))


@bp.delete("/meetings/<uuid:meeting_id>/agenda-items/<uuid:item_id>")
async def delete_item(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    await svc.delete_item(await db.conn(), current_actor(), meeting_id, item_id)
    return "", 204


@bp.get("/meetings/<uuid:meeting_id>/resolutions")
async def resolutions(meeting_id: UUID) -> ResponseReturnValue:
    view = await meeting_view(await db.conn(), current_actor(), meeting_id)
    return json_response({"data": [{**svc.item_json(r.item), "result": r.result} for r in view.resolutions]})


@bp.post("/meetings/<uuid:meeting_id>/convene")
async def convene(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    await json_body_or_empty()
    meeting = await convocation.convene(await db.conn(), actor, meeting_id, convocation_document)
    await file_convocation(await db.conn(), actor, meeting_id)
    return json_response(meeting_json(meeting))


@bp.post("/meetings/<uuid:meeting_id>/second-session")
async def second_session(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    meeting = await convocation.convene_second_session(await db.conn(), actor, meeting_id, data,
                                                       convocation_document)
    await file_convocation(await db.conn(), actor, meeting.id)
    return json_response(meeting_json(meeting), 201)


@bp.get("/meetings/<uuid:meeting_id>/unreachable")
async def unreachable(meeting_id: UUID) -> ResponseReturnValue:
    cards = await convocation.unreachable_owners(await db.conn(), current_actor(), meeting_id)
    return json_response({"data": [{"owner_id": c.id, "name": c.name} for c in cards]})


@bp.post("/meetings/<uuid:meeting_id>/reached-otherwise")
async def reached_otherwise(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    await convocation.mark_reached_otherwise(await db.conn(), actor, meeting_id, data)
    return json_response({"data": [{"owner_id": c.id, "name": c.name}
                                   for c in await convocation.unreachable_owners(await db.conn(), actor, meeting_id)]})


@bp.get("/meetings/<uuid:meeting_id>/deliveries")
async def deliveries(meeting_id: UUID) -> ResponseReturnValue:
    return json_response({"data": await mailings(await db.conn(), current_actor(), meeting_id)})


@bp.get("/meetings/<uuid:meeting_id>/attendance")
async def register(meeting_id: UUID) -> ResponseReturnValue:
    view = await meeting_view(await db.conn(), current_actor(), meeting_id)
    return json_response({"data": view.attendance, "quorum": minutes_json(view)["quorum"],
                          "total_quota": view.total_quota, "total_owners": view.total_owners})


@bp.post("/meetings/<uuid:meeting_id>/attendance")
async def record_presence(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(await attendance.register_presence(await db.conn(), actor, meeting_id, data), 201)


@bp.post("/meetings/<uuid:meeting_id>/open")
async def open_meeting(meeting_id: UUID) -> ResponseReturnValue:
    await json_body_or_empty()
    return json_response(meeting_json(await voting.open_meeting(await db.conn(), current_actor(), meeting_id)))


@bp.post("/meetings/<uuid:meeting_id>/resolutions/<uuid:item_id>/open")
async def open_resolution(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    await json_body_or_empty()
    item = await voting.open_resolution(await db.conn(), current_actor(), meeting_id, item_id)
    return json_response(svc.item_json(item))


@bp.post("/meetings/<uuid:meeting_id>/resolutions/<uuid:item_id>/close")
async def close_resolution(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    await json_body_or_empty()
    item = await voting.close_resolution(await db.conn(), current_actor(), meeting_id, item_id)
    return json_response(svc.item_json(item))


@bp.post("/meetings/<uuid:meeting_id>/resolutions/<uuid:item_id>/second-vote")
async def second_vote(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    await json_body_or_empty()
    item = await hold_second_vote(await db.conn(), current_actor(), meeting_id, item_id)
    return json_response(svc.item_json(item), 201)


@bp.put("/meetings/<uuid:meeting_id>/officers")
async def officers(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(meeting_json(await voting.set_officers(await db.conn(), actor, meeting_id, data)))


@bp.post("/meetings/<uuid:meeting_id>/close")
async def close(meeting_id: UUID) -> ResponseReturnValue:
    await json_body_or_empty()
    return json_response(meeting_json(await voting.close_meeting(await db.conn(), current_actor(), meeting_id)))


@bp.get("/meetings/<uuid:meeting_id>/results")
async def results(meeting_id: UUID) -> ResponseReturnValue:
    view = await meeting_view(await db.conn(), current_actor(), meeting_id)
    return json_response({"data": minutes_json(view)["resolutions"], "quorum": minutes_json(view)["quorum"]})


@bp.get("/meetings/<uuid:meeting_id>/minutes")
async def minutes(meeting_id: UUID) -> ResponseReturnValue:
    return json_response(minutes_json(await meeting_view(await db.conn(), current_actor(), meeting_id)))


@bp.post("/meetings/<uuid:meeting_id>/minutes/send")
async def send_minutes(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    await json_body_or_empty()
    view = await meeting_view(conn, actor, meeting_id)
    meeting = await convocation.send_minutes(conn, actor, meeting_id, minutes_renderer(view))
    await file_minutes(conn, actor, view)
    return json_response(meeting_json(meeting))


@bp.get("/resolutions/<uuid:item_id>/votes")
async def votes(item_id: UUID) -> ResponseReturnValue:
    return json_response({"data": await voting.votes_list(await db.conn(), current_actor(), item_id)})


@bp.post("/resolutions/<uuid:item_id>/votes")
async def cast(item_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(await voting.cast_vote(await db.conn(), actor, item_id, data), 201)


async def json_body_or_empty() -> dict[str, Any]:
    """Actions take no body; one that is sent must still be a JSON object without fields."""
    if not await request.get_data():
        return {}
    data = await json_body()
    if data:
        raise Invalid({k: _("Champ inconnu.") for k in data})
    return data
