"""The syndic's assemblies: the building's list, the draft, its agenda, convening (HTML, htmx-enhanced)."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed, require
from domain.errors import Conflict, Invalid, NotFound
from domain.meetings import agenda_requests as requests_svc
from domain.meetings import convocation
from domain.meetings import meetings as svc
from domain.meetings.minutes import mailings, meeting_view
from domain.pagination import PageRequest
from domain.parse import FormInput
from domain.rules.meeting import DECISION_KINDS, MAJORITIES, MAJORITY_LABELS
from web import db
from web.auth import current_actor
from web.documents.filing import file_convocation
from web.documents.meetings import cancellation_document, convocation_document
from web.htmx import page, see_other
from web.i18n import tr

bp = Blueprint("meetings", __name__)


def form_uuid(form: FormInput, name: str) -> UUID:
    """An id posted by one of our forms (a forged one is simply not found)."""
    try:
        return UUID(form.get(name, ""))
    except ValueError:
        raise NotFound(name) from None


async def assemblies_section(conn: Any, actor: Any, building: Any) -> tuple[str, dict[str, Any]] | None:
    """The building page lists its assemblies."""
    if not allowed(actor, "meeting.read"):
        return None
    found = await svc.list_meetings(conn, actor, building.id, PageRequest(per_page=10))
    pending = 0
    if allowed(actor, "meeting.mailings"):
        pending = sum(r.status == "pending" for r in await requests_svc.building_requests(conn, actor, building.id))
    return "meetings/_section.html", {"building": building, "meetings": found.items, "pending": pending}


def choices(jurisdiction: str) -> dict[str, Any]:
    """The decision kinds and the majorities a syndic can pick from."""
    kinds = [("", "—")] + [(k.code, tr(k.label)) for k in DECISION_KINDS.values()]
    majorities = [("", "—")] + [(m.value, tr(MAJORITY_LABELS[m])) for m in sorted(MAJORITIES[jurisdiction])]
    return {"kinds": kinds, "majorities": majorities}


@bp.get("/meetings")
async def index() -> ResponseReturnValue:
    found = await svc.org_meetings(await db.conn(), current_actor())
    rows = [(m, convocation.minutes_warning(m, m.jurisdiction), convocation.minutes_deadline(m, m.jurisdiction))
            for m in found]
    return await page("meetings/index.html", rows=rows)


@bp.get("/buildings/<uuid:building_id>/meetings/new")
async def new(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    require(actor, "meeting.manage")
    building = await svc.visible_building(await db.conn(), actor, building_id)
    return await page("meetings/form.html", "form", building=building, meeting=None,
                      form={"meeting_type": "ordinary", "building_id": building.id}, errors={})


@bp.post("/meetings")
async def create() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        meeting = await svc.create_meeting(conn, actor, form)
    except Invalid as e:
        building = await svc.visible_building(conn, actor, form_uuid(form, "building_id"))
        return await page("meetings/form.html", "form", 422, building=building, meeting=None, form=form,
                          errors=e.errors)
    return see_other(f"/meetings/{meeting.id}")


async def _show(meeting_id: UUID, status: int = 200, block: str | None = None, **extra: Any) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    view = await meeting_view(conn, actor, meeting_id)
    sent = await mailings(conn, actor, meeting_id) if allowed(actor, "meeting.mailings") else []
    pending = []
    if allowed(actor, "agenda_request.handle") and view.meeting.status == "draft":
        pending = [r for r in await requests_svc.building_requests(conn, actor, view.building.id)
                   if r.status == "pending"]
    unreachable = []
    if allowed(actor, "meeting.manage") and view.meeting.status == "draft":
        unreachable = await convocation.unreachable_owners(conn, actor, meeting_id)
    context = {"view": view, "mailings": sent, "requests": pending, "form": {}, "errors": {},
               "unreachable": unreachable, **choices(view.building.jurisdiction), **extra}
    return await page("meetings/show.html", block, status, **context)


@bp.get("/meetings/<uuid:meeting_id>")
async def show(meeting_id: UUID) -> ResponseReturnValue:
    return await _show(meeting_id)


@bp.get("/meetings/<uuid:meeting_id>/edit")
async def edit(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "meeting.manage")
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    form = {**meeting.__dict__, "scheduled_date": meeting.scheduled_at.strftime("%Y-%m-%dT%H:%M")}
    return await page("meetings/form.html", "form", building=building, meeting=meeting, form=form, errors={})


@bp.post("/meetings/<uuid:meeting_id>")
async def update(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.update_meeting(conn, actor, meeting_id, form)
    except Invalid as e:
        meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
        return await page("meetings/form.html", "form", 422, building=building, meeting=meeting, form=form,
                          errors=e.errors)
    return see_other(f"/meetings/{meeting_id}")


@bp.post("/meetings/<uuid:meeting_id>/items")
async def add_item(meeting_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await svc.add_item(await db.conn(), current_actor(), meeting_id, form)
    except Invalid as e:
        return await _show(meeting_id, 422, form=form, errors=e.errors)
    return see_other(f"/meetings/{meeting_id}#agenda")


@bp.post("/meetings/<uuid:meeting_id>/items/<uuid:item_id>/delete")
async def delete_item(meeting_id: UUID, item_id: UUID) -> ResponseReturnValue:
    await svc.delete_item(await db.conn(), current_actor(), meeting_id, item_id)
    return see_other(f"/meetings/{meeting_id}#agenda")


@bp.post("/meetings/<uuid:meeting_id>/convene")
async def convene(meeting_id: UUID) -> ResponseReturnValue:
    try:
        await convocation.convene(await db.conn(), current_actor(), meeting_id, convocation_document)
        await file_convocation(await db.conn(), current_actor(), meeting_id)
    except Invalid as e:
        return await _show(meeting_id, 422, convene_errors=e.errors)
    except Conflict as e:
        return await _show(meeting_id, 409, convene_errors={"agenda": e.reason})
    return see_other(f"/meetings/{meeting_id}")


@bp.post("/meetings/<uuid:meeting_id>/reached-otherwise")
async def reached_otherwise(meeting_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await convocation.mark_reached_otherwise(await db.conn(), current_actor(), meeting_id, form)
    except Invalid as e:
        return await _show(meeting_id, 422, convene_errors=e.errors)
    return see_other(f"/meetings/{meeting_id}#convene")


@bp.post("/meetings/<uuid:meeting_id>/cancel")
async def cancel(meeting_id: UUID) -> ResponseReturnValue:
    await convocation.cancel_meeting(await db.conn(), current_actor(), meeting_id, cancellation_document)
    return see_other(f"/meetings/{meeting_id}")
