"""One database connection per request, from the pool made when the app starts serving."""
from __future__ import annotations

import asyncpg
from quart import current_app, g

from queries.db import _default as json_default
from queries.db import connect, init_connection

__all__ = ["conn", "connect", "create_pool", "json_default", "release"]


async def create_pool(dsn: str, min_size: int = 2, max_size: int = 10,
                      statement_cache_size: int = 100) -> asyncpg.Pool:
    """The app's pool: the shared connection set-up, and a light reset on release (see _reset). Idle
    connections are kept (at most max_size per worker) rather than closed after 5 minutes: asyncpg's
    inactivity timer is a call_later armed on every release and cancelled on every acquire.
    statement_cache_size 0 behind PgBouncer in transaction mode (KOPROGO_STATEMENT_CACHE)."""
    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, init=init_connection,
                                     reset=_reset, max_inactive_connection_lifetime=0,
                                     statement_cache_size=statement_cache_size)


async def _reset(connection: asyncpg.Connection) -> None:
    """What a connection must not carry to the next request. asyncpg's default reset sends
    `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` on every release: one more round trip
    per request (the profile's lesson) for state this app never leaves behind outside a transaction (no
    LISTEN, advisory lock, cursor or session SET on pooled connections). An unfinished transaction is
    still rolled back."""
    if connection.is_in_transaction():
        await connection.execute("ROLLBACK")


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
