"""Owners' side of the assemblies: the portal section, asking for an agenda item, receiving the convocations."""
from __future__ import annotations

from typing import Any

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed, require
from domain.errors import Invalid
from domain.meetings import agenda_requests as requests_svc
from domain.meetings import meetings as svc
from domain.parse import FormInput
from web import db
from web.auth import current_actor
from web.htmx import page, see_other
from web.views.meetings.meetings import form_uuid

bp = Blueprint("meetings_portal", __name__)


async def my_assemblies(conn: Any, actor: Any) -> tuple[str, dict[str, Any]] | None:
    """The owner's assemblies, their requests for agenda items, and whether they receive the convocations."""
    if not allowed(actor, "portal.use"):
        return None
    buildings = await svc.my_buildings(conn, actor)
    if not buildings:
        return None
    return "portal/_meetings.html", {
        "meetings": await svc.meetings_of_buildings(conn, actor, buildings), "names": {b.id: b.name for b in buildings},
        "requests": await requests_svc.my_requests(conn, actor),
        "subscribed": await requests_svc.is_subscribed(conn, actor),
    }


@bp.get("/portal/agenda-requests/new")
async def new_request() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "portal.use")
    buildings = await svc.my_buildings(conn, actor)
    form = {"building_id": buildings[0].id if buildings else ""}
    return await page("meetings/request_form.html", "form", buildings=buildings, form=form, errors={})


@bp.post("/portal/agenda-requests")
async def create_request() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        building_id = form_uuid(form, "building_id")
        await requests_svc.ask_for_item(conn, actor, building_id,
                                        FormInput({k: form.get(k, "") for k in ("title", "description")}))
    except Invalid as e:
        buildings = await svc.my_buildings(conn, actor)
        return await page("meetings/request_form.html", "form", 422, buildings=buildings, form=form,
                          errors=e.errors)
    return see_other("/portal?saved=request#assemblies")


@bp.post("/portal/convocations")
async def subscription() -> ResponseReturnValue:
    form = FormInput(await request.form)
    await requests_svc.set_my_subscription(await db.conn(), current_actor(), form.get("on") == "1")
    return see_other("/portal#assemblies")
