"""The syndic's form for a building's reserve-fund rules (the AG's waiver, the provisional acceptance); without
JavaScript."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.calls import budgets, reserve_rules
from domain.errors import Invalid
from domain.parse import FormInput
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("calls_reserve_rules", __name__)


def _form(rules: reserve_rules.ReserveRules) -> dict[str, str]:
    return {k: "" if v is None else (v.isoformat() if hasattr(v, "isoformat") else str(v)) for k, v in {
        "waiver_decided_on": rules.waiver_decided_on, "waiver_reference": rules.waiver_reference,
        "waiver_resolution_id": rules.waiver_resolution_id,
        "provisional_acceptance_on": rules.provisional_acceptance_on}.items()}


async def _page(conn: Any, actor: Any, building_id: UUID, status: int = 200, **extra: Any) -> ResponseReturnValue:
    building = await get_building(conn, actor, building_id)
    rules = await reserve_rules.get_rules(conn, actor, building.id)
    found = await budgets.list_budgets(conn, actor, building.id)
    latest = await budgets.get_budget(conn, actor, found[0].id) if found else None
    return await page("calls/reserve_rules.html", "rules_form", status, building=building, latest=latest,
                      form=extra.pop("form", None) or _form(rules), errors=extra.pop("errors", {}),
                      resolutions=await reserve_rules.resolutions(conn, actor, building.id))


@bp.get("/buildings/<uuid:building_id>/reserve-rules")
async def show(building_id: UUID) -> ResponseReturnValue:
    return await _page(await db.conn(), current_actor(), building_id)


@bp.post("/buildings/<uuid:building_id>/reserve-rules")
async def save(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await reserve_rules.set_rules(conn, actor, building_id, form)
    except Invalid as e:
        return await _page(conn, actor, building_id, 422, form=form, errors=e.errors)
    return see_other(f"/buildings/{building_id}/reserve-rules")
