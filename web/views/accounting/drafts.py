"""Draft manual entries as pages: the building's drafts, one draft with its lines, posted or deleted by a form
(the drafts are written and edited over /api/v1)."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.accounting import drafts as svc
from domain.errors import Conflict, Invalid
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("accounting_drafts", __name__)


@bp.get("/buildings/<uuid:building_id>/books/drafts")
async def building_drafts(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await svc.building_drafts(conn, actor, building_id)
    building = await get_building(conn, actor, building_id)
    return await page("accounting/drafts.html", None, drafts=found, building=building)


async def _draft_page(draft_id: UUID, status: int = 200, refusal: object = None) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    draft = await svc.get_draft(conn, actor, draft_id)
    building = await get_building(conn, actor, draft.building_id)
    return await page("accounting/draft.html", None, status, draft=draft, building=building, refusal=refusal)


@bp.get("/entry-drafts/<uuid:draft_id>")
async def draft(draft_id: UUID) -> ResponseReturnValue:
    return await _draft_page(draft_id)


@bp.post("/entry-drafts/<uuid:draft_id>/post")
async def post(draft_id: UUID) -> ResponseReturnValue:
    try:
        posted = await svc.post_draft(await db.conn(), current_actor(), draft_id)
    except Conflict as e:
        return await _draft_page(draft_id, 409, e.reason)
    except Invalid as e:
        return await _draft_page(draft_id, 422, " ".join(str(m) for m in e.errors.values()))
    return see_other(f"/buildings/{posted.building_id}/books/journal?journal=OD#entry-{posted.id}")


@bp.post("/entry-drafts/<uuid:draft_id>/delete")
async def delete(draft_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await svc.get_draft(conn, actor, draft_id)
    try:
        await svc.delete_draft(conn, actor, draft_id)
    except Conflict as e:
        return await _draft_page(draft_id, 409, e.reason)
    return see_other(f"/buildings/{found.building_id}/books/drafts")
