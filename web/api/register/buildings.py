"""/api/v1/buildings."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.pagination import PageRequest
from domain.register import buildings as svc
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response, page_response
from web.openapi import PAGING, op, page_of, path_id, query, ref

bp = Blueprint("api_buildings", __name__, url_prefix="/api/v1/buildings")


@bp.get("")
async def index() -> ResponseReturnValue:
    actor = current_actor()
    search = request.args.get("search") or request.args.get("q")
    page = await svc.list_buildings(await db.conn(), actor, search, PageRequest.parse(request.args))
    return page_response(page)


@bp.post("")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    building = await svc.create_building(await db.conn(), actor, svc.BuildingInput.parse(await json_body()))
    return json_response(building, 201)


@bp.get("/<uuid:building_id>")
async def show(building_id: UUID) -> ResponseReturnValue:
    return json_response(await svc.get_building(await db.conn(), current_actor(), building_id))


@bp.put("/<uuid:building_id>")
async def update(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(await svc.update_building(await db.conn(), actor, building_id, data))


@bp.delete("/<uuid:building_id>")
async def delete(building_id: UUID) -> ResponseReturnValue:
    await svc.delete_building(await db.conn(), current_actor(), building_id)
    return "", 204


_FIELDS = {
    "name": {"type": "string", "maxLength": 200}, "address": {"type": "string", "maxLength": 300},
    "city": {"type": "string", "maxLength": 120}, "postal_code": {"type": "string", "maxLength": 20},
    "country": {"type": "string", "maxLength": 80},
    "total_units": {"type": "integer", "minimum": 1},
    "construction_year": {"type": "integer", "minimum": 1000, "maximum": 2100, "nullable": True},
    "jurisdiction": {"type": "string", "enum": ["BE", "FR"], "default": "BE"},
    "total_quota": {"type": "integer", "minimum": 1, "default": 1000},
    "notice_days": {"type": "integer", "nullable": True, "description": "bylaw convocation notice, days"},
    "association_number": {"type": "string", "maxLength": 30, "nullable": True,
                           "description": "the association of co-owners' company number (BCE / KBO)"},
    "iban": {"type": "string", "maxLength": 42, "nullable": True,
             "description": "the account owners pay to (checked; stored without spaces)"},
}
SPEC = {
    "paths": {
        "/api/v1/buildings": {
            "get": op("List buildings (search by name or city)", page_of("Building"),
                      params=[query("search"), *PAGING], tag="buildings"),
            "post": op("Create a building (syndic)", ref("Building"), "BuildingInput", status="201",
                       tag="buildings"),
        },
        "/api/v1/buildings/{id}": {
            "get": op("One building", ref("Building"), params=[path_id()], tag="buildings"),
            "put": op("Change a building (syndic)", ref("Building"), "BuildingInput", [path_id()],
                      tag="buildings"),
            "delete": op("Delete a building without lots (syndic)", None, params=[path_id()], status="204",
                         tag="buildings"),
        },
    },
    "schemas": {
        "BuildingInput": {"type": "object", "required": ["name", "address", "city", "postal_code", "total_units"],
                          "properties": {**_FIELDS, "organization_id": {"type": "string", "format": "uuid"}}},
        "Building": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "organization_id": {"type": "string", "format": "uuid"},
            **_FIELDS, "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"}}},
    },
}
