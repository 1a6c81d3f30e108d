"""/api/v1/buildings/{id}/import: a CSV of lots and owners, previewed (default) or written (?confirm=true)."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.register import csv_import as svc
from web import db
from web.auth import current_actor
from web.i18n import tr
from web.jsonapi import json_response, raw_body
from web.openapi import op, path_id, query

bp = Blueprint("api_register_import", __name__, url_prefix="/api/v1/buildings")


def preview_json(result: svc.Preview) -> dict[str, Any]:
    """The preview: counts, quota total, and every bad row with its reasons."""
    return {"ok": result.ok, "lots": result.lot_count, "new_owners": result.new_owners,
            "known_owners": result.known_owners, "quota_held": result.quota_held,
            "quota_total": result.quota_total, "problems": [tr(p) for p in result.problems],
            "bad_rows": [{"line": r.line, "unit_number": r.number, "errors": [tr(e) for e in r.errors]}
                         for r in result.bad_rows]}


@bp.post("/<uuid:building_id>/import")
async def import_csv(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await raw_body()
    conn = await db.conn()
    if request.args.get("confirm", "").lower() in ("1", "true", "yes"):
        result = await svc.confirm(conn, actor, building_id, data)
        return json_response(preview_json(result), 201 if result.ok else 422)
    result = await svc.preview(conn, actor, building_id, data)
    return json_response(preview_json(result), 200 if result.ok else 422)


SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/import": {
            "post": {**op("Import lots and owners from a CSV body (syndic): preview by default, write with "
                          "confirm=true; a file with any bad row writes nothing", {"$ref": "#/components/schemas/ImportPreview"},
                          params=[path_id(), query("confirm", "boolean", "write when true")], tag="units"),
                     "requestBody": {"required": True, "content": {"text/csv": {"schema": {"type": "string"}}}}},
        },
    },
    "schemas": {
        "ImportPreview": {"type": "object", "properties": {
            "ok": {"type": "boolean"}, "lots": {"type": "integer"}, "new_owners": {"type": "integer"},
            "known_owners": {"type": "integer"}, "quota_held": {"type": "integer"},
            "quota_total": {"type": "integer"}, "problems": {"type": "array", "items": {"type": "string"}},
            "bad_rows": {"type": "array", "items": {"type": "object", "properties": {
                "line": {"type": "integer"}, "unit_number": {"type": "string"},
                "errors": {"type": "array", "items": {"type": "string"}}}}}}},
    },
}
