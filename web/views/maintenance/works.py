"""Works' pages: a building's jobs and the AG's competition threshold, a job's quotes side by side (ask, record,
accept), the order (refused with the rule above the threshold while too few quotes are in), the work report, the
invoice and the expense."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.charges.expense_input import CATEGORIES
from domain.errors import Conflict, Invalid
from domain.maintenance import contractors as csvc
from domain.maintenance import quotes as qsvc
from domain.maintenance import works as svc
from domain.parse import FormInput
from domain.register.buildings import get_building
from domain.rules.allocation import VAT_RATES
from web import db
from web.auth import current_actor
from web.htmx import page, see_other
from web.i18n import tr

bp = Blueprint("works", __name__)


async def _building_page(conn: Any, actor: Any, building_id: UUID, form: Any, errors: dict[str, Any],
                         status: int = 200) -> ResponseReturnValue:
    building = await get_building(conn, actor, building_id)
    found = await svc.list_works(conn, actor, building_id)
    threshold = await qsvc.get_threshold(conn, actor, building_id)
    return await page("maintenance/works.html", None, status, building=building, works=found, threshold=threshold,
                      form=form, errors=errors, ticket_id=request.args.get("ticket", ""),
                      category_options=[(c, tr(CATEGORIES[c].label)) for c in svc.WORK_CATEGORIES])


@bp.get("/buildings/<uuid:building_id>/works")
async def index(building_id: UUID) -> ResponseReturnValue:
    return await _building_page(await db.conn(), current_actor(), building_id,
                                {"ticket_id": request.args.get("ticket", "")}, {})


@bp.post("/buildings/<uuid:building_id>/works")
async def create(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        work = await svc.create_work(conn, actor, building_id, form)
    except Invalid as e:
        return await _building_page(conn, actor, building_id, form, e.errors, 422)
    return see_other(f"/works/{work.id}")


@bp.post("/buildings/<uuid:building_id>/competition-threshold")
async def threshold(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await qsvc.set_threshold(conn, actor, building_id, form)
    except Invalid as e:
        return await _building_page(conn, actor, building_id, form, e.errors, 422)
    return see_other(f"/buildings/{building_id}/works")


async def _show(conn: Any, actor: Any, work_id: UUID, form: Any, errors: dict[str, Any], status: int = 200,
                refusal: str | None = None) -> ResponseReturnValue:
    detail = await svc.work_detail(conn, actor, work_id)
    firms = await csvc.list_contractors(conn, actor) if allowed(actor, "quote.manage") else []
    asked = {q.contractor_id for q in detail.quotes}
    return await page("maintenance/work.html", None, status, d=detail, w=detail.work, form=form or {},
                      errors=errors, refusal=refusal, firms=[c for c in firms if c.id not in asked],
                      rates=VAT_RATES[detail.work.jurisdiction])


@bp.get("/works/<uuid:work_id>")
async def show(work_id: UUID) -> ResponseReturnValue:
    return await _show(await db.conn(), current_actor(), work_id, None, {})


@bp.post("/works/<uuid:work_id>/quotes")
async def request_quotes(work_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    raw = await request.form
    form = FormInput(raw)
    form["contractor_ids"] = raw.getlist("contractor_ids")
    try:
        await qsvc.request_quotes(conn, actor, work_id, form)
    except Invalid as e:
        return await _show(conn, actor, work_id, form, e.errors, 422)
    return see_other(f"/works/{work_id}")


@bp.post("/quotes/<uuid:quote_id>")
async def record_quote(quote_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    quote = await qsvc.get_quote(conn, actor, quote_id)
    try:
        await qsvc.record_quote(conn, actor, quote_id, form)
    except Invalid as e:
        return await _show(conn, actor, quote.work_id, {**form, "quote_id": str(quote_id)}, e.errors, 422)
    return see_other(f"/works/{quote.work_id}")


@bp.post("/quotes/<uuid:quote_id>/accept")
async def accept(quote_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    quote = await qsvc.accept_quote(conn, actor, quote_id)
    return see_other(f"/works/{quote.work_id}")


@bp.post("/works/<uuid:work_id>/<any(order, report, invoice, expense):step>")
async def step(work_id: UUID, step: str) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        if step == "expense":
            work = await svc.make_expense(conn, actor, work_id)
            return see_other(f"/expenses/{work.expense_id}")
        use = {"order": svc.place_order, "report": svc.report_work, "invoice": svc.record_invoice}[step]
        await use(conn, actor, work_id, form)
    except Invalid as e:
        return await _show(conn, actor, work_id, form, e.errors, 422)
    except Conflict as e:  # the threshold's refusal is shown on the page, with the rule
        return await _show(conn, actor, work_id, form, {}, 409, tr(e.reason))
    return see_other(f"/works/{work_id}")
