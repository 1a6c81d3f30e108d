"""/api/v1: the access policy's scopes — a building's board mandates, an accountant's buildings."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.parse import Fields
from domain.platform import scopes as svc
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response, optional_body
from web.openapi import op, path_id, ref

bp = Blueprint("api_scopes", __name__, url_prefix="/api/v1")


@bp.get("/buildings/<uuid:building_id>/board")
async def board(building_id: UUID) -> ResponseReturnValue:
    return json_response({"data": await svc.building_scopes(await db.conn(), current_actor(), building_id)})


@bp.post("/buildings/<uuid:building_id>/board")
async def add_mandate(building_id: UUID) -> ResponseReturnValue:
    data = await json_body()
    return json_response(await svc.add_mandate(await db.conn(), current_actor(), building_id, data), 201)


@bp.post("/scopes/<uuid:scope_id>/end")
async def end(scope_id: UUID) -> ResponseReturnValue:
    f = Fields(await optional_body(), allowed={"ends_on"})
    day = f.date("ends_on")
    f.done()
    return json_response(await svc.end_scope(await db.conn(), current_actor(), scope_id, day))


@bp.put("/members/<uuid:user_id>/buildings")
async def assign(user_id: UUID) -> ResponseReturnValue:
    f = Fields(await json_body(), allowed={"building_ids"})
    ids = f.uuid_list("building_ids", required=True)
    f.done()
    return json_response({"data": await svc.assign_accountant(await db.conn(), current_actor(), user_id, ids or [])})


_SCOPE = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "user_id": {"type": "string", "format": "uuid"},
    "user_name": {"type": "string"}, "user_email": {"type": "string"},
    "role": {"type": "string", "enum": ["board_member", "accountant"]},
    "building_id": {"type": "string", "format": "uuid"}, "building_name": {"type": "string"},
    "starts_on": {"type": "string", "format": "date"}, "ends_on": {"type": "string", "format": "date", "nullable": True}}}
SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/board": {
            "get": op("The building's board mandates and assigned accountants (syndic)",
                      {"type": "object", "properties": {"data": {"type": "array", "items": ref("Scope")}}},
                      params=[path_id()], tag="access"),
            "post": op("Record a board mandate for a member with the board role (syndic)", ref("Scope"),
                       "MandateInput", [path_id()], status="201", tag="access"),
        },
        "/api/v1/scopes/{id}/end": {
            "post": op("End a mandate or an assignment (today unless ends_on is given)", ref("Scope"),
                       "EndScope", [path_id()], tag="access"),
        },
        "/api/v1/members/{id}/buildings": {
            "put": op("Limit an accountant to these buildings (an empty list: every building)",
                      {"type": "object", "properties": {"data": {"type": "array", "items": ref("Scope")}}},
                      "AccountantBuildings", [path_id()], tag="access"),
        },
    },
    "schemas": {
        "Scope": _SCOPE,
        "MandateInput": {"type": "object", "required": ["user_id"], "properties": {
            "user_id": {"type": "string", "format": "uuid"}, "starts_on": {"type": "string", "format": "date"},
            "ends_on": {"type": "string", "format": "date", "nullable": True}}},
        "EndScope": {"type": "object", "properties": {"ends_on": {"type": "string", "format": "date"}}},
        "AccountantBuildings": {"type": "object", "required": ["building_ids"], "properties": {
            "building_ids": {"type": "array", "items": {"type": "string", "format": "uuid"}}}},
    },
}
