"""The key editor: a building's sharing keys, each a name and a weight per covered lot."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.charges import keys as svc
from domain.errors import Invalid
from domain.parse import FormInput
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.formats import plain
from web.htmx import page, see_other

bp = Blueprint("charges_keys", __name__)


async def _context(conn: Any, actor: Any, building_id: UUID) -> dict[str, Any]:
    building = await get_building(conn, actor, building_id)
    lots = await svc.building_lots(conn, actor.org_id, building.id)
    return {"building": building, "lots": lots, "keys": await svc.list_keys(conn, actor, building.id),
            "known": ["name", *[f"w_{lot.id}" for lot in lots]]}


@bp.get("/buildings/<uuid:building_id>/keys")
async def index(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    ctx = await _context(conn, actor, building_id)
    return await page("charges/keys.html", "form", key=None, form={}, errors={}, **ctx)


@bp.post("/buildings/<uuid:building_id>/keys")
async def create(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.create_key(conn, actor, building_id, form)
    except Invalid as e:
        ctx = await _context(conn, actor, building_id)
        return await page("charges/keys.html", "form", 422, key=None, form=form, errors=e.errors, **ctx)
    return see_other(f"/buildings/{building_id}/keys")


@bp.get("/keys/<uuid:key_id>")
async def edit(key_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    key, weights = await svc.get_key(conn, actor, key_id)
    form = {"name": key.name, **{f"w_{k}": plain(v) for k, v in weights.items()}}
    ctx = await _context(conn, actor, key.building_id)
    return await page("charges/keys.html", "form", key=key, form=form, errors={}, **ctx)


@bp.post("/keys/<uuid:key_id>")
async def update(key_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        key = await svc.update_key(conn, actor, key_id, form)
    except Invalid as e:
        key, _weights = await svc.get_key(conn, actor, key_id)
        ctx = await _context(conn, actor, key.building_id)
        return await page("charges/keys.html", "form", 422, key=key, form=form, errors=e.errors, **ctx)
    return see_other(f"/buildings/{key.building_id}/keys")
