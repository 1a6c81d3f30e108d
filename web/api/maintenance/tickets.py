"""/api/v1/tickets: report a problem (JSON, or multipart with a photo), read, triage, move through the states,
comment; the photo."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.i18n import _
from domain.maintenance import tickets as svc
from domain.parse import Fields, FormInput
from domain.rules import tickets as rules
from domain.storage import Upload
from web import db
from web.auth import current_actor
from web.files import document_store, file_response
from web.jsonapi import json_body, json_response, optional_body
from web.openapi import op, path_id, query, ref

bp = Blueprint("api_tickets", __name__, url_prefix="/api/v1")
_FIELDS = ("id", "building_id", "building_name", "unit_id", "unit_number", "location", "title", "description",
           "status", "urgency", "due_on", "contractor_id", "contractor_name", "reporter_name", "photo_name",
           "photo_type", "photo_size", "created_at", "updated_at", "closed_at")


def ticket_json(t: svc.Ticket) -> dict[str, Any]:
    """A ticket (never its photo's storage key)."""
    body = {k: getattr(t, k) for k in _FIELDS}
    body["photo_url"] = f"/api/v1/tickets/{t.id}/photo" if t.photo_key else None
    return body


def comment_json(c: svc.Comment) -> dict[str, Any]:
    return {k: getattr(c, k) for k in ("id", "author_name", "visibility", "body", "move", "created_at")}


@bp.get("/tickets")
async def index() -> ResponseReturnValue:
    f = Fields(dict(request.args))  # a filter sent empty is refused like any other bad value
    status = f.choice("status", rules.STATES)
    building_id = f.uuid("building")
    for name in ("status", "building"):
        if request.args.get(name, None) == "":
            f.error(name, _("Valeur non reconnue."))
    f.done()
    found = await svc.list_tickets(await db.conn(), current_actor(), building_id, status)
    return json_response({"data": [ticket_json(t) for t in found]})


async def _body_and_photo() -> tuple[Any, list[Upload]]:
    if request.mimetype == "multipart/form-data":
        form, files = FormInput(await request.form), await request.files
        return form, [svc.check_photo(f.filename, f.read()) for f in files.getlist("photo") if f.filename]
    return await json_body(), []


@bp.post("/buildings/<uuid:building_id>/tickets")
async def create(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data, photo = await _body_and_photo()
    ticket = await svc.report_ticket(await db.conn(), actor, document_store(), building_id, data, photo)
    return json_response(ticket_json(ticket), 201, {"Location": f"/api/v1/tickets/{ticket.id}"})


@bp.get("/tickets/<uuid:ticket_id>")
async def show(ticket_id: UUID) -> ResponseReturnValue:
    detail = await svc.ticket_detail(await db.conn(), current_actor(), ticket_id)
    t = detail.ticket
    return json_response({**ticket_json(t), "moves": detail.moves,
                          "comments": [comment_json(c) for c in detail.comments],
                          "photos": [{"position": p.position, "name": p.name, "type": p.content_type, "size": p.size,
                                      "url": f"/api/v1/tickets/{t.id}/photos/{p.position}"} for p in detail.photos]})


@bp.post("/tickets/<uuid:ticket_id>/triage")
async def triage(ticket_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    ticket = await svc.triage_ticket(await db.conn(), actor, ticket_id, await json_body())
    return json_response(ticket_json(ticket))


@bp.post("/tickets/<uuid:ticket_id>/assign", defaults={"move": "assign"})
@bp.post("/tickets/<uuid:ticket_id>/start", defaults={"move": "start"})
@bp.post("/tickets/<uuid:ticket_id>/finish", defaults={"move": "finish"})
@bp.post("/tickets/<uuid:ticket_id>/close", defaults={"move": "close"})
@bp.post("/tickets/<uuid:ticket_id>/reopen", defaults={"move": "reopen"})
async def move(ticket_id: UUID, move: str) -> ResponseReturnValue:
    actor = current_actor()
    ticket = await svc.move_ticket(await db.conn(), actor, ticket_id, move, await optional_body())
    return json_response(ticket_json(ticket))


@bp.post("/tickets/<uuid:ticket_id>/comments")
async def comment(ticket_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    made = await svc.comment_ticket(await db.conn(), actor, ticket_id, await json_body())
    return json_response(comment_json(made), 201)


@bp.get("/tickets/<uuid:ticket_id>/photo", defaults={"position": "1"})
@bp.get("/tickets/<uuid:ticket_id>/photos/<position>")
async def photo(ticket_id: UUID, position: str) -> ResponseReturnValue:
    number = int(position) if position.isascii() and position.isdigit() and len(position) == 1 else 0  # 0: none
    return file_response(*await svc.photo_file(await db.conn(), current_actor(), document_store(), ticket_id,
                                               number))


_S = {"type": "string", "nullable": True}
_TICKET = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "building_id": {"type": "string", "format": "uuid"},
    "building_name": {"type": "string"}, "unit_id": {"type": "string", "format": "uuid", "nullable": True},
    "unit_number": _S, "location": _S, "title": {"type": "string"}, "description": {"type": "string"},
    "status": {"type": "string", "enum": list(rules.STATES)},
    "urgency": {"type": "string", "enum": [*rules.URGENCIES, None], "nullable": True},
    "due_on": {"type": "string", "format": "date", "nullable": True},
    "contractor_id": {"type": "string", "format": "uuid", "nullable": True}, "contractor_name": _S,
    "reporter_name": _S, "photo_name": _S, "photo_type": _S, "photo_size": {"type": "integer", "nullable": True},
    "photo_url": _S, "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
    "closed_at": {"type": "string", "format": "date-time", "nullable": True}}}
_COMMENT = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "author_name": _S,
    "visibility": {"type": "string", "enum": ["internal", "public"]}, "body": {"type": "string"},
    "move": {"type": "string", "nullable": True}, "created_at": {"type": "string", "format": "date-time"}}}
_DETAIL = {"allOf": [ref("Ticket"), {"type": "object", "properties": {
    "moves": {"type": "array", "items": {"type": "string"}},
    "comments": {"type": "array", "items": ref("TicketComment")},
    "photos": {"type": "array", "items": {"type": "object", "properties": {
        "position": {"type": "integer"}, "name": {"type": "string"}, "type": {"type": "string"},
        "size": {"type": "integer"}, "url": {"type": "string"}}}}}}]}
_REPORT_FIELDS = {"title": {"type": "string", "maxLength": 200}, "description": {"type": "string", "maxLength": 4000},
                  "unit_id": {"type": "string", "format": "uuid", "description": "one of the reporter's lots; "
                                                                                  "empty: a common part"},
                  "location": {"type": "string", "maxLength": 200}}
_report = op("Report a problem (an owner: a common part or one of their lots; multipart with `photo` to attach "
             "one, checked by its bytes)", ref("Ticket"), "TicketInput", [path_id()], status="201",
             tag="maintenance")
_report["requestBody"]["content"]["multipart/form-data"] = {"schema": {"type": "object", "required": [
    "title", "description"], "properties": {
        **_REPORT_FIELDS, "unit_id": {"anyOf": [{"type": "string", "format": "uuid"}, {"type": "string",
                                                                                     "maxLength": 0}]},
        "photo": {"type": "string", "format": "binary"}}}}
_NOTE = {"type": "object", "properties": {"note": {"type": "string", "maxLength": 4000}}}


def _move(name: str) -> dict[str, Any]:
    operation = op(f"Move the ticket: {name} (syndic); the reporter is e-mailed, with the note when given",
                   ref("Ticket"), "TicketNote", [path_id()], tag="maintenance")
    operation["requestBody"]["required"] = False
    return operation

SPEC = {
    "paths": {
        "/api/v1/tickets": {"get": op(
            "The tickets the caller reads (an owner: their own and their buildings' common-part tickets)",
            {"type": "object", "properties": {"data": {"type": "array", "items": ref("Ticket")}}},
            params=[{**query("status", description="a state"), "schema": {"type": "string",
                                                                           "enum": list(rules.STATES)}},
                    {**query("building", description="one building"), "schema": {"type": "string",
                                                                                 "format": "uuid"}}],
            tag="maintenance")},
        "/api/v1/buildings/{id}/tickets": {"post": _report},
        "/api/v1/tickets/{id}": {"get": op("A ticket, its comments the caller may read, the moves offered",
                                           _DETAIL, params=[path_id()], tag="maintenance")},
        "/api/v1/tickets/{id}/triage": {"post": op(
            "Triage (syndic): urgency, deadline (proposed from the urgency), contractor (a new ticket becomes "
            "assigned)", ref("Ticket"), "TicketTriage", [path_id()], tag="maintenance")},
        **{f"/api/v1/tickets/{{id}}/{name}": {"post": _move(name)} for name in rules.MOVES},
        "/api/v1/tickets/{id}/comments": {"post": op(
            "Comment (syndic): internal, or public (the reporter is e-mailed)", ref("TicketComment"),
            "TicketCommentInput", [path_id()], status="201", tag="maintenance")},
        "/api/v1/tickets/{id}/photo": {"get": op("The ticket's first photo", None, params=[path_id()],
                                                 tag="maintenance")},
        "/api/v1/tickets/{id}/photos/{position}": {"get": op(
            "One of the ticket's photos (1 to 5)", None,
            params=[path_id(), {"name": "position", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1, "maximum": 5}}], tag="maintenance")},
    },
    "schemas": {
        "Ticket": _TICKET, "TicketDetail": _DETAIL, "TicketComment": _COMMENT, "TicketNote": _NOTE,
        "TicketInput": {"type": "object", "required": ["title", "description"], "properties": _REPORT_FIELDS},
        "TicketTriage": {"type": "object", "required": ["urgency"], "properties": {
            "urgency": {"type": "string", "enum": list(rules.URGENCIES)}, "due_on": {"type": "string",
                                                                                    "format": "date"},
            "contractor_id": {"type": "string", "format": "uuid"}, "note": {"type": "string", "maxLength": 4000}}},
        "TicketCommentInput": {"type": "object", "required": ["body"], "properties": {
            "body": {"type": "string", "maxLength": 4000},
            "visibility": {"type": "string", "enum": ["internal", "public"]}}},
    },
}
