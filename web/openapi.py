"""Helpers for the OpenAPI fragments each API module declares as `SPEC` (merged at /api/v1/openapi.json)."""
from __future__ import annotations

import copy
from typing import Any

_ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
ERRORS = {
    "400": {"description": "Malformed JSON", "content": _ERROR},
    "401": {"description": "Authentication required", "content": _ERROR},
    "403": {"description": "Not allowed in the active role", "content": _ERROR},
    "404": {"description": "Not found (or another organisation's)", "content": _ERROR},
    "409": {"description": "Conflicts with the current state (a closed vote, a lot with history …)",
            "content": _ERROR},
    "413": {"description": "Body too large for this route", "content": _ERROR},
    "422": {"description": "Invalid fields: {errors: {field: message}}", "content": _ERROR},
}
# Operations anyone may call: no bearer token required (the document's global security does not apply)
# (and the answers they never give)
PUBLIC = {("/api/v1/health", "get"): ("401", "403"), ("/api/v1/openapi.json", "get"): ("401", "403"),
          ("/api/v1/auth/login", "post"): ("403",), ("/api/v1/auth/invitations/accept", "post"): (),
          ("/api/v1/auth/password-reset", "post"): ("401", "403", "404", "409"),
          ("/api/v1/auth/password-reset/confirm", "post"): ("401", "403", "409")}
# Text that may span lines (tabs and line breaks allowed); every other string is one line
MULTILINE = {"description", "draft_resolution", "answer", "reason", "cancel_reason", "note"}
_ONE_LINE = "^[^\\x00-\\x1f\\x7f]*$"
_LINES = "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]*$"
_FILLED_ONE_LINE = "^[^\\x00-\\x1f\\x7f]*[^\\s\\x00-\\x1f\\x7f][^\\x00-\\x1f\\x7f]*$"


def truthful(document: dict[str, Any]) -> dict[str, Any]:
    """What every fragment leaves implicit, made explicit: public operations need no token; the inputs refuse
    unknown fields (the parser does), control characters in one-line text and NUL anywhere, and a required text
    that is empty or only spaces; an optional field may be sent as null (the same as leaving it out); a decimal
    may be a JSON number or a string. The fragments themselves are left as they are (a copy is changed)."""
    document = copy.deepcopy(document)
    for path, ops in document["paths"].items():
        for method, operation in ops.items():
            if (path, method) in PUBLIC:
                operation["security"] = []
                for status in PUBLIC[(path, method)]:
                    operation["responses"].pop(status, None)
    schemas = document["components"]["schemas"]
    for ops in document["paths"].values():  # an update sends only the fields that change
        body = ops.get("put", {}).get("requestBody", {}).get("content", {}).get("application/json", {})
        name = ref_name(body.get("schema", {}))
        if name and schemas[name].get("required"):
            schemas[f"{name}Update"] = copy.deepcopy({k: v for k, v in schemas[name].items() if k != "required"})
            body["schema"] = ref(f"{name}Update")
    inputs = {ref_name(o.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}))
              for ops in document["paths"].values() for o in ops.values()}
    for name in inputs - {None}:
        _harden(document["components"]["schemas"][name])
    return document


def ref_name(schema: dict[str, Any]) -> str | None:
    """The component a `$ref` names."""
    target = schema.get("$ref")
    return target.rsplit("/", 1)[-1] if isinstance(target, str) else None


def _harden(schema: dict[str, Any]) -> None:
    schema.setdefault("additionalProperties", False)
    required = set(schema.get("required", ()))
    for name, prop in schema.get("properties", {}).items():
        optional = name not in required
        if optional:
            prop["nullable"] = True
            if "enum" in prop and None not in prop["enum"]:
                prop["enum"] = [*prop["enum"], None]  # OpenAPI 3.0: a nullable enum lists null
        bare = {k: v for k, v in prop.items() if k != "nullable"}
        if prop.get("format") == "decimal":
            schema["properties"][name] = {"oneOf": [{"type": "number"}, bare], "nullable": optional}
            continue
        if optional and prop.get("type") == "string" and "format" in prop:  # "" is the same as leaving it out
            schema["properties"][name] = {"anyOf": [bare, {"type": "string", "maxLength": 0}], "nullable": True}
            continue
        if prop.get("type") != "string" or "enum" in prop or "format" in prop or "pattern" in prop:
            continue
        if name in MULTILINE:
            prop["pattern"] = _LINES
        else:
            prop["pattern"] = _FILLED_ONE_LINE if name in required else _ONE_LINE
        if name in required:
            prop.setdefault("minLength", 1)


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


PAGING = [{**query("page", "integer", "from 1"), "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
          {**query("per_page", "integer", "1 to 100"), "schema": {"type": "integer", "minimum": 1, "maximum": 100}}]


def page_of(name: str) -> dict[str, Any]:
    """A paginated list of a schema."""
    return {"type": "object", "properties": {"data": {"type": "array", "items": ref(name)},
                                             "pagination": ref("Pagination")}}


COMMON_SCHEMAS = {
    "Error": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                                               "errors": {"type": "object",
                                                          "additionalProperties": {"type": "string"}},
                                               # a refusal's facts (409), e.g. the competition rule: amounts as
                                               # decimal strings, counts as integers
                                               "details": {"type": "object"}}},
    "Pagination": {"type": "object", "properties": {
        "current_page": {"type": "integer"}, "per_page": {"type": "integer"}, "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"}, "has_next": {"type": "boolean"}, "has_previous": {"type": "boolean"}}},
}
