"""The arrears screens (the firm's, a building's): owners by amount and age, the next step due, the step run for a
selection in one click (a plain form POST: works without JavaScript); a building's reminder ladder."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.collection import arrears as svc
from domain.collection import bring_forward, interest_settings, ladder, printing
from domain.errors import Invalid
from domain.i18n import _
from domain.parse import FormInput
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.documents.reminders import compose_letter
from web.htmx import page, see_other

bp = Blueprint("collection", __name__)


async def _arrears(building_id: UUID | None, status: int = 200, **extra: Any) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    building = await get_building(conn, actor, building_id) if building_id else None
    lines = await svc.arrears(conn, actor, date.today(), building_id)
    context: dict[str, Any] = {"errors": {}, **extra}
    return await page("collection/arrears.html", None, status, building=building, lines=lines,
                      totals=svc.totals(lines), sent=request.args.get("sent"), forward=request.args.get("forward"),
                      offered=await bring_forward.offered(conn, actor, date.today(), building_id),
                      to_post=await printing.runs_to_post(conn, actor, building.id) if building else [], **context)


@bp.get("/arrears")
async def firm() -> ResponseReturnValue:
    return await _arrears(None)


@bp.get("/buildings/<uuid:building_id>/arrears")
async def building(building_id: UUID) -> ResponseReturnValue:
    return await _arrears(building_id)


@bp.post("/arrears/run")
async def run() -> ResponseReturnValue:
    """Checkboxes `sel` = "<building id>:<owner id>": the next step now for each, building by building."""
    conn, actor = await db.conn(), current_actor()
    form = await request.form
    back = form.get("back", "")
    back_building = UUID(back) if _is_uuid(back) else None
    picked: dict[UUID, list[UUID]] = {}
    for value in form.getlist("sel"):
        b, _sep, o = value.partition(":")
        if _is_uuid(b) and _is_uuid(o):
            picked.setdefault(UUID(b), []).append(UUID(o))
    if not picked:
        return await _arrears(back_building, 422, errors={"sel": _("Choisissez au moins un copropriétaire.")})
    sent = 0
    for building_id, owners in picked.items():
        sent += len(await ladder.run_now(conn, actor, building_id, owners, date.today(), compose_letter))
    return see_other((f"/buildings/{back_building}/arrears" if back_building else "/arrears") + f"?sent={sent}")


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


async def interest_context(conn: Any, actor: Any, building_id: UUID, form: Any = None,
                           errors: dict[str, Any] | None = None) -> dict[str, Any]:
    """The policy page's late-interest form: the setting, or the input kept with its errors."""
    found = await interest_settings.get_settings(conn, actor, building_id)
    kept = form or {"mode": found.mode, "rate": "" if found.rate is None else format(found.rate.normalize(), "f"),
                    "clause": found.clause or ""}
    return {"interest_form": kept, "interest_errors": errors or {}}


@bp.post("/buildings/<uuid:building_id>/interest-settings")
async def set_interest(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await interest_settings.set_settings(conn, actor, building_id, form)
    except Invalid as e:
        building = await get_building(conn, actor, building_id)
        return await page("collection/policy.html", None, 422, building=building,
                          steps=await ladder.get_policy(conn, actor, building_id), errors={}, form=None, saved=None,
                          **await interest_context(conn, actor, building.id, form, e.errors))
    return see_other(f"/buildings/{building_id}/reminder-policy?saved=interest#interest")


@bp.get("/buildings/<uuid:building_id>/reminder-policy")
async def policy(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    building = await get_building(conn, actor, building_id)
    steps = await ladder.get_policy(conn, actor, building_id)
    return await page("collection/policy.html", building=building, steps=steps, errors={}, form=None,
                      saved=request.args.get("saved"), **await interest_context(conn, actor, building.id))


@bp.post("/buildings/<uuid:building_id>/reminder-policy")
async def set_policy(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await ladder.set_policy(conn, actor, building_id, form)
    except Invalid as e:
        building = await get_building(conn, actor, building_id)
        return await page("collection/policy.html", None, 422, building=building,
                          steps=await ladder.get_policy(conn, actor, building_id), errors=e.errors, form=form,
                          saved=None, **await interest_context(conn, actor, building.id))
    return see_other(f"/buildings/{building_id}/reminder-policy?saved=1")
