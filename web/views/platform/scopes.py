"""The building page's board section (syndic): who sits on the building's board, mandates added and ended."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.errors import Invalid
from domain.parse import FormInput
from domain.platform import scopes as svc
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("scopes", __name__)


async def board_section(conn: Any, actor: Any, building: Any, **extra: Any) -> tuple[str, dict[str, Any]] | None:
    """The board's mandates on the building, with the form to add one (for whoever sets the scopes)."""
    if not allowed(actor, "member.scope"):
        return None
    candidates = [(str(u.id), f"{u.full_name} ({u.email})") for u in await svc.board_candidates(conn, actor)]
    ctx = {"building": building, "scopes": await svc.building_scopes(conn, actor, building.id),
           "candidates": candidates, "today": date.today(), "form": {}, "errors": {}}
    return "members/_board.html", ctx | extra


@bp.post("/buildings/<uuid:building_id>/board")
async def add_mandate(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.add_mandate(conn, actor, building_id, form)
    except Invalid as e:
        building = await get_building(conn, actor, building_id)
        section = await board_section(conn, actor, building, form=form, errors=e.errors)
        return await page("members/board.html", "board", 422, building=building, section=section)
    return see_other(f"/buildings/{building_id}#board-{building_id}")


@bp.post("/scopes/<uuid:scope_id>/end")
async def end(scope_id: UUID) -> ResponseReturnValue:
    scope = await svc.end_scope(await db.conn(), current_actor(), scope_id)
    return see_other(f"/buildings/{scope.building_id}#board-{scope.building_id}")
