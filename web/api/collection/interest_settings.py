"""/api/v1 for a building's late-interest setting: the bylaws' rate and clause, or the legal rate."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.collection import interest_settings as svc
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response, to_json
from web.openapi import op, path_id

bp = Blueprint("api_collection_interest", __name__, url_prefix="/api/v1")


@bp.get("/buildings/<uuid:building_id>/interest-settings")
async def show(building_id: UUID) -> ResponseReturnValue:
    return json_response(to_json(await svc.get_settings(await db.conn(), current_actor(), building_id)))


@bp.put("/buildings/<uuid:building_id>/interest-settings")
async def put(building_id: UUID) -> ResponseReturnValue:
    found = await svc.set_settings(await db.conn(), current_actor(), building_id, await json_body())
    return json_response(to_json(found))


_SETTINGS = {"type": "object", "required": ["mode"], "properties": {
    "mode": {"type": "string", "enum": list(svc.MODES),
             "description": "bylaws: the bylaws' own rate, from each due date; legal: the legal rate from the "
                            "formal notice"},
    "rate": {"oneOf": [{"type": "number"}, {"type": "string", "format": "decimal"}],
             "description": "% a year, more than 0 and at most 30, three decimals at most (bylaws only)"},
    "clause": {"type": "string", "maxLength": 200, "description": "the bylaws' clause (required with bylaws)"}}}
SPEC: dict[str, Any] = {
    "paths": {"/api/v1/buildings/{id}/interest-settings": {
        "get": op("The building's late-interest setting (legal when the bylaws provide none)", None,
                  params=[path_id()], tag="collection"),
        "put": op("Set the bylaws' rate and clause, or the legal rate; 422 naming the field at fault", None,
                  "InterestSettings", [path_id()], tag="collection")}},
    "schemas": {"InterestSettings": _SETTINGS},
}
