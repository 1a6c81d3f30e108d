"""/api/v1/works and /api/v1/quotes: a job and its quotes compared side by side, the accepted one, the order
(409 above the AG's competition threshold until enough quotes are in, with the rule), the work report, the
invoice and the expense; the building's threshold."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import Invalid, NotFound
from domain.i18n import _
from domain.maintenance import quotes as qsvc
from domain.maintenance import works as svc
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response, optional_body, to_json
from web.openapi import op, path_id, query, ref

bp = Blueprint("api_works", __name__, url_prefix="/api/v1")


def _building_arg() -> UUID | None:
    raw = request.args.get("building")
    try:
        return UUID(raw) if raw is not None else None
    except ValueError:  # sent empty is refused too
        raise Invalid({"building": _("Identifiant invalide.")}) from None


def _verdict(v: Any) -> dict[str, Any] | None:
    return None if v is None else {"allowed": v.allowed, "required": v.required, "quotes_in": v.quotes_in,
                                   "quotes_required": v.quotes_required, "reason": v.reason, "law": v.law}


def work_json(w: svc.Work) -> dict[str, Any]:
    body: dict[str, Any] = to_json(w)
    body.pop("organization_id")
    return body


def quote_json(q: qsvc.Quote) -> dict[str, Any]:
    body: dict[str, Any] = to_json(q)
    body.pop("organization_id")
    return body


@bp.get("/works")
async def index() -> ResponseReturnValue:
    found = await svc.list_works(await db.conn(), current_actor(), _building_arg())
    return json_response({"data": [work_json(w) for w in found]})


@bp.post("/buildings/<uuid:building_id>/works")
async def create(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    work = await svc.create_work(await db.conn(), actor, building_id, await json_body())
    return json_response(work_json(work), 201, {"Location": f"/api/v1/works/{work.id}"})


@bp.get("/works/<uuid:work_id>")
async def show(work_id: UUID) -> ResponseReturnValue:
    d = await svc.work_detail(await db.conn(), current_actor(), work_id)
    return json_response({**work_json(d.work), "quotes": [quote_json(q) for q in d.quotes],
                          "threshold": to_json(d.threshold), "competition": _verdict(d.verdict)})


@bp.post("/works/<uuid:work_id>/quotes")
async def request_quotes(work_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    found = await qsvc.request_quotes(await db.conn(), actor, work_id, await json_body())
    return json_response({"data": [quote_json(q) for q in found]}, 201)


@bp.post("/works/<uuid:work_id>/<step>")
async def step(work_id: UUID, step: str) -> ResponseReturnValue:
    actor = current_actor()
    if step not in ("order", "report", "invoice", "expense"):
        raise NotFound("route", step)
    conn = await db.conn()
    if step == "expense":
        extra = await optional_body()
        if extra:  # the expense takes everything from the job: nothing to send
            raise Invalid({k: _("Champ inconnu.") for k in extra})
        work = await svc.make_expense(conn, actor, work_id)
    else:
        use = {"order": svc.place_order, "report": svc.report_work, "invoice": svc.record_invoice}[step]
        work = await use(conn, actor, work_id, await optional_body())
    return json_response(work_json(work))


@bp.get("/quotes")
async def quotes() -> ResponseReturnValue:
    found = await qsvc.list_quotes(await db.conn(), current_actor(), _building_arg())
    return json_response({"data": [quote_json(q) for q in found]})


@bp.get("/quotes/<uuid:quote_id>")
async def quote(quote_id: UUID) -> ResponseReturnValue:
    return json_response(quote_json(await qsvc.get_quote(await db.conn(), current_actor(), quote_id)))


@bp.put("/quotes/<uuid:quote_id>")
async def receive(quote_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    return json_response(quote_json(await qsvc.record_quote(await db.conn(), actor, quote_id, await json_body())))


@bp.post("/quotes/<uuid:quote_id>/accept")
async def accept(quote_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    await optional_body()
    return json_response(quote_json(await qsvc.accept_quote(await db.conn(), actor, quote_id)))


@bp.get("/buildings/<uuid:building_id>/competition-threshold")
async def threshold(building_id: UUID) -> ResponseReturnValue:
    found = await qsvc.get_threshold(await db.conn(), current_actor(), building_id)
    return json_response(to_json(found))


@bp.put("/buildings/<uuid:building_id>/competition-threshold")
async def set_threshold(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    return json_response(to_json(await qsvc.set_threshold(await db.conn(), actor, building_id, await json_body())))


_U, _UN = {"type": "string", "format": "uuid"}, {"type": "string", "format": "uuid", "nullable": True}
_D, _DN = {"type": "string", "format": "date"}, {"type": "string", "format": "date", "nullable": True}
_M, _MN = {"type": "string", "format": "decimal"}, {"type": "string", "format": "decimal", "nullable": True}
_S, _SN = {"type": "string"}, {"type": "string", "nullable": True}
_TS = {"type": "string", "format": "date-time"}
_WORK = {"type": "object", "properties": {
    "id": _U, "building_id": _U, "building_name": _S, "jurisdiction": {"type": "string", "enum": ["BE", "FR"]},
    "ticket_id": _UN, "title": _S, "description": _SN, "category": _S,
    "status": {"type": "string", "enum": ["quoting", "ordered", "reported", "invoiced", "expensed", "cancelled"]},
    "accepted_quote_id": _UN, "ordered_on": _DN, "order_reference": _SN, "work_report": _SN, "work_done_on": _DN,
    "invoice_number": _SN, "invoice_date": _DN, "invoice_excl_vat": _MN, "expense_id": _UN, "created_at": _TS,
    "updated_at": _TS}}
_QUOTE = {"type": "object", "properties": {
    "id": _U, "work_id": _U, "building_id": _U, "contractor_id": _U, "contractor_name": _S,
    "status": {"type": "string", "enum": ["requested", "received", "accepted", "rejected"]},
    "requested_on": _D, "received_on": _DN, "valid_until": _DN, "amount_excl_vat": _MN, "vat_rate": _MN,
    "total": _MN, "details": _SN, "created_at": _TS}}
_THRESHOLD = {"type": "object", "nullable": True, "properties": {
    "building_id": _U, "amount": _M, "quotes_required": {"type": "integer"}, "meeting_id": _UN,
    "agenda_item_id": _UN, "decided_on": _D, "reference": _SN}}
_VERDICT = {"type": "object", "nullable": True, "properties": {
    "allowed": {"type": "boolean"}, "required": {"type": "boolean"}, "quotes_in": {"type": "integer"},
    "quotes_required": {"type": "integer"}, "reason": _S, "law": _SN}}
_DETAIL = {"allOf": [ref("Work"), {"type": "object", "properties": {
    "quotes": {"type": "array", "items": ref("Quote")}, "threshold": ref("CompetitionThreshold"),
    "competition": _VERDICT}}]}
_LIST = {"type": "object", "properties": {"data": {"type": "array", "items": ref("Work")}}}
_QLIST = {"type": "object", "properties": {"data": {"type": "array", "items": ref("Quote")}}}
_BUILDING = {**query("building", description="one building"), "schema": {"type": "string", "format": "uuid"}}


def _optional_body(summary: str, body: str | None) -> dict[str, Any]:
    operation = op(summary, ref("Work"), body, [path_id()], tag="maintenance")
    if body:
        operation["requestBody"]["required"] = False
    return operation


_STEP = {"name": "step", "in": "path", "required": True,
         "schema": {"type": "string", "enum": ["order", "report", "invoice", "expense"]}}
_step = op("The chain's next step (syndic): `order` the accepted quote (409 above the AG's threshold while too "
           "few quotes are in, with the rule), `report` the work, `invoice`, `expense` (a draft expense from the "
           "accepted quote)", ref("Work"), "WorkStep", [path_id(), _STEP], tag="maintenance")
_step["requestBody"]["required"] = False
_accept = op("Accept a received quote (syndic): the job's other quotes are rejected", ref("Quote"),
             params=[path_id()], tag="maintenance")
SPEC = {
    "paths": {
        "/api/v1/works": {"get": op("The jobs of the buildings the caller reaches", _LIST, params=[_BUILDING],
                                    tag="maintenance")},
        "/api/v1/buildings/{id}/works": {"post": op("Open a job to ask quotes for (syndic)", ref("Work"),
                                                    "WorkInput", [path_id()], status="201", tag="maintenance")},
        "/api/v1/works/{id}": {"get": op("A job, its quotes side by side, the threshold and whether it may be "
                                         "ordered", _DETAIL, params=[path_id()], tag="maintenance")},
        "/api/v1/works/{id}/quotes": {"post": op("Ask contractors for a quote (syndic)", _QLIST, "QuoteRequest",
                                                 [path_id()], status="201", tag="maintenance")},
        "/api/v1/works/{id}/{step}": {"post": _step},
        "/api/v1/quotes": {"get": op("The quotes of the buildings the caller reaches", _QLIST, params=[_BUILDING],
                                     tag="maintenance")},
        "/api/v1/quotes/{id}": {
            "get": op("One quote", ref("Quote"), params=[path_id()], tag="maintenance"),
            "put": op("Record the contractor's answer (syndic): amount excluding VAT, rate, validity", ref("Quote"),
                      "QuoteAnswer", [path_id()], tag="maintenance")},
        "/api/v1/quotes/{id}/accept": {"post": _accept},
        "/api/v1/buildings/{id}/competition-threshold": {
            "get": op("The AG's competition threshold (null: none set)", ref("CompetitionThreshold"),
                      params=[path_id()], tag="maintenance"),
            "put": op("Record the AG's threshold decision (syndic; BE art. 3.88, FR art. 21)",
                      ref("CompetitionThreshold"), "ThresholdInput", [path_id()], tag="maintenance")},
    },
    "schemas": {
        "Work": _WORK, "Quote": _QUOTE, "CompetitionThreshold": _THRESHOLD,
        "WorkInput": {"type": "object", "required": ["title"], "properties": {
            "title": {"type": "string", "maxLength": 200}, "description": {"type": "string", "maxLength": 4000},
            "category": {"type": "string", "enum": list(svc.WORK_CATEGORIES)}, "ticket_id": _U}},
        "WorkStep": {"type": "object", "properties": {
            "ordered_on": _D, "order_reference": {"type": "string", "maxLength": 100},
            "work_report": {"type": "string", "maxLength": 4000}, "work_done_on": _D,
            "invoice_number": {"type": "string", "maxLength": 60}, "invoice_date": _D, "amount_excl_vat": _M}},
        "QuoteRequest": {"type": "object", "required": ["contractor_ids"], "properties": {
            "contractor_ids": {"type": "array", "items": _U, "minItems": 1, "maxItems": 20},
            "requested_on": _D}},
        "QuoteAnswer": {"type": "object", "required": ["amount_excl_vat"], "properties": {
            "amount_excl_vat": _M, "vat_rate": _M, "received_on": _D, "valid_until": _D,
            "details": {"type": "string", "maxLength": 4000}}},
        "ThresholdInput": {"type": "object", "required": ["amount", "decided_on"], "properties": {
            "amount": _M, "quotes_required": {"type": "integer", "minimum": 2, "maximum": 10},
            "meeting_id": _U, "agenda_item_id": _U, "decided_on": _D,
            "reference": {"type": "string", "maxLength": 300}}},
    },
}
