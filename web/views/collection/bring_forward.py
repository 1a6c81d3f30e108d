"""France, art. 19-2, from the arrears screen: a confirm page saying what happens, then the year's remaining
provisions of the owner made due today; without JavaScript."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.collection import bring_forward, interest
from domain.errors import Invalid
from domain.register.buildings import get_building
from domain.register.owners import get_owner
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("collection_bring_forward", __name__)


async def _confirm(building_id: UUID, owner_id: UUID, status: int = 200,
                   errors: dict[str, Any] | None = None) -> ResponseReturnValue:
    conn, actor, today = await db.conn(), current_actor(), date.today()
    building = await get_building(conn, actor, building_id)
    owner = await get_owner(conn, actor, owner_id)
    notice = (await bring_forward.offered(conn, actor, today, building.id)).get((building.id, owner.id))
    return await page("collection/bring_forward.html", None, status, building=building, owner=owner,
                      notice=notice, errors=errors or {}, year_end=date(today.year, 12, 31))


@bp.get("/buildings/<uuid:building_id>/owners/<uuid:owner_id>/bring-forward")
async def confirm(building_id: UUID, owner_id: UUID) -> ResponseReturnValue:
    return await _confirm(building_id, owner_id)


@bp.post("/buildings/<uuid:building_id>/owners/<uuid:owner_id>/bring-forward")
async def bring(building_id: UUID, owner_id: UUID) -> ResponseReturnValue:
    try:
        changed = await interest.bring_provisions_forward(await db.conn(), current_actor(), building_id, owner_id,
                                                          date.today())
    except Invalid as e:
        return await _confirm(building_id, owner_id, 422, e.errors)
    return see_other(f"/buildings/{building_id}/arrears?forward={len(changed)}")
