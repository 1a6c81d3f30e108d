"""The ceiling: what a bare Quart app does on the same core, under the same server, in the same run.

Three routes, nothing else (no auth, no templates, no middleware): GET /hello (a constant string),
GET /db (one indexed row from PostgreSQL as orjson) and POST /db (one INSERT … RETURNING in a transaction).
The ceiling "mix" sends 70 % GET /db and 30 % POST /db: the least work any database-backed request can do.
Served as `hypercorn -k uvloop load.ceiling:app` with CEILING_DATABASE_URL set.
"""
from __future__ import annotations

import os

import asyncpg
import orjson
from quart import Quart, Response

app = Quart(__name__)
_ROW = "SELECT id, name, city, total_units FROM buildings WHERE organization_id = $1 AND id = $2"
_PICK = "SELECT organization_id, id FROM buildings ORDER BY id LIMIT 64"
_SETUP = "CREATE TABLE IF NOT EXISTS ceiling_writes (id bigserial PRIMARY KEY, note text NOT NULL)"
_INSERT = "INSERT INTO ceiling_writes (note) VALUES ($1) RETURNING id"
_state: dict[str, object] = {}


async def _no_reset(_connection: asyncpg.Connection) -> None:
    return None


@app.before_serving
async def _open() -> None:
    # the same pool settings as the app's (web/db.py): no reset query on release, no inactivity timer
    pool = await asyncpg.create_pool(os.environ["CEILING_DATABASE_URL"], min_size=2,
                                     max_size=int(os.environ.get("KOPROGO_POOL_MAX", "10")), reset=_no_reset,
                                     max_inactive_connection_lifetime=0)
    async with pool.acquire() as conn:
        await conn.execute(_SETUP)
        _state["keys"] = [tuple(r) for r in await conn.fetch(_PICK)]
    _state["pool"] = pool
    _state["n"] = 0


@app.after_serving
async def _close() -> None:
    await _state["pool"].close()  # type: ignore[attr-defined]


@app.get("/hello")
async def hello() -> Response:
    """A constant answer: the server and framework alone."""
    return Response(b"hello", content_type="text/plain")


@app.get("/db")
async def read() -> Response:
    """One indexed row as JSON."""
    keys = _state["keys"]
    n = _state["n"] = int(_state["n"]) + 1  # type: ignore[call-overload]
    org, bid = keys[n % len(keys)]  # type: ignore[index,arg-type]
    async with _state["pool"].acquire() as conn:  # type: ignore[attr-defined]
        row = await conn.fetchrow(_ROW, org, bid)
    return Response(orjson.dumps({k: str(v) if k == "id" else v for k, v in row.items()}),
                    content_type="application/json")


@app.post("/db")
async def write() -> Response:
    """One INSERT … RETURNING in its own transaction."""
    async with _state["pool"].acquire() as conn, conn.transaction():  # type: ignore[attr-defined]
        new_id = await conn.fetchval(_INSERT, "ceiling")
    return Response(orjson.dumps({"id": new_id}), status=201, content_type="application/json")
