"""The syndic imports a building's lots and owners from a CSV: upload, preview every bad row, confirm."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import require
from domain.errors import Invalid
from domain.register import buildings
from domain.register import csv_import as svc
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("register_import", __name__)


async def _upload() -> bytes:
    files = await request.files
    upload = files.get("file")
    return upload.read() if upload is not None else b""


@bp.get("/buildings/<uuid:building_id>/import")
async def form(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    require(actor, "register.manage")
    building = await buildings.get_building(await db.conn(), actor, building_id)
    return await page("units/import.html", building=building, preview=None, content="", errors={})


@bp.post("/buildings/<uuid:building_id>/import")
async def preview(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "register.manage")
    building = await buildings.get_building(conn, actor, building_id)
    data = await _upload()
    try:
        result = await svc.preview(conn, actor, building.id, data)
    except Invalid as e:
        return await page("units/import.html", status=422, building=building, preview=None, content="",
                          errors=e.errors)
    return await page("units/import.html", status=200 if result.ok else 422, building=building, preview=result,
                      content=svc.decode(data), errors={})


@bp.post("/buildings/<uuid:building_id>/import/confirm")
async def confirm(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "register.manage")
    building = await buildings.get_building(conn, actor, building_id)
    content = (await request.form).get("content", "")
    try:
        result = await svc.confirm(conn, actor, building.id, content.encode())
    except Invalid as e:
        return await page("units/import.html", status=422, building=building, preview=None, content="",
                          errors=e.errors)
    if not result.ok:
        return await page("units/import.html", status=422, building=building, preview=result, content=content,
                          errors={})
    return see_other(f"/buildings/{building.id}#lots")
