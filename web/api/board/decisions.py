"""/api/v1/decisions: the register of decisions (from a held assembly's adopted resolutions, or by hand), an
action's proofs, and the board's yearly report's content."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.board import decisions as svc
from domain.board import report
from domain.errors import Invalid
from domain.i18n import _
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response, optional_body, to_json
from web.openapi import op, path_id, query, ref

bp = Blueprint("api_decisions", __name__, url_prefix="/api/v1")


def decision_json(d: svc.Decision) -> dict[str, Any]:
    body: dict[str, Any] = to_json(d)
    body.pop("organization_id")
    body["overdue"] = svc.is_overdue(d, date.today())
    return body


def _args() -> tuple[UUID | None, str | None]:
    raw, status = request.args.get("building"), request.args.get("status")  # sent empty: refused
    errors = {}
    if status is not None and status not in svc.STATUSES:
        errors["status"] = _("Valeur non reconnue.")
    building = None
    try:
        building = UUID(raw) if raw is not None else None
    except ValueError:
        errors["building"] = _("Identifiant invalide.")
    if errors:
        raise Invalid(errors)
    return building, status


@bp.get("/decisions")
async def index() -> ResponseReturnValue:
    building, status = _args()
    found = await svc.list_decisions(await db.conn(), current_actor(), building, status)
    return json_response({"data": [decision_json(d) for d in found]})


@bp.post("/buildings/<uuid:building_id>/decisions")
async def create(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    made = await svc.add_decision(await db.conn(), actor, building_id, await json_body())
    return json_response(decision_json(made), 201, {"Location": f"/api/v1/decisions/{made.id}"})


@bp.post("/meetings/<uuid:meeting_id>/decisions")
async def from_meeting(meeting_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    found = await svc.import_meeting(await db.conn(), actor, meeting_id, await optional_body())
    return json_response({"data": [decision_json(d) for d in found]}, 201)


@bp.get("/decisions/<uuid:decision_id>")
async def show(decision_id: UUID) -> ResponseReturnValue:
    d = await svc.decision_detail(await db.conn(), current_actor(), decision_id)
    return json_response({**decision_json(d.decision), "proofs": [_proof(p) for p in d.proofs]})


def _proof(p: svc.Proof) -> dict[str, Any]:
    return {k: getattr(p, k) for k in ("id", "kind", "ref_id", "note", "created_at")}


@bp.put("/decisions/<uuid:decision_id>")
async def update(decision_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    return json_response(decision_json(await svc.update_decision(await db.conn(), actor, decision_id,
                                                                 await json_body())))


@bp.post("/decisions/<uuid:decision_id>/proofs")
async def add_proof(decision_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    return json_response(_proof(await svc.add_proof(await db.conn(), actor, decision_id, await json_body())), 201)


@bp.get("/buildings/<uuid:building_id>/board-report")
async def board_report(building_id: UUID) -> ResponseReturnValue:
    today = date.today()
    year = report.report_year(request.args, today)
    r = await report.board_report(await db.conn(), current_actor(), building_id, year, today)
    return json_response({"building_id": r.building.id, "year": r.year, "done": r.done, "open": r.open,
                          "overdue": r.overdue, "tickets": r.tickets, "law": r.law,
                          "decisions": [{**decision_json(d), "proofs": [_proof(p) for p in r.proofs.get(d.id, [])]}
                                        for d in r.decisions],
                          "pdf_url": f"/buildings/{r.building.id}/board-report.pdf?year={r.year}"})


_U, _UN = {"type": "string", "format": "uuid"}, {"type": "string", "format": "uuid", "nullable": True}
_DN, _SN = {"type": "string", "format": "date", "nullable": True}, {"type": "string", "nullable": True}
_STATUS = {"type": "string", "enum": list(svc.STATUSES)}
_PROOF = {"type": "object", "properties": {"id": _U, "kind": {"type": "string", "enum": list(svc.PROOF_KINDS)},
                                           "ref_id": _U, "note": _SN,
                                           "created_at": {"type": "string", "format": "date-time"}}}
_DECISION = {"type": "object", "properties": {
    "id": _U, "building_id": _U, "building_name": {"type": "string"}, "meeting_id": _UN, "meeting_title": _SN,
    "meeting_day": _DN, "agenda_item_id": _UN, "title": {"type": "string"}, "description": _SN,
    "responsible": _SN, "due_on": _DN, "status": _STATUS, "done_on": _DN, "overdue": {"type": "boolean"},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}
_WITH_PROOFS = {"allOf": [ref("Decision"), {"type": "object", "properties": {
    "proofs": {"type": "array", "items": ref("DecisionProof")}}}]}
_LIST = {"type": "object", "properties": {"data": {"type": "array", "items": ref("Decision")}}}
_INPUT = {"type": "object", "required": ["title"], "properties": {
    "title": {"type": "string", "maxLength": 200}, "description": {"type": "string", "maxLength": 8000},
    "responsible": {"type": "string", "maxLength": 200}, "due_on": {"type": "string", "format": "date"},
    "status": _STATUS, "done_on": {"type": "string", "format": "date"}}}
_import = op("The adopted resolutions of a held assembly into the register (syndic; those already there are "
             "kept)", _LIST, "DecisionImport", [path_id()], status="201", tag="board")
_import["requestBody"]["required"] = False
SPEC = {
    "paths": {
        "/api/v1/decisions": {"get": op(
            "The register of the buildings the caller reaches (a board member: their building's)", _LIST,
            params=[{**query("building", description="one building"), "schema": _U},
                    {**query("status", description="a status"), "schema": _STATUS}], tag="board")},
        "/api/v1/buildings/{id}/decisions": {"post": op("Write an action by hand (syndic)", ref("Decision"),
                                                        "DecisionInput", [path_id()], status="201", tag="board")},
        "/api/v1/meetings/{id}/decisions": {"post": _import},
        "/api/v1/decisions/{id}": {
            "get": op("An action and its proofs", _WITH_PROOFS, params=[path_id()], tag="board"),
            "put": op("Change an action (syndic; the fields sent)", ref("Decision"), "DecisionInput", [path_id()],
                      tag="board")},
        "/api/v1/decisions/{id}/proofs": {"post": op(
            "Link a document, ticket, expense or job of the building as a proof (syndic)", ref("DecisionProof"),
            "ProofInput", [path_id()], status="201", tag="board")},
        "/api/v1/buildings/{id}/board-report": {"get": op(
            "The board's yearly report's content (BE art. 3.90 §4), last year by default; the PDF at pdf_url",
            {"type": "object", "properties": {
                "building_id": _U, "year": {"type": "integer"}, "done": {"type": "integer"},
                "open": {"type": "integer"}, "overdue": {"type": "integer"},
                "tickets": {"type": "object", "additionalProperties": {"type": "integer"}},
                "law": {"type": "string"}, "pdf_url": {"type": "string"},
                "decisions": {"type": "array", "items": _WITH_PROOFS}}},
            params=[path_id(), {**query("year", description="the year reported on"),
                                "schema": {"type": "integer", "minimum": 2000, "maximum": 2200}}], tag="board")},
    },
    "schemas": {
        "Decision": _DECISION, "DecisionProof": _PROOF, "DecisionInput": _INPUT,
        "DecisionImport": {"type": "object", "properties": {"responsible": {"type": "string", "maxLength": 200},
                                                            "due_on": {"type": "string", "format": "date"}}},
        "ProofInput": {"type": "object", "required": ["kind", "ref_id"], "properties": {
            "kind": {"type": "string", "enum": list(svc.PROOF_KINDS)}, "ref_id": _U,
            "note": {"type": "string", "maxLength": 500}}},
    },
}
