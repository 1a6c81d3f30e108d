"""/notifications: the member's notices (marked read one by one or all), their e-mail preferences, and the
header's unread count as a light partial polled by htmx every minute."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.notifications import notices as svc
from domain.pagination import PageRequest
from web import db
from web.auth import current_actor
from web.htmx import page, render, see_other

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
async def index() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    listed = await svc.my_notices(conn, actor, PageRequest.lenient(request.args))
    return await page("notifications/index.html", page=listed, preferences=await svc.my_preferences(conn, actor),
                      title_of=svc.title_of, saved=request.args.get("saved") == "1")


@bp.get("/notifications/count")
async def count() -> ResponseReturnValue:
    unread = await svc.unread_count(await db.conn(), current_actor())
    return await render("notifications/_count.html", unread=unread), 200, {"Cache-Control": "no-store"}


@bp.post("/notifications/<uuid:notice_id>/read")
async def read(notice_id: UUID) -> ResponseReturnValue:
    await svc.mark_read(await db.conn(), current_actor(), notice_id)
    return see_other("/notifications")


@bp.post("/notifications/read-all")
async def read_all() -> ResponseReturnValue:
    await svc.mark_all_read(await db.conn(), current_actor())
    return see_other("/notifications")


@bp.post("/notifications/preferences")
async def preferences() -> ResponseReturnValue:
    actor = current_actor()
    choices = svc.parse_preferences(dict(await request.form), form=True)
    await svc.set_my_preferences(await db.conn(), actor, choices)
    return see_other("/notifications?saved=1#preferences")
