"""The syndic's lots: the lots table on the building page, add / edit inline (htmx, or plain pages), a lot's page."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed, require
from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.register import buildings, ownership
from domain.register import units as svc
from domain.rules.allocation import natural_key
from domain.rules.ownership import held_on
from web import db
from web.auth import current_actor
from web.htmx import page, see_other, wants_fragment
from web.query import day_arg

bp = Blueprint("units", __name__)
TYPES = svc.UNIT_TYPES


@dataclass
class Lot:
    """One row of the lots table: the lot and who holds it today."""
    id: UUID
    number: str
    unit_type: str
    floor: int | None
    surface_area: Any
    quota: int
    rights: list[svc.LotRight] = field(default_factory=list)


def group_lots(rows: list[svc.LotRight]) -> list[Lot]:
    """One Lot per unit with its rights, in human order of lot numbers."""
    lots: dict[UUID, Lot] = {}
    for r in rows:
        lot = lots.setdefault(r.unit_id, Lot(r.unit_id, r.unit_number, r.unit_type, r.floor, r.surface_area,
                                             r.quota))
        if r.owner_id is not None:
            lot.rights.append(r)
    return sorted(lots.values(), key=lambda lot: natural_key(lot.number))


async def section_context(conn: Any, actor: Any, building: Any, **extra: Any) -> dict[str, Any]:
    """What the lots section shows: lots with today's owners, the quota total, the add form."""
    rows = await svc.lots_on(conn, actor, building, date.today())
    ctx = {"building": building, "lots": group_lots(rows), "quota": await svc.quota_status(conn, actor, building),
           "types": TYPES, "type_label": svc.type_label,
           "form": {}, "errors": {}, "editing": None}
    return ctx | extra


async def lots_section(conn: Any, actor: Any, building: Any) -> tuple[str, dict[str, Any]] | None:
    """The lots table on the building page (for those who browse the register; owners have the portal)."""
    if not allowed(actor, "register.browse"):
        return None
    return "units/_section.html", await section_context(conn, actor, building)


async def _section(conn: Any, actor: Any, building: Any, status: int = 200, **extra: Any) -> ResponseReturnValue:
    ctx = await section_context(conn, actor, building, **extra)
    return await page("units/_section.html", "lots", status, data=ctx)


@bp.get("/buildings/<uuid:building_id>/units/new")
async def new(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    require(actor, "register.manage")
    building = await buildings.get_building(await db.conn(), actor, building_id)
    return await page("units/form.html", "form", building=building, unit=None, form={}, errors={}, types=TYPES,
                      type_label=svc.type_label)


@bp.post("/buildings/<uuid:building_id>/units")
async def create(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    building = await buildings.get_building(conn, actor, building_id)
    form = FormInput(await request.form)
    try:
        await svc.add_unit(conn, actor, svc.UnitInput.parse(form, building_id=building.id))
    except Invalid as e:
        if wants_fragment():
            return await _section(conn, actor, building, 422, form=form, errors=e.errors)
        return await page("units/form.html", "form", 422, building=building, unit=None, form=form,
                          errors=e.errors, types=TYPES, type_label=svc.type_label)
    if wants_fragment():
        return await _section(conn, actor, building)
    return see_other(f"/buildings/{building.id}#lots")


@bp.get("/units/<uuid:unit_id>")
async def show(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    unit = await svc.get_unit(conn, actor, unit_id)
    building = await buildings.get_building(conn, actor, unit.building_id)
    rights = await ownership.history(conn, actor, unit_id)
    day = day_arg()
    held = held_on(rights, day)
    return await page("units/show.html", "holders", unit=unit, building=building, rights=rights, held=held,
                      day=day, type_label=svc.type_label)


@bp.get("/units/<uuid:unit_id>/edit")
async def edit(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "register.manage")
    unit = await svc.get_unit(conn, actor, unit_id)
    building = await buildings.get_building(conn, actor, unit.building_id)
    form = {"unit_number": unit.number, "unit_type": unit.unit_type, "floor": unit.floor,
            "surface_area": unit.surface_area, "quota": unit.quota}
    template, block = ("units/_edit_row.html", None) if wants_fragment() else ("units/form.html", "form")
    return await page(template, block, building=building, unit=unit, form=form, errors={}, types=TYPES,
                      type_label=svc.type_label, data={"types": TYPES, "type_label": svc.type_label})


@bp.post("/units/<uuid:unit_id>")
async def update(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    unit = await svc.get_unit(conn, actor, unit_id)
    building = await buildings.get_building(conn, actor, unit.building_id)
    try:
        await svc.update_unit(conn, actor, unit_id, form)
    except (Invalid, Conflict) as e:
        errors = e.errors if isinstance(e, Invalid) else {e.field or "quota": e.reason}
        if wants_fragment():
            return await _section(conn, actor, building, 422, editing=unit.id, edit_form=form, edit_errors=errors)
        return await page("units/form.html", "form", 422, building=building, unit=unit, form=form, errors=errors,
                          types=TYPES, type_label=svc.type_label)
    if wants_fragment():
        return await _section(conn, actor, building)
    return see_other(f"/buildings/{building.id}#lots")


@bp.post("/units/<uuid:unit_id>/delete")
async def delete(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    unit = await svc.get_unit(conn, actor, unit_id)
    await svc.delete_unit(conn, actor, unit_id)
    return see_other(f"/buildings/{unit.building_id}#lots")
