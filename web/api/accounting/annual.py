"""/api/v1: the annual accounts for the general assembly — the balance sheet (with the funds, the reserve check and
the owners' balances) and the income statement beside the budget (FR: the five annexes) — and the auditor's ZIP."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.accounting import audit
from domain.accounting.annual import AnnualPack, annual_pack
from domain.rules.annual_accounts import Statement
from web import db
from web.api.accounting.books import _YEAR_Q, _file, _file_op, _year
from web.auth import current_actor
from web.documents.accounting import annual_pdf
from web.jsonapi import json_response
from web.openapi import op, path_id, ref

bp = Blueprint("api_accounting_annual", __name__, url_prefix="/api/v1")


def _statement(st: Statement) -> dict[str, Any]:
    def side(name: str) -> list[dict[str, Any]]:
        return [{"code": x.code, "label": x.label, "actual": x.actual, "budget": x.budget, "variance": x.variance,
                 "previous": x.previous, "next_budget": x.next_budget} for x in getattr(st, name)]
    return {"charges": side("charges"), "income": side("income"), "total_charges": st.total_charges,
            "total_income": st.total_income, "result": st.result}


def _sheet(p: AnnualPack) -> dict[str, Any]:
    s = p.sheet
    return {"year": _year(p.tb.year), "jurisdiction": p.tb.building.jurisdiction,
            "assets": [{"code": x.code, "label": x.label, "amount": x.amount} for x in s.assets],
            "liabilities": [{"code": x.code, "label": x.label, "amount": x.amount} for x in s.liabilities],
            "result_to_allocate": s.result, "total_assets": s.total_assets,
            "total_liabilities": s.total_liabilities, "balanced": s.balanced,
            "funds": [{"code": f.code, "label": f.label, "opening": f.opening, "called": f.called,
                       "other_in": f.other_in, "used": f.used, "closing": f.closing} for f in p.funds],
            "reserve": {"required": p.reserve.required, "met": p.reserve.ok, "minimum": p.reserve.minimum,
                        "called": p.reserve.contribution, "reasons": [str(r) for r in p.reserve.reasons]},
            "owners": [{"owner_id": r.owner_id, "account": r.code, "name": r.label, "balance": r.balance}
                       for r in p.owners]}


def _income(p: AnnualPack) -> dict[str, Any]:
    out = {"year": _year(p.tb.year), "jurisdiction": p.tb.building.jurisdiction, "budgeted": p.budgeted,
           **_statement(p.income)}
    if p.fr:
        current, works = p.annexes
        out["annexes"] = {"current_operations": _statement(current), "works_and_exceptional": _statement(works),
                          "works_voted_open": [{"budget_year_start": w.year_start, "account": w.account_code,
                                                "label": w.label, "voted": w.voted, "spent": w.spent,
                                                "remaining": w.remaining} for w in p.works]}
    return out


@bp.get("/buildings/<uuid:building_id>/balance-sheet")
async def balance_sheet(building_id: UUID) -> ResponseReturnValue:
    return json_response(_sheet(await annual_pack(await db.conn(), current_actor(), building_id, request.args)))


@bp.get("/buildings/<uuid:building_id>/income-statement")
async def income_statement(building_id: UUID) -> ResponseReturnValue:
    return json_response(_income(await annual_pack(await db.conn(), current_actor(), building_id, request.args)))


@bp.get("/buildings/<uuid:building_id>/exports/audit.zip")
async def audit_zip(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    pack = await annual_pack(conn, actor, building_id, request.args)
    assert pack.tb.year is not None
    return _file(await audit.audit_zip(conn, actor, building_id, {"year": str(pack.tb.year.id)},
                                       await annual_pdf(pack)))


_MONEY = {"type": "string"}
SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/balance-sheet": {
            "get": op("The year's balance sheet (FR: annexe 1) with the funds' movements, the reserve check and the "
                      "owners' balances; 404 when no fiscal year matches", ref("BalanceSheet"),
                      params=[path_id(), _YEAR_Q], tag="accounting")},
        "/api/v1/buildings/{id}/income-statement": {
            "get": op("The year's income statement beside the budget and last year (FR: annexes 2 to 5)",
                      ref("IncomeStatement"), params=[path_id(), _YEAR_Q], tag="accounting")},
        "/api/v1/buildings/{id}/exports/audit.zip": {
            "get": _file_op("The year's file for the auditor: journal, trial balance, general ledger, supporting "
                            "documents' list, annual accounts (PDF), FEC (FR)", "application/zip")},
    },
    "schemas": {
        "SheetLine": {"type": "object", "properties": {
            "code": {"type": "string"}, "label": {"type": "string"}, "amount": _MONEY}},
        "BalanceSheet": {"type": "object", "properties": {
            "year": ref("FiscalYear"), "jurisdiction": {"type": "string"},
            "assets": {"type": "array", "items": ref("SheetLine")},
            "liabilities": {"type": "array", "items": ref("SheetLine")},
            "result_to_allocate": _MONEY, "total_assets": _MONEY, "total_liabilities": _MONEY,
            "balanced": {"type": "boolean"}, "funds": {"type": "array", "items": {"type": "object"}},
            "reserve": {"type": "object"}, "owners": {"type": "array", "items": {"type": "object"}}}},
        "StatementLine": {"type": "object", "properties": {
            "code": {"type": "string"}, "label": {"type": "string"}, "actual": _MONEY,
            "budget": {"type": "string", "nullable": True}, "variance": {"type": "string", "nullable": True},
            "previous": _MONEY, "next_budget": {"type": "string", "nullable": True}}},
        "IncomeStatement": {"type": "object", "properties": {
            "year": ref("FiscalYear"), "jurisdiction": {"type": "string"}, "budgeted": {"type": "boolean"},
            "charges": {"type": "array", "items": ref("StatementLine")},
            "income": {"type": "array", "items": ref("StatementLine")},
            "total_charges": _MONEY, "total_income": _MONEY, "result": _MONEY, "annexes": {"type": "object"}}},
    },
}
