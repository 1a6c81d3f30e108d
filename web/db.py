"""One database connection per request, from the pool made when the app starts serving."""
from __future__ import annotations

import asyncpg
from quart import current_app, g


async def conn() -> asyncpg.Connection:
    """The request's connection (acquired on first use, released when the request ends)."""
    if "conn" not in g:
        g.conn = await current_app.config["POOL"].acquire()
    return g.conn


async def release() -> None:
    """Give the request's connection back to the pool."""
    connection = g.pop("conn", None)
    if connection is not None:
        await current_app.config["POOL"].release(connection)
