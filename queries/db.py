"""Connection set-up shared by the app, the tests and the scripts: codecs and the pool."""
from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

import asyncpg
import orjson


def _default(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (uuid.UUID,)):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: Any) -> str:
    """JSON text for a jsonb column (Decimal, UUID and dates as strings)."""
    return orjson.dumps(value, default=_default).decode()


async def init_connection(conn: asyncpg.Connection) -> None:
    """Per-connection set-up: jsonb in and out as Python values."""
    await conn.set_type_codec("jsonb", encoder=dumps, decoder=orjson.loads, schema="pg_catalog")


async def create_pool(dsn: str, min_size: int = 2, max_size: int = 10) -> asyncpg.Pool:
    """The application's pool."""
    return await asyncpg.create_pool(dsn, min_size=min_size, max_size=max_size, init=init_connection)


async def connect(dsn: str, statement_cache_size: int = 100) -> asyncpg.Connection:
    """One connection with the same set-up as the pool's (statement_cache_size 0 behind PgBouncer in
    transaction mode)."""
    conn = await asyncpg.connect(dsn, statement_cache_size=statement_cache_size)
    await init_connection(conn)
    return conn
