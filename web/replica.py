"""Read-only reports on the streaming replica, when it is close enough behind the primary.

A report that only reads (a trial balance, the arrears list, an export) calls `report_conn()` instead of
`db.conn()`:

    conn = await replica.report_conn()          # the replica's connection, or the request's own
    rows = await books.trial_balance(conn, actor, year)

It gets a connection to the replica (KOPROGO_REPLICA_URL) when the replica's lag is within
KOPROGO_REPLICA_MAX_LAG seconds, and otherwise the request's own connection to the primary, so a report is
never older than the bound and never fails because the replica is down. Writes, and reads that must see the
request's own writes, always use `db.conn()`. The lag is measured at most once a second per process: zero when
the replica has replayed everything it received, else the time since the last transaction it replayed.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import cast

import asyncpg
from quart import current_app, g

from web import db

log = logging.getLogger("koprogo.replica")
_LAG = """
SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0
            WHEN pg_last_wal_receive_lsn() IS NOT NULL AND pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
                 AND NOT pg_is_wal_replay_paused() THEN 0
            ELSE coalesce(extract(epoch FROM now() - pg_last_xact_replay_timestamp()), 1e9) END::float8
"""


class ReplicaSource:
    """A pool on the replica and the last lag measured."""

    def __init__(self, pool: asyncpg.Pool | None, max_lag: float, check_every: float = 1.0) -> None:
        self.pool, self.max_lag, self.check_every = pool, max_lag, check_every
        self.lag: float | None = None
        self.checked = 0.0
        self._lock = asyncio.Lock()

    async def usable(self) -> bool:
        """True when the replica answers and lags at most max_lag seconds (measured at most once per period)."""
        if self.pool is None:
            return False
        if time.monotonic() - self.checked >= self.check_every:
            async with self._lock:
                if time.monotonic() - self.checked >= self.check_every:
                    try:
                        async with asyncio.timeout(0.5):
                            self.lag = await self.pool.fetchval(_LAG)
                    except Exception as exc:  # noqa: BLE001 - a replica down means the primary answers
                        log.warning("replica unusable: %s", exc)
                        self.lag = None
                    self.checked = time.monotonic()
        return self.lag is not None and self.lag <= self.max_lag

    async def acquire(self) -> asyncpg.Connection | None:
        """A replica connection when usable, else None."""
        if not await self.usable():
            return None
        try:
            assert self.pool is not None  # usable() made it
            return cast(asyncpg.Connection, await self.pool.acquire())
        except Exception:  # noqa: BLE001
            self.lag, self.checked = None, time.monotonic()
            return None

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()


async def open_source(url: str | None, max_lag: float, statement_cache: int = 100) -> ReplicaSource:
    """The app's replica source (no pool when no replica is configured, or when it cannot be reached now)."""
    if not url:
        return ReplicaSource(None, max_lag)
    try:
        pool = await db.create_pool(url, 0, 5, statement_cache)
    except Exception as exc:  # noqa: BLE001 - start without it: reports use the primary
        log.warning("replica %s unreachable at start-up: %s", url, exc)
        return ReplicaSource(None, max_lag)
    return ReplicaSource(pool, max_lag)


async def report_conn() -> asyncpg.Connection:
    """The connection a read-only report should use for this request (see the module's doc)."""
    if "report_conn" in g:
        return g.report_conn
    source: ReplicaSource | None = current_app.config.get("REPLICA")
    conn = await source.acquire() if source is not None else None
    if conn is None:
        g.report_conn = await db.conn()
        g.report_on_replica = False
    else:
        g.report_conn, g.report_on_replica = conn, True
    return g.report_conn


async def release() -> None:
    """teardown: give a replica connection back (the primary's goes back with db.release())."""
    conn = g.pop("report_conn", None)
    if conn is not None and g.pop("report_on_replica", False):
        await current_app.config["REPLICA"].pool.release(conn)
