"""Cancelling an issued call from its page: a confirm step (the reason asked, what happens said), then the
cancellation; without JavaScript."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.calls import calls, cancel
from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("calls_cancel", __name__)


async def _confirm(conn: Any, actor: Any, call_id: UUID, status: int = 200, form: Any = None,
                   errors: dict[str, Any] | None = None) -> ResponseReturnValue:
    view = await calls.get_call(conn, actor, call_id)
    building = await get_building(conn, actor, view.stored.building_id)
    return await page("calls/cancel.html", "cancel_form", status, call=view.call, building=building,
                      owners=len({s.owner_id for s in view.shares}), form=form or {}, errors=errors or {})


@bp.get("/calls/<uuid:call_id>/cancel")
async def confirm(call_id: UUID) -> ResponseReturnValue:
    return await _confirm(await db.conn(), current_actor(), call_id)


@bp.post("/calls/<uuid:call_id>/cancel")
async def cancel_call(call_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await cancel.cancel_call(conn, actor, call_id, form)
    except Invalid as e:
        return await _confirm(conn, actor, call_id, 422, form, e.errors)
    except Conflict as e:
        return await _confirm(conn, actor, call_id, 409, form, {"call": e.reason})
    return see_other(f"/calls/{call_id}")
