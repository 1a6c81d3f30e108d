"""/api/v1/units and /api/v1/buildings/{id}/units: the lots of the register."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.pagination import PageRequest
from domain.register import buildings
from domain.register import units as svc
from domain.register.buildings import Building
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response
from web.openapi import PAGING, op, page_of, path_id, query, ref
from web.query import uuid_arg

bp = Blueprint("api_units", __name__, url_prefix="/api/v1")


async def _page(building_id: UUID | None, extra: dict[str, Any] | None = None,
                building: Building | None = None) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    page = await svc.list_units(conn, actor, building_id, PageRequest.parse(request.args), building)
    data = await svc.with_contacts(conn, actor, page.items)
    return json_response({"data": data, "pagination": page.meta(), **(extra or {})})


@bp.get("/units")
async def index() -> ResponseReturnValue:
    return await _page(uuid_arg("building_id"))


@bp.get("/buildings/<uuid:building_id>/units")
async def of_building(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    building = await buildings.get_building(conn, actor, building_id)
    status = await svc.quota_status(conn, actor, building)
    quota = {"total": status.total, "held": status.held, "state": status.state, "gap": status.gap}
    return await _page(building_id, {"quota": quota}, building)


@bp.post("/units")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    conn = await db.conn()
    unit = await svc.add_unit(conn, actor, svc.UnitInput.parse(await json_body()))
    return json_response(svc.to_api(unit), 201)


@bp.get("/units/<uuid:unit_id>")
async def show(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    [unit] = await svc.with_contacts(conn, actor, [await svc.get_unit(conn, actor, unit_id)])
    return json_response(unit)


@bp.put("/units/<uuid:unit_id>")
async def update(unit_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    conn = await db.conn()
    [unit] = await svc.with_contacts(conn, actor, [await svc.update_unit(conn, actor, unit_id, data)])
    return json_response(unit)


@bp.delete("/units/<uuid:unit_id>")
async def delete(unit_id: UUID) -> ResponseReturnValue:
    await svc.delete_unit(await db.conn(), current_actor(), unit_id)
    return "", 204


_TYPES = ["Apartment", "Parking", "Cellar", "Commercial", "Office", "Storage", "Other"]
_FIELDS = {
    "building_id": {"type": "string", "format": "uuid"},
    "unit_number": {"type": "string", "maxLength": 20, "description": "unique in the building"},
    "unit_type": {"type": "string", "enum": _TYPES, "description": "case-insensitive on input"},
    "floor": {"type": "integer", "minimum": -10, "maximum": 200, "nullable": True},
    "surface_area": {"type": "string", "format": "decimal", "nullable": True,
                     "description": "m², a JSON number or a decimal string on input"},
    "quota": {"type": "integer", "minimum": 1, "description": "share of the building's total_quota; 150.0 accepted"},
}
_QUOTA = {"type": "object", "properties": {"total": {"type": "integer"}, "held": {"type": "integer"},
                                           "state": {"type": "string", "enum": ["complete", "missing", "over"]},
                                           "gap": {"type": "integer"}}}
SPEC = {
    "paths": {
        "/api/v1/units": {
            "get": op("List lots (an owner: only their own)", page_of("Unit"),
                      params=[query("building_id", description="uuid"), *PAGING], tag="units"),
            "post": op("Add a lot (syndic); refused above the building's total quota", ref("Unit"), "UnitInput",
                       status="201", tag="units"),
        },
        "/api/v1/units/{id}": {
            "get": op("One lot", ref("Unit"), params=[path_id()], tag="units"),
            "put": op("Change a lot (syndic); the quota is locked once charges or votes use it", ref("Unit"),
                      "UnitInput", [path_id()], tag="units"),
            "delete": op("Delete a lot without ownership history (syndic)", None, params=[path_id()],
                         status="204", tag="units"),
        },
        "/api/v1/buildings/{id}/units": {
            "get": op("The lots of a building, with the quota total", {
                "type": "object", "properties": {"data": {"type": "array", "items": ref("Unit")},
                                                 "pagination": ref("Pagination"), "quota": _QUOTA}},
                params=[path_id(), *PAGING], tag="units"),
        },
    },
    "schemas": {
        "UnitInput": {"type": "object", "required": ["building_id", "unit_number", "unit_type", "quota"],
                      "properties": _FIELDS},
        "Unit": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "organization_id": {"type": "string", "format": "uuid"},
            **_FIELDS, "owner_id": {"type": "string", "format": "uuid", "nullable": True,
                                    "description": "the lot's contact owner today"},
            "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"}}},
    },
}
