"""Helpers for the OpenAPI fragments each API module declares as `SPEC` (merged at /api/v1/openapi.json)."""
from __future__ import annotations

from typing import Any

ERRORS = {
    "400": {"description": "Malformed JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "401": {"description": "Authentication required"},
    "403": {"description": "Not allowed in the active role"},
    "404": {"description": "Not found (or another organisation's)"},
    "422": {"description": "Invalid fields: {errors: {field: message}}",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
}


def ref(name: str) -> dict[str, str]:
    """A reference to a component schema."""
    return {"$ref": f"#/components/schemas/{name}"}


def op(summary: str, response: dict[str, Any] | None = None, body: str | None = None,
       params: list[dict[str, Any]] | None = None, status: str = "200", tag: str | None = None) -> dict[str, Any]:
    """One operation with the usual error responses."""
    operation: dict[str, Any] = {"summary": summary, "responses": {status: {"description": "OK"}, **ERRORS}}
    if tag:
        operation["tags"] = [tag]
    if response is not None:
        operation["responses"][status]["content"] = {"application/json": {"schema": response}}
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(body)}}}
    if params:
        operation["parameters"] = params
    return operation


def path_id(name: str = "id") -> dict[str, Any]:
    """A UUID path parameter."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}


def query(name: str, type_: str = "string", description: str = "") -> dict[str, Any]:
    """A query-string parameter."""
    return {"name": name, "in": "query", "required": False, "schema": {"type": type_}, "description": description}


PAGING = [query("page", "integer", "from 1"), query("per_page", "integer", "1 to 100")]


def page_of(name: str) -> dict[str, Any]:
    """A paginated list of a schema."""
    return {"type": "object", "properties": {"data": {"type": "array", "items": ref(name)},
                                             "pagination": ref("Pagination")}}


COMMON_SCHEMAS = {
    "Error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                               "errors": {"type": "object",
                                                          "additionalProperties": {"type": "string"}}}},
    "Pagination": {"type": "object", "properties": {
        "current_page": {"type": "integer"}, "per_page": {"type": "integer"}, "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"}, "has_next": {"type": "boolean"}, "has_previous": {"type": "boolean"}}},
}
