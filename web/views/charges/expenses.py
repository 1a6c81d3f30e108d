"""The syndic's expense pages: list with filters, record (with the invoice file), edit a draft, approve,
mark paid, cancel with a reason, and the expense with its stored allocation."""
from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed, require
from domain.charges import expense_lifecycle as life
from domain.charges import expenses as svc
from domain.charges import keys
from domain.charges.approval_preview import approval_preview
from domain.charges.expense_input import CATEGORIES
from domain.errors import Conflict, Invalid
from domain.pagination import PageRequest
from domain.parse import FormInput
from domain.register.buildings import get_building
from domain.rules.allocation import VAT_RATES
from domain.storage import check_upload
from web import db
from web.auth import current_actor
from web.errors import reason_of, status_of
from web.files import file_response, invoice_storage
from web.formats import plain
from web.htmx import page, see_other
from web.i18n import tr

bp = Blueprint("charges_expenses", __name__)


async def _form_context(conn: Any, actor: Any, building: Any) -> dict[str, Any]:
    """What the expense form needs: categories, the building's keys and VAT rates."""
    found = await keys.list_keys(conn, actor, building.id)
    return {"building": building,
            "category_options": [(code, f"{tr(c.label)} ({c.account})") for code, c in CATEGORIES.items()],
            "key_options": [(str(k.id), k.name) for k in found],
            "rate_options": [(str(r), f"{r} %") for r in VAT_RATES[building.jurisdiction]]}


async def _upload(conn: Any, actor: Any, form: FormInput, building_id: UUID) -> Any:
    """The invoice file sent with the form, checked, or None; a bad file is reported with the form's errors."""
    file = (await request.files).get("invoice_file")
    try:
        return check_upload(file.filename, file.read()) if file and file.filename else None
    except Invalid as bad_file:
        try:
            await svc.check_expense(conn, actor, form, building_id)
        except Invalid as e:
            raise Invalid({**e.errors, **bad_file.errors}) from None
        raise


@bp.get("/expenses")
async def index() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    try:
        flt, paging = svc.ExpenseFilter.parse(request.args), PageRequest.parse(request.args)
        errors: dict[str, Any] = {}
    except Invalid as e:
        flt, paging, errors = svc.ExpenseFilter(), PageRequest(), e.errors
    listed = await svc.list_expenses(conn, actor, flt, paging)
    query = urlencode({k: v for k, v in request.args.items() if k != "page" and v})
    options = [(code, tr(c.label)) for code, c in CATEGORIES.items()]
    return await page("charges/expenses.html", "results", listed=listed, categories=CATEGORIES,
                      category_options=options, form=dict(request.args), errors=errors,
                      query=("&" + query) if query else "")


@bp.get("/buildings/<uuid:building_id>/expenses/new")
async def new(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "expense.draft")
    ctx = await _form_context(conn, actor, await get_building(conn, actor, building_id))
    return await page("charges/expense_form.html", "form", expense=None, form={"vat_rate": ctx["rate_options"][-1][0]},
                      errors={}, **ctx)


@bp.post("/buildings/<uuid:building_id>/expenses")
async def create(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        upload = await _upload(conn, actor, form, building_id)
        expense = await svc.create_expense(conn, actor, form, building_id, invoice_storage(), upload)
    except Invalid as e:
        ctx = await _form_context(conn, actor, await get_building(conn, actor, building_id))
        return await page("charges/expense_form.html", "form", 422, expense=None, form=form, errors=e.errors, **ctx)
    return see_other(f"/expenses/{expense.id}")


@bp.get("/expenses/<uuid:expense_id>")
async def show(expense_id: UUID, error: Any = None, status: int = 200) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    detail = await svc.expense_detail(conn, actor, expense_id)
    preview = await approval_preview(conn, actor, detail.expense) if allowed(actor, "expense.approve") else None
    return await page("charges/expense.html", "detail", status, expense=detail.expense, lots=detail.lots,
                      lines=detail.lines, preview=preview,
                      categories=CATEGORIES, error=error, form={}, errors={})


@bp.get("/expenses/<uuid:expense_id>/edit")
async def edit(expense_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "expense.draft")
    expense = await svc.get_expense(conn, actor, expense_id)
    form = {k: ("" if v is None else str(v)) for k, v in expense.__dict__.items()}
    form["vat_rate"] = plain(expense.vat_rate)
    ctx = await _form_context(conn, actor, await get_building(conn, actor, expense.building_id))
    return await page("charges/expense_form.html", "form", expense=expense, form=form, errors={}, **ctx)


@bp.post("/expenses/<uuid:expense_id>")
async def update(expense_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        expense = await svc.get_expense(conn, actor, expense_id)
        upload = await _upload(conn, actor, form, expense.building_id)
        await svc.update_expense(conn, actor, expense_id, form)
        if upload:
            await svc.attach_invoice(conn, actor, invoice_storage(), expense_id, upload)
    except Invalid as e:
        expense = await svc.get_expense(conn, actor, expense_id)
        ctx = await _form_context(conn, actor, await get_building(conn, actor, expense.building_id))
        return await page("charges/expense_form.html", "form", 422, expense=expense, form=form, errors=e.errors,
                          **ctx)
    return see_other(f"/expenses/{expense_id}")


@bp.post("/expenses/<uuid:expense_id>/approve")
async def approve(expense_id: UUID) -> ResponseReturnValue:
    try:
        await life.approve_expense(await db.conn(), current_actor(), expense_id)
    except Conflict as e:
        return await show(expense_id, e.reason, 409)
    return see_other(f"/expenses/{expense_id}")


@bp.post("/expenses/<uuid:expense_id>/pay")
async def pay(expense_id: UUID) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await life.mark_paid(await db.conn(), current_actor(), expense_id, form)
    except Conflict as e:
        return await show(expense_id, e.reason, 409)
    except Invalid as e:
        return await show(expense_id, next(iter(e.errors.values())), 422)
    return see_other(f"/expenses/{expense_id}")


@bp.get("/expenses/<uuid:expense_id>/cancel")
async def confirm_cancel(expense_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    expense = await svc.get_expense(conn, actor, expense_id)
    return await page("charges/cancel.html", "cancel", expense=expense, form={}, errors={})


@bp.post("/expenses/<uuid:expense_id>/cancel")
async def cancel(expense_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await life.cancel_expense(conn, actor, expense_id, form)
    except (Invalid, Conflict) as e:
        errors = e.errors if isinstance(e, Invalid) else {"reason": e.reason}
        expense = await svc.get_expense(conn, actor, expense_id)
        return await page("charges/cancel.html", "cancel", 422, expense=expense, form=form, errors=errors)
    return see_other(f"/expenses/{expense_id}")


@bp.post("/expenses/<uuid:expense_id>/corrections")
async def correct(expense_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    data = {k: form[k] for k in ("amount_excl_vat", "description") if form.get(k)}
    try:
        correction = await svc.correct_expense(conn, actor, expense_id, data)
    except (Invalid, Conflict) as e:
        return await show(expense_id, reason_of(e), status_of(e))
    return see_other(f"/expenses/{correction.id}")


@bp.get("/expenses/<uuid:expense_id>/invoice")
async def invoice(expense_id: UUID) -> ResponseReturnValue:
    name, content_type, data = await svc.invoice_file(await db.conn(), current_actor(), invoice_storage(),
                                                      expense_id)
    return file_response(name, content_type, data)
