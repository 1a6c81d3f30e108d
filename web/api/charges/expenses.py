"""/api/v1/expenses and /api/v1/buildings/{id}/expenses: record, list, edit, approve, pay, cancel, correct."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.charges import expense_lifecycle as life
from domain.charges import expenses as svc
from domain.charges.expense_input import CATEGORIES
from domain.pagination import PageRequest
from domain.parse import Fields
from domain.storage import check_upload
from web import db
from web.auth import current_actor
from web.files import file_response, invoice_storage
from web.i18n import tr
from web.jsonapi import json_body, json_response, optional_body, raw_body, to_json
from web.openapi import PAGING, op, page_of, path_id, query, ref

bp = Blueprint("api_expenses", __name__, url_prefix="/api/v1")


_KEYS = tuple(name for name in svc.FIELD_NAMES if name != "file_key")


def expense_json(e: svc.Expense, lots: list[Any] | None = None, lines: list[Any] | None = None) -> dict[str, Any]:
    """An expense with our names and, beside them, the names earlier clients read."""
    body = {k: getattr(e, k) for k in _KEYS}  # every field is a scalar: no to_json walk, no second dict
    body.update(category=CATEGORIES[e.category].legacy, category_code=e.category,
                account_label=tr(CATEGORIES[e.category].label), amount=e.total, expense_date=e.invoice_date,
                invoice_file=({"name": e.file_name, "content_type": e.file_type, "size": e.file_size,
                               "url": f"/api/v1/expenses/{e.id}/invoice"} if e.file_key else None))
    if lots is not None:
        body["allocation"] = {"lots": to_json(lots), "owners": to_json(lines or [])}
    return body


@bp.get("/expenses")
async def index() -> ResponseReturnValue:
    return await _page(None)


@bp.get("/buildings/<uuid:building_id>/expenses")
async def of_building(building_id: UUID) -> ResponseReturnValue:
    return await _page(building_id)


async def _page(building_id: UUID | None) -> ResponseReturnValue:
    actor, flt = current_actor(), svc.ExpenseFilter.parse(request.args, building_id)
    page = await svc.list_expenses(await db.conn(), actor, flt, PageRequest.parse(request.args))
    return json_response({"data": [expense_json(e) for e in page.items], "pagination": page.meta()})


@bp.post("/expenses")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    expense = await svc.create_expense(await db.conn(), actor, await json_body())
    return json_response(expense_json(expense), 201, {"Location": f"/api/v1/expenses/{expense.id}"})


@bp.post("/buildings/<uuid:building_id>/expenses")
async def create_in_building(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    expense = await svc.create_expense(await db.conn(), actor, await json_body(), building_id)
    return json_response(expense_json(expense), 201, {"Location": f"/api/v1/expenses/{expense.id}"})


@bp.get("/expenses/<uuid:expense_id>")
async def show(expense_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    detail = await svc.expense_detail(conn, actor, expense_id)
    return json_response(expense_json(detail.expense, detail.lots, detail.lines))


@bp.put("/expenses/<uuid:expense_id>")
async def update(expense_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(expense_json(await svc.update_expense(await db.conn(), actor, expense_id, data)))


@bp.route("/expenses/<uuid:expense_id>/approve", methods=["PUT", "POST"])
async def approve(expense_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    Fields(await optional_body(), allowed=set()).done()  # approval takes no field: refuse any, as other actions do
    return json_response(expense_json(await life.approve_expense(await db.conn(), actor, expense_id)))


@bp.route("/expenses/<uuid:expense_id>/mark-paid", methods=["PUT", "POST"])
async def mark_paid(expense_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await optional_body()
    return json_response(expense_json(await life.mark_paid(await db.conn(), actor, expense_id, data)))


@bp.route("/expenses/<uuid:expense_id>/cancel", methods=["PUT", "POST"])
async def cancel(expense_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await optional_body()
    return json_response(expense_json(await life.cancel_expense(await db.conn(), actor, expense_id, data)))


@bp.post("/expenses/<uuid:expense_id>/corrections")
async def correct(expense_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    expense = await svc.correct_expense(await db.conn(), actor, expense_id, data)
    return json_response(expense_json(expense), 201, {"Location": f"/api/v1/expenses/{expense.id}"})


@bp.put("/expenses/<uuid:expense_id>/invoice")
async def attach(expense_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    files = await request.files
    if "file" in files:
        upload = check_upload(files["file"].filename, files["file"].read())
    else:
        upload = check_upload(request.args.get("filename"), await raw_body())
    expense = await svc.attach_invoice(await db.conn(), actor, invoice_storage(), expense_id, upload)
    return json_response(expense_json(expense))


@bp.get("/expenses/<uuid:expense_id>/invoice")
async def download(expense_id: UUID) -> ResponseReturnValue:
    name, content_type, data = await svc.invoice_file(await db.conn(), current_actor(), invoice_storage(),
                                                      expense_id)
    return file_response(name, content_type, data)


_MONEY = {"type": "string", "format": "decimal"}
_INPUT = {
    "building_id": {"type": "string", "format": "uuid"},
    "category": {"type": "string", "description": "our code (" + ", ".join(CATEGORIES) + ") or an earlier "
                 "client's name: Maintenance, Repairs, Insurance, Utilities, Cleaning, Administration, Works, Other"},
    "category_code": {"type": "string", "enum": list(CATEGORIES)},
    "description": {"type": "string", "maxLength": 500}, "supplier": {"type": "string", "maxLength": 200},
    "invoice_number": {"type": "string", "maxLength": 60},
    "amount_excl_vat": {**_MONEY, "description": "exact decimal, > 0 (a correction may be negative)"},
    "vat_rate": {"type": "string", "description": "BE: 0, 6, 12, 21; FR: 0, 5.5, 10, 20 (default 0)"},
    "amount": {"oneOf": [{"type": "number"}, _MONEY], "description": "earlier clients: the total including VAT"},
    "invoice_date": {"type": "string", "format": "date"},
    "expense_date": {"type": "string", "format": "date", "description": "earlier clients' name for invoice_date"},
    "due_date": {"type": "string", "format": "date"},
    "sharing_key_id": {"type": "string", "format": "uuid", "description": "empty or 'general': the quotas"},
}
_NULL = {"nullable": True}
_EXPENSE = {**_INPUT, "id": {"type": "string", "format": "uuid"}, "account": {"type": "string"},
            "amount": {**_MONEY, "description": "earlier clients' name for total: a decimal string, as all money"},
            "supplier": {"type": "string", **_NULL}, "invoice_number": {"type": "string", **_NULL},
            "due_date": {"type": "string", "format": "date", **_NULL},
            "sharing_key_id": {"type": "string", "format": "uuid", **_NULL},
            "nature": {"type": "string", "enum": ["ordinary", "works"]}, "vat_amount": _MONEY, "total": _MONEY,
            "status": {"type": "string", "enum": ["draft", "approved", "paid", "cancelled"]},
            "cancel_reason": {"type": "string", **_NULL}, "corrects_id": {"type": "string", "format": "uuid", **_NULL},
            "paid_on": {"type": "string", "format": "date", **_NULL}, "invoice_file": {"type": "object", **_NULL},
            "allocation": {"type": "object", "description": "GET one: lots and owner lines stored at approval"}}
_FILTERS = [query("building"), query("status"), query("category"), query("period", description="YYYY or YYYY-MM"),
            query("from"), query("to"), *PAGING]
_ONE = [path_id()]


def _put_or_post(summary: str) -> dict[str, Any]:
    """A state change accepted as PUT (documented clients) or POST."""
    return {verb: op(summary, ref("Expense"), params=_ONE, tag="charges") for verb in ("put", "post")}


SPEC = {
    "paths": {
        "/api/v1/expenses": {
            "get": op("List expenses (filters: building, status, category, period)", page_of("Expense"),
                      params=_FILTERS, tag="charges"),
            "post": op("Record a draft expense (syndic, accountant)", ref("Expense"), "ExpenseInput", status="201",
                       tag="charges")},
        "/api/v1/buildings/{id}/expenses": {
            "get": op("A building's expenses", page_of("Expense"), params=[path_id(), *_FILTERS], tag="charges"),
            "post": op("Record a draft expense in the building", ref("Expense"), "ExpenseInput", _ONE,
                       status="201", tag="charges")},
        "/api/v1/expenses/{id}": {
            "get": op("One expense with its stored allocation", ref("Expense"), params=_ONE, tag="charges"),
            "put": op("Change a draft (fields not sent keep their value)", ref("Expense"), "ExpenseInput", _ONE,
                      tag="charges")},
        "/api/v1/expenses/{id}/approve": _put_or_post(
            "Approve a draft and allocate it to lots and owners (syndic)"),
        "/api/v1/expenses/{id}/mark-paid": _put_or_post(
            "Record that the supplier was paid: {paid_on, payment_reference}"),
        "/api/v1/expenses/{id}/cancel": _put_or_post("Cancel with {reason}; an approved expense gets a reversing entry"),
        "/api/v1/expenses/{id}/corrections": {
            "post": op("A correcting entry for an approved expense (amount may be negative)", ref("Expense"),
                       "ExpenseInput", _ONE, status="201", tag="charges")},
        "/api/v1/expenses/{id}/invoice": {
            "get": op("The invoice file", None, params=_ONE, tag="charges"),
            "put": op("Attach the invoice: PDF, PNG, JPEG or WebP, at most 10 MB (raw body or multipart 'file')",
                      ref("Expense"), params=_ONE, tag="charges")},
    },
    "schemas": {"ExpenseInput": {"type": "object", "properties": _INPUT},
                "Expense": {"type": "object", "properties": _EXPENSE}},
}
