"""/api/v1 for the reserve-fund rules recorded on a building (the AG's waiver, the provisional acceptance)."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.calls import reserve_rules
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response, to_json
from web.openapi import op, path_id

bp = Blueprint("api_calls_reserve_rules", __name__, url_prefix="/api/v1")


@bp.get("/buildings/<uuid:building_id>/reserve-rules")
async def show(building_id: UUID) -> ResponseReturnValue:
    return json_response(to_json(await reserve_rules.get_rules(await db.conn(), current_actor(), building_id)))


@bp.put("/buildings/<uuid:building_id>/reserve-rules")
async def put(building_id: UUID) -> ResponseReturnValue:
    found = await reserve_rules.set_rules(await db.conn(), current_actor(), building_id, await json_body())
    return json_response(to_json(found))


_DATE = {"type": "string", "format": "date"}
_RULES = {"type": "object", "properties": {
    "waiver_decided_on": {**_DATE, "description": "the AG that waived the reserve contribution (four fifths)"},
    "waiver_reference": {"type": "string", "maxLength": 200, "description": "the decision as the minutes name it"},
    "waiver_resolution_id": {"type": "string", "format": "uuid", "description": "the adopted resolution, if here"},
    "provisional_acceptance_on": {**_DATE, "description": "BE: provisional acceptance; FR: completion"}}}
SPEC: dict[str, Any] = {
    "paths": {"/api/v1/buildings/{id}/reserve-rules": {
        "get": op("The reserve-fund rules recorded on the building", None, params=[path_id()], tag="calls"),
        "put": op("Record the AG's waiver and the provisional acceptance (the budgets' reserve check reads them)",
                  None, "ReserveRules", [path_id()], tag="calls")}},
    "schemas": {"ReserveRules": _RULES},
}
