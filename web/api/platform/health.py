"""/api/v1/health and /api/v1/openapi.json."""
from __future__ import annotations

import asyncio

from quart import Blueprint, current_app
from quart.typing import ResponseReturnValue

from web.jsonapi import json_response
from web.openapi import COMMON_SCHEMAS, op, truthful

bp = Blueprint("api_health", __name__, url_prefix="/api/v1")


@bp.get("/health")
async def health() -> ResponseReturnValue:
    try:
        pool = current_app.config["POOL"]
        async with asyncio.timeout(1.0):
            async with pool.acquire() as conn:
                await conn.fetchval("SELECT 1")
    except Exception:  # noqa: BLE001 - any failure of the database is "unreachable" here
        return json_response({"status": "error", "database": "unreachable"}, 503)
    return json_response({"status": "ok", "database": "ok"})


@bp.get("/openapi.json")
async def openapi() -> ResponseReturnValue:
    return json_response(document())


def document() -> dict:
    """Every API module's SPEC merged into one OpenAPI 3.0 document."""
    from web.routes import SPECS  # the list of every API module, this one included
    paths: dict = {}
    schemas: dict = dict(COMMON_SCHEMAS)
    for module in SPECS:
        spec = getattr(module, "SPEC", None)
        if spec:
            for path, ops in spec.get("paths", {}).items():
                paths.setdefault(path, {}).update(ops)
            schemas.update(spec.get("schemas", {}))
    return truthful({"openapi": "3.0.3",
            "info": {"title": "KoproGo API", "version": "1.0",
                     "description": "Condominium management. Bearer token from POST /api/v1/auth/login."},
            "components": {"schemas": schemas,
                           "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearer": []}], "paths": paths})


SPEC = {"paths": {
    "/api/v1/health": {"get": op("Liveness and database check", tag="health")},
    "/api/v1/openapi.json": {"get": op("This document", tag="health")},
}}
