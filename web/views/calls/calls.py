"""The syndic's pages for a building's funds, budgets and calls for funds (previewed, then issued); every form
works without JavaScript."""
from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.calls import batch, budget_agenda, budgets, calls, cancel, dues, funds, regularisation, schedule, settlement
from domain.calls.budgets import FORM_LINES
from domain.errors import Conflict, Invalid, NotFound
from domain.parse import FormInput
from domain.register.buildings import get_building
from domain.register.owners import get_owner
from domain.rules.payment_reference import structured_communication
from web import db
from web.auth import current_actor
from web.documents.calls import compose_notice, compose_settlement
from web.htmx import page, see_other
from web.views.calls.portal import qr_codes

bp = Blueprint("calls", __name__)


async def _overview(conn: Any, actor: Any, building_id: UUID, **extra: Any) -> dict[str, Any]:
    building = await get_building(conn, actor, building_id)
    return {"building": building, "funds": await funds.list_funds(conn, actor, building.id),
            "budgets": await budgets.list_budgets(conn, actor, building.id),
            "calls": await calls.list_calls(conn, actor, building.id), "form_lines": FORM_LINES,
            "fund_form": {}, "budget_form": {}, "errors": {}, "kinds": funds.KIND_LABELS, "today": date.today(),
            **extra}


@bp.get("/buildings/<uuid:building_id>/calls")
async def overview(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    return await page("calls/building.html", **await _overview(conn, actor, building_id))


@bp.post("/buildings/<uuid:building_id>/funds")
async def open_fund(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await funds.create_fund(conn, actor, building_id, form)
    except Invalid as e:
        ctx = await _overview(conn, actor, building_id, fund_form=form, errors=e.errors)
        return await page("calls/building.html", "fund_form", 422, **ctx)
    return see_other(f"/buildings/{building_id}/calls")


@bp.post("/buildings/<uuid:building_id>/budgets")
async def draft(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        view = await budgets.draft_budget(conn, actor, building_id, form)
    except Invalid as e:
        ctx = await _overview(conn, actor, building_id, budget_form=form, errors=e.errors)
        return await page("calls/building.html", "budget_form", 422, **ctx)
    return see_other(f"/budgets/{view.budget.id}")


async def _budget_page(conn: Any, actor: Any, budget_id: UUID, status: int = 200, **extra: Any) -> Any:
    view = await budgets.get_budget(conn, actor, budget_id)
    building = await get_building(conn, actor, view.budget.building_id)
    resolutions = await budgets.adopted_resolutions(conn, actor, budget_id) \
        if allowed(actor, "budget.approve") else []
    agenda = await budget_agenda.agenda_of(conn, actor, budget_id) if allowed(actor, "budget.draft") else (None, [])
    return await page("calls/budget.html", status=status, view=view, building=building, resolutions=resolutions,
                      form=extra.pop("form", {}), errors=extra.pop("errors", {}), agenda_item=agenda[0],
                      draft_meetings=agenda[1], **extra)


@bp.post("/budgets/<uuid:budget_id>/agenda")
async def put_on_agenda(budget_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await budget_agenda.put_on_agenda(conn, actor, budget_id, form)
    except Invalid as e:
        return await _budget_page(conn, actor, budget_id, 422, preview=None, agenda_errors=e.errors)
    return see_other(f"/budgets/{budget_id}")


@bp.get("/budgets/<uuid:budget_id>")
async def show_budget(budget_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    preview = None
    if request.args.get("preview"):
        view = await budgets.get_budget(conn, actor, budget_id)
        preview = await schedule.generate_calls(conn, actor, view.budget.building_id,
                                                {"budget_id": str(budget_id)}, preview=True)
    return await _budget_page(conn, actor, budget_id, preview=preview)


@bp.post("/budgets/<uuid:budget_id>/approve")
async def approve(budget_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await budgets.approve_budget(conn, actor, budget_id, form)
    except Invalid as e:
        return await _budget_page(conn, actor, budget_id, 422, form=form, errors=e.errors)
    return see_other(f"/budgets/{budget_id}")


@bp.post("/budgets/<uuid:budget_id>/calls")
async def generate(budget_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    view = await budgets.get_budget(conn, actor, budget_id)
    await schedule.generate_calls(conn, actor, view.budget.building_id, {"budget_id": str(budget_id)})
    return see_other(f"/buildings/{view.budget.building_id}/calls")


@bp.post("/budgets/<uuid:budget_id>/regularise")
async def regularise(budget_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        found = await regularisation.regularise(conn, actor, budget_id, form)
    except Invalid as e:
        return await _budget_page(conn, actor, budget_id, 422, preview=None, regularise_form=form,
                                  regularise_errors=e.errors)
    if form.get("preview"):
        return await _budget_page(conn, actor, budget_id, preview=None, regularise_form=form, regularised=found)
    return see_other(f"/budgets/{budget_id}#regularise")


@bp.get("/calls/<uuid:call_id>")
async def show_call(call_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    view = await calls.get_call(conn, actor, call_id)
    building = await get_building(conn, actor, view.stored.building_id)
    communications = {k: structured_communication(v) for k, v in view.references.items()}
    by_post = await calls.by_post(conn, actor, view) if view.call.status == "issued" else []  # type: ignore[union-attr]
    return await page("calls/call.html", view=view, call=view.call, building=building, communications=communications,
                      cancellation=await cancel.cancellation(conn, actor, view.stored), by_post=by_post)


@bp.post("/calls/<uuid:call_id>/issue")
async def issue(call_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    await calls.issue_call(conn, actor, call_id, compose_notice)
    return see_other(f"/calls/{call_id}")


async def calls_section(conn: Any, actor: Any, building: Any) -> tuple[str, dict[str, Any]] | None:
    """The building page's card: the funds' balances and the link to budgets and calls."""
    if not allowed(actor, "call.read"):
        return None
    return "calls/_section.html", {"building": building, "funds": await funds.list_funds(conn, actor, building.id)}


@bp.post("/buildings/<uuid:building_id>/calls/issue")
async def issue_due(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    await calls.issue_batch(conn, actor, building_id, FormInput(until=form.get("until", "")), compose_notice)
    return see_other(f"/buildings/{building_id}/calls")


async def _settlement_page(conn: Any, actor: Any, building_id: UUID, form: dict[str, Any], status: int = 200,
                           errors: dict[str, Any] | None = None, found: Any = None) -> Any:
    building = await get_building(conn, actor, building_id)
    posted = await settlement.list_settlements(conn, actor, building.id)
    settled = found is not None and any(
        p.settlement.kind == found.kind and p.settlement.period_start <= found.last
        and p.settlement.period_end >= found.first for p in posted)
    return await page("calls/settlement.html", status=status, building=building, found=found, form=form,
                      errors=errors or {}, posted=posted, can_post=allowed(actor, "settlement.post") and not settled,
                      settled=settled, kinds=settlement.KIND_LABELS)


@bp.get("/buildings/<uuid:building_id>/settlement")
async def settlement_page(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    args = dict(request.args)
    found, errors = None, {}
    if args:
        try:
            found = await settlement.settle(conn, actor, building_id, FormInput(args))
        except Invalid as e:
            errors = e.errors
    return await _settlement_page(conn, actor, building_id, args, 422 if errors else 200, errors, found)


@bp.post("/buildings/<uuid:building_id>/settlements")
async def post_settlement(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await settlement.post_settlement(conn, actor, building_id, form, compose_settlement)
    except Invalid as e:
        return await _settlement_page(conn, actor, building_id, dict(form), 422, e.errors)
    except Conflict as e:
        return await _settlement_page(conn, actor, building_id, dict(form), 409, {e.field or "from": e.reason})
    return see_other(f"/buildings/{building_id}/settlement")


def _quarter_end(today: date) -> date:
    """The last day of the quarter `today` is in (what the firm's page proposes to issue up to)."""
    month = 3 * ((today.month - 1) // 3) + 3
    return date(today.year, month, monthrange(today.year, month)[1])


async def _quarter_page(conn: Any, actor: Any, form: dict[str, Any], status: int = 200,
                        errors: dict[str, Any] | None = None, preview: Any = None) -> Any:
    return await page("calls/quarter.html", status=status, form=form, errors=errors or {}, preview=preview,
                      issued=request.args.get("issued"), emails=request.args.get("emails"),
                      buildings=request.args.get("buildings"))


@bp.get("/calls")
async def quarter() -> ResponseReturnValue:
    """The firm's quarter: up to which date, and (previewed) what each building would generate and issue."""
    conn, actor = await db.conn(), current_actor()
    asked = "until" in request.args
    form = FormInput(until=request.args.get("until") if asked else _quarter_end(date.today()).isoformat(),
                     generate=request.args.get("generate", "") if asked else "on")
    if not asked:
        return await _quarter_page(conn, actor, form)
    try:
        preview = await batch.issue_quarter(conn, actor, form, preview=True)
    except Invalid as e:
        return await _quarter_page(conn, actor, form, 422, e.errors)
    return await _quarter_page(conn, actor, form, preview=preview)


@bp.post("/calls/issue")
async def issue_quarter() -> ResponseReturnValue:
    """Generate and issue every building's calls up to the date, in one transaction."""
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    data = FormInput(until=form.get("until", ""), generate=form.get("generate", ""))
    try:
        done = await batch.issue_quarter(conn, actor, data, compose_notice)
    except Invalid as e:
        return await _quarter_page(conn, actor, dict(data), 422, e.errors)
    except Conflict as e:
        return await _quarter_page(conn, actor, dict(data), 409, {e.field or "until": e.reason})
    issued, emails = sum(b.calls for b in done), sum(b.emails for b in done)
    touched = sum(1 for b in done if b.calls)
    return see_other(f"/calls?issued={issued}&emails={emails}&buildings={touched}")


@bp.get("/owners/<uuid:owner_id>/dues")
async def owner_dues(owner_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    owner = await get_owner(conn, actor, owner_id)
    if owner is None:
        raise NotFound("owner", owner_id)
    found = await dues.owner_account(conn, actor, owner.id)
    return await page("calls/owner_dues.html", owner=owner, account=found, codes=qr_codes(found.dues))
