"""/api/v1: the supplier ledger — the suppliers' sub-accounts with their totals, one supplier's movements."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.accounting import suppliers as svc
from web import db
from web.api.accounting.books import _YEAR_Q, _account, _year
from web.auth import current_actor
from web.jsonapi import json_response
from web.openapi import op, path_id, ref

bp = Blueprint("api_accounting_suppliers", __name__, url_prefix="/api/v1")


@bp.get("/buildings/<uuid:building_id>/supplier-accounts")
async def supplier_accounts(building_id: UUID) -> ResponseReturnValue:
    _building, year, rows = await svc.supplier_accounts(await db.conn(), current_actor(), building_id, request.args)
    return json_response({"year": _year(year), "data": [_account(r) for r in rows]})


@bp.get("/buildings/<uuid:building_id>/supplier-accounts/<uuid:account_id>/ledger")
async def supplier_ledger(building_id: UUID, account_id: UUID) -> ResponseReturnValue:
    found = await svc.supplier_ledger(await db.conn(), current_actor(), building_id, account_id, request.args)
    running, lines = svc.ZERO, list[dict[str, Any]]()
    for x in found.lines:
        running += x.credit - x.debit
        lines.append({"entry_id": x.entry_id, "journal": x.journal, "number": x.number, "entry_date": x.entry_date,
                      "label": x.label, "document_ref": x.document_ref, "debit": x.debit, "credit": x.credit,
                      "owed": running})
    return json_response({"year": _year(found.year), "account": _account(found.account), "owed": found.owed,
                          "lines": lines})


_SUPPLIER = {"type": "string", "format": "uuid"}
SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/supplier-accounts": {
            "get": op("The suppliers' sub-accounts with their totals in the year", ref("AccountList"),
                      params=[path_id(), _YEAR_Q], tag="accounting")},
        "/api/v1/buildings/{id}/supplier-accounts/{account_id}/ledger": {
            "get": op("One supplier's ledger over the year, with what is still owed after each movement",
                      ref("SupplierLedger"), params=[path_id(), path_id("account_id"), _YEAR_Q],
                      tag="accounting")},
    },
    "schemas": {
        "SupplierLedger": {"type": "object", "properties": {
            "year": {"allOf": [ref("FiscalYear")], "nullable": True}, "account": ref("Account"),
            "owed": {"type": "string"}, "lines": {"type": "array", "items": {"type": "object", "properties": {
                "entry_id": _SUPPLIER, "journal": {"type": "string"}, "number": {"type": "integer"},
                "entry_date": {"type": "string", "format": "date"}, "label": {"type": "string"},
                "document_ref": {"type": "string", "nullable": True}, "debit": {"type": "string"},
                "credit": {"type": "string"}, "owed": {"type": "string"}}}}}},
    },
}
