"""/api/v1: owners' statements, payments received, and why an owner owes a charge line."""
from __future__ import annotations

import dataclasses
import operator
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.charges import owner_ledger as svc
from domain.rules.numbers import rounded
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response
from web.openapi import op, path_id, query, ref

bp = Blueprint("api_statements", __name__, url_prefix="/api/v1")


def statement_json(s: svc.Statement) -> dict[str, Any]:
    """A statement: the period, the balances and each entry with the running balance."""
    return {"owner": {"id": s.owner.id, "name": s.owner.name},
            "building": {"id": s.building.id, "name": s.building.name}, "from": s.start, "to": s.end,
            "opening_balance": s.opening, "total_charges": s.total_charges, "total_payments": s.total_payments,
            "closing_balance": s.closing,
            "entries": [_entry_json(line) for line in s.lines]}


_ENTRY_KEYS = tuple(f.name for f in dataclasses.fields(svc.Entry))
_entry_values = operator.attrgetter(*_ENTRY_KEYS)


def _entry_json(line: svc.StatementLine) -> dict[str, Any]:
    """One entry (every field a scalar: no to_json walk) with the running balance."""
    e = line.entry
    body = dict(zip(_ENTRY_KEYS, _entry_values(e), strict=False))
    body["balance"] = line.balance
    body["explanation_url"] = f"/api/v1/charge-lines/{e.id}/explanation" if e.kind == "charge" else None
    return body


def explanation_json(why: svc.Explanation) -> dict[str, Any]:
    """The computation behind a charge line, exact and rounded."""
    f = why.facts
    return {"line_id": f.id, "owner_id": f.owner_id, "expense": {"id": f.expense_id, "description": f.description,
            "date": f.invoice_date, "total": f.expense_total, "nature": f.nature,
            "sharing_key": f.key_name or None, "sharing_key_id": f.sharing_key_id},
            "lot": {"id": f.unit_id, "number": f.unit_number, "weight": f.weight, "key_total_weight": f.key_total,
                    "exact": rounded(why.lot_exact, 6), "amount": f.lot_amount,
                    "rounding_adjustment": f.lot_adjustment},
            "owner": {"share": f"{why.share.numerator}/{why.share.denominator}", "kinds": f.kinds,
                      "exact": rounded(why.owner_exact, 6), "amount": f.amount,
                      "rounding_adjustment": f.adjustment, "payer_rule": why.payer_rule},
            "formula": f"{f.expense_total} × {f.weight} ÷ {f.key_total} = {rounded(why.lot_exact, 6)} → "
                       f"{f.lot_amount}; {f.lot_amount} × {why.share} = {rounded(why.owner_exact, 6)} → "
                       f"{f.amount}"}


@bp.get("/owners/<uuid:owner_id>/statement")
async def owner_statement(owner_id: UUID) -> ResponseReturnValue:
    result = await svc.statement(await db.conn(), current_actor(), owner_id, request.args)
    return json_response(statement_json(result))


@bp.get("/charge-lines/<uuid:line_id>/explanation")
async def explanation(line_id: UUID) -> ResponseReturnValue:
    return json_response(explanation_json(await svc.explain_line(await db.conn(), current_actor(), line_id)))


@bp.get("/buildings/<uuid:building_id>/payments")
async def payments(building_id: UUID) -> ResponseReturnValue:
    _owners, found = await svc.building_payments(await db.conn(), current_actor(), building_id)
    return json_response({"data": found})


@bp.post("/buildings/<uuid:building_id>/payments")
async def record_payment(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    payment = await svc.record_payment(await db.conn(), actor, building_id, await json_body())
    return json_response(payment, 201)


SPEC = {
    "paths": {
        "/api/v1/owners/{id}/statement": {
            "get": op("An owner's account in a building: charges, payments, running balance (an owner: their own)",
                      ref("Statement"), params=[path_id(), query("building", description="required"),
                                                query("from", description="date, default 1 January"),
                                                query("to", description="date, default 31 December")],
                      tag="charges")},
        "/api/v1/charge-lines/{id}/explanation": {
            "get": op("Why do I owe this: total × lot weight ÷ key total × share, rounded", None,
                      params=[path_id()], tag="charges")},
        "/api/v1/buildings/{id}/payments": {
            "get": op("Latest payments received", None, params=[path_id()], tag="charges"),
            "post": op("Record a payment from an owner (syndic, accountant)", None, "PaymentInput", [path_id()],
                       status="201", tag="charges")},
    },
    "schemas": {
        "PaymentInput": {"type": "object", "required": ["owner_id", "amount", "paid_on"], "properties": {
            "owner_id": {"type": "string", "format": "uuid"}, "amount": {"type": "string", "format": "decimal"},
            "paid_on": {"type": "string", "format": "date"}, "reference": {"type": "string", "maxLength": 140}}},
        "Statement": {"type": "object", "properties": {
            "opening_balance": {"type": "string"}, "closing_balance": {"type": "string"},
            "entries": {"type": "array", "items": {"type": "object"}}}},
    },
}
