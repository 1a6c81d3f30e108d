"""/api/v1 for bank statements: a CODA or CAMT.053 file imported and matched, the statements, the movements left
to assign, a movement assigned or its match undone."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.bank import statements as svc
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response, raw_body, to_json
from web.openapi import op, path_id, ref

bp = Blueprint("api_bank", __name__, url_prefix="/api/v1")


def statement_json(s: Any) -> dict[str, Any]:
    body: dict[str, Any] = to_json(s)
    body["url"] = f"/api/v1/bank-statements/{s.id}"
    return body


def movement_json(m: Any) -> dict[str, Any]:
    body: dict[str, Any] = to_json(m)
    body.pop("payment_id", None)
    body.pop("fund_kind", None)
    return body


async def upload_bytes() -> bytes:
    """The file: multipart field `file`, or the raw body."""
    files = await request.files
    if "file" in files:
        data: bytes = files["file"].read()
        return data
    return await raw_body()


@bp.post("/buildings/<uuid:building_id>/bank-statements")
async def import_(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    done = await svc.import_statements(await db.conn(), actor, building_id, await upload_bytes())
    new = [d for d in done if not d.already]
    return json_response({"imported": len(new), "already_imported": len(done) - len(new),
                          "statements": [to_json(d) for d in done]}, 201 if new else 200)


@bp.get("/buildings/<uuid:building_id>/bank-statements")
async def index(building_id: UUID) -> ResponseReturnValue:
    found = await svc.building_statements(await db.conn(), current_actor(), building_id)
    return json_response({"data": [statement_json(s) for s in found]})


@bp.get("/bank-statements/<uuid:statement_id>")
async def show(statement_id: UUID) -> ResponseReturnValue:
    statement, movements = await svc.get_statement(await db.conn(), current_actor(), statement_id)
    return json_response({**statement_json(statement), "lines": [movement_json(m) for m in movements]})


@bp.get("/buildings/<uuid:building_id>/unmatched")
async def unmatched(building_id: UUID) -> ResponseReturnValue:
    found = await svc.unmatched(await db.conn(), current_actor(), building_id)
    return json_response({"data": [movement_json(m) for m in found]})


@bp.post("/bank-movements/<uuid:movement_id>/assign")
async def assign(movement_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    done = await svc.assign(await db.conn(), actor, movement_id, await json_body())
    return json_response(movement_json(done))


@bp.post("/bank-movements/<uuid:movement_id>/unmatch")
async def unmatch(movement_id: UUID) -> ResponseReturnValue:
    done = await svc.unmatch(await db.conn(), current_actor(), movement_id)
    return json_response(movement_json(done))


_T = "bank"
_UUID = {"type": "string", "format": "uuid"}
_NUUID = {**_UUID, "nullable": True}
_MONEY = {"type": "string", "format": "decimal"}
_DATE = {"type": "string", "format": "date"}
_TEXT = {"type": "string"}
_STATEMENT_PROPS: dict[str, Any] = {
    "id": _UUID, "building_id": _UUID, "fund_id": _UUID, "iban": _TEXT,
    "format": {"type": "string", "enum": ["coda", "camt.053"]}, "sequence": {"type": "integer"},
    "opening_balance": _MONEY, "opening_date": _DATE, "closing_balance": _MONEY, "closing_date": _DATE,
    "movements": {"type": "integer"}, "matched": {"type": "integer"},
    "imported_at": {"type": "string", "format": "date-time"}, "url": _TEXT}
_MOVEMENT = {"type": "object", "properties": {
    "id": _UUID, "statement_id": _UUID, "line_no": {"type": "integer"}, "building_id": _UUID, "iban": _TEXT,
    "booking_date": _DATE, "value_date": {**_DATE, "nullable": True}, "amount": _MONEY,
    "counterparty_name": _TEXT, "counterparty_iban": _TEXT, "structured_communication": _TEXT,
    "free_communication": _TEXT, "bank_reference": _TEXT,
    "state": {"type": "string", "enum": ["matched", "proposed", "suspense"]},
    "rule": {"type": "string", "enum": ["structured", "free_text", "invoice", "manual"], "nullable": True},
    "owner_id": _NUUID, "owner_name": {"type": "string", "nullable": True}, "expense_id": _NUUID,
    "expense_label": {"type": "string", "nullable": True}, "proposed_owner_id": _NUUID,
    "proposed_owner_name": {"type": "string", "nullable": True}, "entry_id": _UUID}}
_UPLOAD = {"required": True, "content": {
    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"}}}},
    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}
_import = op("Import a CODA or CAMT.053 file (format detected, 10 MB at most): 201 when something was imported, "
             "200 when every statement was already there; 409 naming the missing statements", None,
             params=[path_id()], status="201", tag=_T)
_import["requestBody"] = _UPLOAD
_import["responses"]["200"] = {"description": "Every statement of the file was already imported: nothing changed"}
_ASSIGN = {"type": "object", "properties": {
    "owner_id": {**_UUID, "description": "money in: an owner of the building; a proposal's owner when absent"},
    "expense_id": {**_UUID, "description": "money out: an approved expense of the same amount, then marked paid"}}}
SPEC: dict[str, Any] = {
    "paths": {
        "/api/v1/buildings/{id}/bank-statements": {
            "get": op("The building's bank statements, the latest first", None, params=[path_id()], tag=_T),
            "post": _import},
        "/api/v1/bank-statements/{id}": {
            "get": op("A statement with its movements and what each matched", ref("BankStatement"),
                      params=[path_id()], tag=_T)},
        "/api/v1/buildings/{id}/unmatched": {
            "get": op("The movements to assign (suspense and proposals)", None, params=[path_id()], tag=_T)},
        "/api/v1/bank-movements/{id}/assign": {
            "post": op("Assign a movement in suspense to an owner (or confirm its proposal), or money out to a "
                       "supplier's expense", ref("BankMovement"),
                       "BankAssign", [path_id()], tag=_T)},
        "/api/v1/bank-movements/{id}/unmatch": {
            "post": op("Undo a match: a reversing entry, the movement back in suspense", ref("BankMovement"),
                       params=[path_id()], tag=_T)},
    },
    "schemas": {"BankStatement": {"type": "object", "properties": {
        **_STATEMENT_PROPS, "lines": {"type": "array", "items": ref("BankMovement")}}},
        "BankMovement": _MOVEMENT, "BankAssign": _ASSIGN},
}
