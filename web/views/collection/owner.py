"""An owner's collection view: what is overdue, the holds (a dispute, an estate) and the payment plans with their
instalments; a plan or a hold added, a hold lifted — plain forms, without JavaScript."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.collection import arrears as svc
from domain.collection import plans
from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.register.owners import get_owner
from domain.rules.payment_plan import GRACE_DAYS
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("collection_owner", __name__)


async def _page(owner_id: UUID, status: int = 200, **extra: Any) -> ResponseReturnValue:
    conn, actor, today = await db.conn(), current_actor(), date.today()
    owner = await get_owner(conn, actor, owner_id)
    found = await plans.owner_plans(conn, actor, owner.id)
    planned = {p.hold.id for p in found}
    holds = [h for h in await svc.owner_holds(conn, actor, owner.id) if h.id not in planned]
    items = await plans.owner_items(conn, actor, owner.id)
    context: dict[str, Any] = {"plan_form": {}, "plan_errors": {}, "hold_form": {}, "hold_errors": {}, **extra}
    return await page("collection/owner.html", None, status, owner=owner, plans=found, holds=holds, items=items,
                      overdue=sum((i.outstanding for i in items if i.due_date < today), start=Decimal("0.00")), today=today,
                      grace=GRACE_DAYS, **context)


@bp.get("/owners/<uuid:owner_id>/collection")
async def show(owner_id: UUID) -> ResponseReturnValue:
    return await _page(owner_id)


@bp.post("/owners/<uuid:owner_id>/collection/plans")
async def add_plan(owner_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await plans.add_plan(await db.conn(), current_actor(), owner_id, plans.form_of(form), date.today())
    except Invalid as e:
        return await _page(owner_id, 422, plan_form=form, plan_errors=e.errors)
    except Conflict as e:
        return await _page(owner_id, 409, plan_form=form, plan_errors={"instalments": e.reason})
    return see_other(f"/owners/{owner_id}/collection")


@bp.post("/owners/<uuid:owner_id>/collection/holds")
async def add_hold(owner_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    data = FormInput({k: form.get(k, "") for k in ("kind", "reason", "ends_on")})
    try:
        if data["kind"] == "payment_plan":
            raise Invalid({"kind": plans.PLAN_FORM_HINT})
        await svc.add_hold(await db.conn(), current_actor(), owner_id, data, date.today())
    except Invalid as e:
        return await _page(owner_id, 422, hold_form=form, hold_errors=e.errors)
    return see_other(f"/owners/{owner_id}/collection")


@bp.post("/holds/<uuid:hold_id>/end")
async def end_hold(hold_id: UUID) -> ResponseReturnValue:
    done = await svc.end_hold(await db.conn(), current_actor(), hold_id, date.today())
    return see_other(f"/owners/{done.owner_id}/collection")
