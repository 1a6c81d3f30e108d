"""The syndic's buildings: list with search, create, edit, delete (HTML, htmx-enhanced)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import require
from domain.errors import Conflict, Invalid
from domain.pagination import PageRequest
from domain.parse import FormInput
from domain.register import buildings as svc
from web import db
from web.auth import current_actor
from web.htmx import page, see_other
from web.views.bank.bank import bank_section
from web.views.calls.calls import calls_section
from web.views.charges.summary import charges_section
from web.views.desk.desk import window_section
from web.views.documents.library import documents_section
from web.views.maintenance.tickets import maintenance_section
from web.views.meetings.meetings import assemblies_section
from web.views.platform.scopes import board_section
from web.views.register.units import lots_section

bp = Blueprint("buildings", __name__)

# The building page's sections, in the order they appear: each an async function (conn, actor, building)
# returning (template name, context) or None, written in its area's view module.
Section = Callable[[Any, Any, Any], Awaitable[tuple[str, dict[str, Any]] | None]]
BUILDING_SECTIONS: tuple[Section, ...] = (charges_section, calls_section, bank_section, assemblies_section,
                                          documents_section, lots_section, board_section, window_section,
                                          maintenance_section)


@bp.get("/buildings")
async def index() -> ResponseReturnValue:
    actor = current_actor()
    search = request.args.get("q", "").strip()[:100]
    paging = PageRequest.lenient(request.args)
    result = await svc.list_buildings(await db.conn(), actor, search, paging)
    return await page("buildings/list.html", "results", page=result, q=search)


@bp.get("/buildings/new")
async def new() -> ResponseReturnValue:
    require(current_actor(), "building.manage")
    return await page("buildings/form.html", "form", building=None, form={}, errors={})


@bp.post("/buildings")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    form = FormInput(await request.form)
    try:
        building = await svc.create_building(await db.conn(), actor, svc.BuildingInput.parse(form))
    except Invalid as e:
        return await page("buildings/form.html", "form", 422, building=None, form=form, errors=e.errors)
    return see_other(f"/buildings/{building.id}")


@bp.get("/buildings/<uuid:building_id>")
async def show(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    building = await svc.get_building(conn, actor, building_id)
    sections = [s for s in [await section(conn, actor, building) for section in BUILDING_SECTIONS] if s]
    return await page("buildings/show.html", building=building, sections=sections)


@bp.get("/buildings/<uuid:building_id>/edit")
async def edit(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    require(actor, "building.manage")
    building = await svc.get_building(await db.conn(), actor, building_id)
    form = {k: ("" if v is None else v) for k, v in building.__dict__.items()}
    return await page("buildings/form.html", "form", building=building, form=form, errors={})


@bp.post("/buildings/<uuid:building_id>")
async def update(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    conn = await db.conn()
    form = FormInput(await request.form)
    try:
        building = await svc.update_building(conn, actor, building_id, form)
    except Invalid as e:
        building = await svc.get_building(conn, actor, building_id)
        return await page("buildings/form.html", "form", 422, building=building, form=form, errors=e.errors)
    return see_other(f"/buildings/{building.id}")


@bp.get("/buildings/<uuid:building_id>/delete")
async def confirm_delete(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    require(actor, "building.manage")
    building = await svc.get_building(await db.conn(), actor, building_id)
    return await page("buildings/delete.html", "confirm", building=building, error=None)


@bp.post("/buildings/<uuid:building_id>/delete")
async def delete(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    conn = await db.conn()
    try:
        await svc.delete_building(conn, actor, building_id)
    except Conflict as e:
        building = await svc.get_building(conn, actor, building_id)
        return await page("buildings/delete.html", "confirm", 409, building=building, error=e.reason)
    return see_other("/buildings")
