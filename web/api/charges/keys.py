"""/api/v1/buildings/{id}/sharing-keys and /api/v1/sharing-keys/{id}: the building's sharing keys."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.charges import keys as svc
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.i18n import tr
from web.jsonapi import json_body, json_response, to_json
from web.openapi import op, path_id, ref

bp = Blueprint("api_sharing_keys", __name__, url_prefix="/api/v1")


def key_json(key: Any, weights: dict[UUID, Any] | None = None) -> dict[str, Any]:
    """A key; with its weights as {unit id: weight} when given."""
    body = to_json(key)
    if weights is not None:
        body["weights"] = {str(k): v for k, v in weights.items()}
    return body


@bp.get("/buildings/<uuid:building_id>/sharing-keys")
async def index(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await svc.list_keys(conn, actor, building_id)
    building = await get_building(conn, actor, building_id)
    general = {"id": None, "name": tr(svc.GENERAL), "building_id": building.id,
               "total_weight": building.total_quota, "general": True}
    return json_response({"data": [general, *[key_json(k) for k in found]]})


@bp.post("/buildings/<uuid:building_id>/sharing-keys")
async def create(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    conn = await db.conn()
    key = await svc.create_key(conn, actor, building_id, await json_body())
    found, weights = await svc.get_key(conn, actor, key.id)
    return json_response(key_json(found, weights), 201)


@bp.get("/sharing-keys/<uuid:key_id>")
async def show(key_id: UUID) -> ResponseReturnValue:
    key, weights = await svc.get_key(await db.conn(), current_actor(), key_id)
    return json_response(key_json(key, weights))


@bp.put("/sharing-keys/<uuid:key_id>")
async def update(key_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    conn = await db.conn()
    await svc.update_key(conn, actor, key_id, await json_body())
    key, weights = await svc.get_key(conn, actor, key_id)
    return json_response(key_json(key, weights))


_WEIGHTS = {"type": "object", "additionalProperties": {"type": "string", "format": "decimal"},
            "description": "{unit id: weight > 0} for each covered lot (or a list of {unit_id, weight})"}
_KEY_INPUT = {"type": "object", "required": ["name", "weights"], "properties": {
    "name": {"type": "string", "maxLength": 100}, "weights": _WEIGHTS}}
SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/sharing-keys": {
            "get": op("The general key (quotas) and the building's other keys", None, params=[path_id()],
                      tag="charges"),
            "post": op("Define a key (syndic)", ref("SharingKey"), "SharingKeyInput", [path_id()], status="201",
                       tag="charges")},
        "/api/v1/sharing-keys/{id}": {
            "get": op("One key with its weights", ref("SharingKey"), params=[path_id()], tag="charges"),
            "put": op("Rename a key or replace its weights (syndic)", ref("SharingKey"), "SharingKeyInput",
                      [path_id()], tag="charges")},
    },
    "schemas": {"SharingKeyInput": _KEY_INPUT,
                "SharingKey": {"type": "object", "properties": {
                    "id": {"type": "string", "format": "uuid"}, "building_id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string"}, "weights": _WEIGHTS}}},
}
