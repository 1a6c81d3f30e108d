"""/api/v1: the books — the chart with balances, the journal (and a manual entry), the trial balance, fiscal years
and their closing, the exports (journal and trial balance as CSV / XLSX, the FEC)."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, Response, request
from quart.typing import ResponseReturnValue

from domain.accounting import accruals, closing, drafts, exports
from domain.accounting import books as svc
from domain.pagination import PageRequest
from web import db
from web.api.accounting.drafts import draft_json
from web.auth import current_actor
from web.jsonapi import json_body, json_response
from web.openapi import PAGING, op, path_id, query, ref

bp = Blueprint("api_accounting", __name__, url_prefix="/api/v1")


def _account(r: Any) -> dict[str, Any]:
    return {"id": r.id, "code": r.code, "label": r.label, "sub_account": r.party != "", "owner_id": r.owner_id,
            "debit": r.debit, "credit": r.credit, "balance": r.balance}


def _year(y: Any) -> dict[str, Any] | None:
    return None if y is None else {"id": y.id, "building_id": y.building_id, "starts_on": y.starts_on,
                                   "ends_on": y.ends_on, "state": y.state, "closed_at": y.closed_at}


def _entry(e: svc.JournalEntry) -> dict[str, Any]:
    return {"id": e.id, "journal": e.journal, "number": e.number, "entry_date": e.entry_date, "label": e.label,
            "document_ref": e.document_ref, "source": e.source_kind, "reverses_id": e.reverses_id,
            "lines": [{"line": x.line_no, "account": x.code, "account_label": x.account_label,
                       "sub_account": x.party != "", "debit": x.debit, "credit": x.credit,
                       "vat_amount": x.vat_amount, "owner_id": x.owner_id, "unit_id": x.unit_id} for x in e.lines]}


def _file(found: exports.Export) -> Response:
    return Response(found.body, content_type=found.content_type,
                    headers={"Content-Disposition": f'attachment; filename="{found.file_name}"'})


@bp.get("/buildings/<uuid:building_id>/accounts")
async def accounts(building_id: UUID) -> ResponseReturnValue:
    year, rows = await svc.chart(await db.conn(), current_actor(), building_id, request.args)
    return json_response({"year": _year(year), "data": [_account(r) for r in rows]})


@bp.get("/buildings/<uuid:building_id>/journal-entries")
async def journal_entries(building_id: UUID) -> ResponseReturnValue:
    found = await svc.journal_entries(await db.conn(), current_actor(), building_id, request.args,
                                      PageRequest.parse(request.args))
    return json_response({"data": [_entry(e) for e in found.items],
                          "pagination": {"page": found.request.page, "per_page": found.request.per_page,
                                         "total": found.total}})


@bp.post("/buildings/<uuid:building_id>/journal-entries")
async def post_entry(building_id: UUID) -> ResponseReturnValue:
    posted = await drafts.record_manual_entry(await db.conn(), current_actor(), building_id, await json_body())
    if isinstance(posted, drafts.Draft):
        return json_response(draft_json(posted), 201)
    return json_response({"id": posted.id, "journal": posted.journal, "number": posted.number,
                          "entry_date": posted.entry_date, "label": posted.label, "fiscal_year_id": posted.year_id},
                         201)


@bp.get("/buildings/<uuid:building_id>/trial-balance")
async def trial_balance(building_id: UUID) -> ResponseReturnValue:
    tb = await svc.trial_balance(await db.conn(), current_actor(), building_id, request.args)
    return json_response({"year": _year(tb.year), "debit": tb.debit, "credit": tb.credit,
                          "balanced": tb.balanced, "accounts": [_account(r) for r in tb.accounts]})


@bp.get("/buildings/<uuid:building_id>/fiscal-years")
async def fiscal_years(building_id: UUID) -> ResponseReturnValue:
    found = await svc.fiscal_years(await db.conn(), current_actor(), building_id)
    return json_response({"data": [_year(y) for y in found]})


@bp.get("/fiscal-years/<uuid:year_id>/checklist")
async def checklist(year_id: UUID) -> ResponseReturnValue:
    found = await closing.checklist(await db.conn(), current_actor(), year_id)
    return json_response({"year": _year(found.year), "ready": found.ready,
                          "items": [{"key": i.key, "blocking": i.blocking, "count": i.count, "amount": i.amount}
                                    for i in found.items]})


@bp.post("/fiscal-years/<uuid:year_id>/pre-close")
async def pre_close(year_id: UUID) -> ResponseReturnValue:
    return json_response(_year(await closing.pre_close(await db.conn(), current_actor(), year_id)))


@bp.post("/fiscal-years/<uuid:year_id>/close")
async def close(year_id: UUID) -> ResponseReturnValue:
    return json_response(_year(await closing.close_year(await db.conn(), current_actor(), year_id)))


@bp.post("/fiscal-years/<uuid:year_id>/accruals")
async def accrue(year_id: UUID) -> ResponseReturnValue:
    found = await accruals.accrue_invoice(await db.conn(), current_actor(), year_id, await json_body())
    return json_response({"accrued_entry_id": found.accrued.id, "reversal_entry_id": found.reversal.id,
                          "reversal_fiscal_year_id": found.reversal.year_id}, 201)


@bp.get("/buildings/<uuid:building_id>/exports/journal.csv")
async def journal_csv(building_id: UUID) -> ResponseReturnValue:
    return _file(await exports.journal(await db.conn(), current_actor(), building_id, request.args, "csv"))


@bp.get("/buildings/<uuid:building_id>/exports/journal.xlsx")
async def journal_xlsx(building_id: UUID) -> ResponseReturnValue:
    return _file(await exports.journal(await db.conn(), current_actor(), building_id, request.args, "xlsx"))


@bp.get("/buildings/<uuid:building_id>/exports/trial-balance.csv")
async def trial_balance_csv(building_id: UUID) -> ResponseReturnValue:
    return _file(await exports.trial_balance_file(await db.conn(), current_actor(), building_id, request.args, "csv"))


@bp.get("/buildings/<uuid:building_id>/exports/trial-balance.xlsx")
async def trial_balance_xlsx(building_id: UUID) -> ResponseReturnValue:
    return _file(await exports.trial_balance_file(await db.conn(), current_actor(), building_id, request.args,
                                                  "xlsx"))


@bp.get("/buildings/<uuid:building_id>/exports/fec")
async def fec(building_id: UUID) -> ResponseReturnValue:
    return _file(await exports.fec(await db.conn(), current_actor(), building_id, request.args))


_YEAR_Q = query("year", description="a year (2026: the fiscal year starting in it) or a fiscal year's id")
_CSV, _XLSX = "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file_op(summary: str, media: str) -> dict[str, Any]:
    operation = op(summary, None, params=[path_id(), _YEAR_Q], tag="accounting")
    operation["responses"]["200"] = {"description": "OK",
                                     "content": {media: {"schema": {"type": "string", "format": "binary"}}}}
    return operation


SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/accounts": {
            "get": op("The building's accounts (chart accounts used, owners' and suppliers' sub-accounts) with "
                      "their totals", ref("AccountList"), params=[path_id(), _YEAR_Q], tag="accounting")},
        "/api/v1/buildings/{id}/journal-entries": {
            "get": op("The journal: entries with their lines, filtered by journal, period and account",
                      ref("EntryPage"), params=[path_id(), query("journal", description="ACH, APF, BQ1, BQ2, OD, AN"),
                                                query("from", description="date"), query("to", description="date"),
                                                query("account", description="account code or its prefix"),
                                                *PAGING], tag="accounting"),
            "post": op("Post a miscellaneous entry by hand (syndic, accountant); 422 naming the lines when "
                       "unbalanced, 409 in a closed year; with `draft: true` it is saved as a draft (no number, "
                       "an EntryDraft comes back)", ref("PostedEntry"), "ManualEntry", [path_id()],
                       status="201", tag="accounting")},
        "/api/v1/buildings/{id}/trial-balance": {
            "get": op("The year's trial balance (balance des comptes); it sums to zero", ref("TrialBalance"),
                      params=[path_id(), _YEAR_Q], tag="accounting")},
        "/api/v1/buildings/{id}/fiscal-years": {
            "get": op("The building's fiscal years, the latest first", ref("FiscalYearList"), params=[path_id()],
                      tag="accounting")},
        "/api/v1/fiscal-years/{id}/checklist": {
            "get": op("What closing the year needs, each item with what blocks it", ref("Checklist"),
                      params=[path_id()], tag="accounting")},
        "/api/v1/fiscal-years/{id}/pre-close": {
            "post": op("Pre-close the year (late invoices still go to it)", ref("FiscalYear"), params=[path_id()],
                       tag="accounting")},
        "/api/v1/fiscal-years/{id}/close": {
            "post": op("Close the year: result carried, balances into the next year's opening journal, locked; "
                       "409 when closed already or the checklist blocks", ref("FiscalYear"), params=[path_id()],
                       tag="accounting")},
        "/api/v1/fiscal-years/{id}/accruals": {
            "post": op("Accrue an invoice to receive on the year's last day (charge / 444 BE, 408 FR) and post its "
                       "reversal on the next year's first day; 409 when a year is closed", {"type": "object"},
                       "Accrual", [path_id()], status="201", tag="accounting")},
        "/api/v1/buildings/{id}/exports/journal.csv": {"get": _file_op("The year's journal as CSV", _CSV)},
        "/api/v1/buildings/{id}/exports/journal.xlsx": {"get": _file_op("The year's journal as XLSX", _XLSX)},
        "/api/v1/buildings/{id}/exports/trial-balance.csv": {"get": _file_op("The year's trial balance as CSV", _CSV)},
        "/api/v1/buildings/{id}/exports/trial-balance.xlsx": {"get": _file_op("The year's trial balance as XLSX", _XLSX)},
        "/api/v1/buildings/{id}/exports/fec": {"get": _file_op("The year's FEC (Fichier des Écritures Comptables)",
                                                                  "text/tab-separated-values")},
    },
    "schemas": {
        "FiscalYear": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "building_id": {"type": "string", "format": "uuid"},
            "starts_on": {"type": "string", "format": "date"}, "ends_on": {"type": "string", "format": "date"},
            "state": {"type": "string", "enum": ["open", "pre_closed", "closed"]},
            "closed_at": {"type": "string", "format": "date-time", "nullable": True}}},
        "FiscalYearList": {"type": "object", "properties": {"data": {"type": "array", "items": ref("FiscalYear")}}},
        "Account": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "code": {"type": "string"}, "label": {"type": "string"},
            "sub_account": {"type": "boolean"}, "owner_id": {"type": "string", "format": "uuid", "nullable": True},
            "debit": {"type": "string"}, "credit": {"type": "string"}, "balance": {"type": "string"}}},
        "AccountList": {"type": "object", "properties": {
            "year": {"allOf": [ref("FiscalYear")], "nullable": True},
            "data": {"type": "array", "items": ref("Account")}}},
        "TrialBalance": {"type": "object", "properties": {
            "year": {"allOf": [ref("FiscalYear")], "nullable": True}, "debit": {"type": "string"},
            "credit": {"type": "string"}, "balanced": {"type": "boolean"},
            "accounts": {"type": "array", "items": ref("Account")}}},
        "EntryPage": {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "object"}},
                                                       "pagination": ref("Pagination")}},
        "PostedEntry": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "journal": {"type": "string"}, "number": {"type": "integer"},
            "entry_date": {"type": "string", "format": "date"}, "label": {"type": "string"},
            "fiscal_year_id": {"type": "string", "format": "uuid"}}},
        "ManualEntry": {"type": "object", "required": ["entry_date", "label", "lines"], "properties": {
            "entry_date": {"type": "string", "format": "date"}, "label": {"type": "string", "maxLength": 500},
            "document_ref": {"type": "string", "maxLength": 100}, "draft": {"type": "boolean"},
            "lines": {"type": "array", "minItems": 1, "maxItems": 200, "items": {
                "type": "object", "required": ["account"], "additionalProperties": False, "properties": {
                    "account": {"type": "string", "maxLength": 30},
                    "debit": {"type": "string", "format": "decimal"},
                    "credit": {"type": "string", "format": "decimal"},
                    "owner_id": {"type": "string", "format": "uuid"},
                    "label": {"type": "string", "maxLength": 500}}}}}},
        "Accrual": {"type": "object", "required": ["account", "amount", "label"], "additionalProperties": False,
                    "properties": {"account": {"type": "string", "pattern": "^6[0-9]{0,7}$"},
                                   "amount": {"type": "string", "format": "decimal"},
                                   "label": {"type": "string", "maxLength": 400},
                                   "supplier": {"type": "string", "maxLength": 200}}},
        "Checklist": {"type": "object", "properties": {
            "year": ref("FiscalYear"), "ready": {"type": "boolean"},
            "items": {"type": "array", "items": {"type": "object", "properties": {
                "key": {"type": "string"}, "blocking": {"type": "boolean"}, "count": {"type": "integer"},
                "amount": {"type": "string", "nullable": True}}}}}},
    },
}
