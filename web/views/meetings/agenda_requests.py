"""The syndic's side of owners' requests for agenda items: every request of a building, accepted onto a draft
agenda or answered in writing (nothing is dropped)."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import Invalid, NotFound
from domain.meetings import agenda_requests as svc
from domain.meetings import meetings as meetings_svc
from domain.pagination import PageRequest
from domain.parse import FormInput
from web import db
from web.auth import current_actor
from web.htmx import page, see_other
from web.views.meetings.meetings import form_uuid

bp = Blueprint("meetings_requests", __name__)


async def _page(building_id: UUID, status: int = 200, errors: dict[str, Any] | None = None) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await svc.building_requests(conn, actor, building_id)
    building = await meetings_svc.visible_building(conn, actor, building_id)
    listed = await meetings_svc.list_meetings(conn, actor, building_id, PageRequest(per_page=100))
    drafts = [m for m in listed.items if m.status == "draft"]
    return await page("meetings/requests.html", None, status, building=building, requests=found, drafts=drafts,
                      errors=errors or {})


@bp.get("/buildings/<uuid:building_id>/agenda-requests")
async def index(building_id: UUID) -> ResponseReturnValue:
    return await _page(building_id)


async def _request(request_id: UUID) -> svc.Request:
    return await svc.get_request(await db.conn(), current_actor(), request_id)


@bp.post("/agenda-requests/<uuid:request_id>/accept")
async def accept(request_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    asked = await _request(request_id)
    try:
        meeting_id = form_uuid(form, "meeting_id")
        await svc.accept_request(await db.conn(), current_actor(), request_id, meeting_id, form)
    except (Invalid, NotFound) as e:
        errors = e.errors if isinstance(e, Invalid) else {"meeting_id": "—"}
        return await _page(asked.building_id, 422, {str(request_id): errors})
    return see_other(f"/meetings/{meeting_id}#agenda")


@bp.post("/agenda-requests/<uuid:request_id>/answer")
async def answer(request_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    asked = await _request(request_id)
    try:
        await svc.answer_request(await db.conn(), current_actor(), request_id,
                                 FormInput({"answer": form.get("answer", "")}))
    except Invalid as e:
        return await _page(asked.building_id, 422, {str(request_id): e.errors})
    return see_other(f"/buildings/{asked.building_id}/agenda-requests#request-{request_id}")
