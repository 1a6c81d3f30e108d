"""Token revocations seen by every process at once.

Each app process keeps a short in-memory cache of token → actor (domain.platform.users.token_cache) so that
most requests skip the token lookup. Migration 0161's triggers notify 'koprogo_auth' whenever a token is
revoked or switched, a role is given or taken away, or an account or organisation changes; this module keeps
one LISTEN connection per process and evicts what the notification names as soon as it arrives (well under a
millisecond on one machine, long before the revoking user's next request). While that connection is down the
cache is suspended: every request reads its token from the database, so nothing is ever served from a cache
that could have missed a revocation.

LISTEN needs a session of its own: behind PgBouncer in transaction mode it must go straight to PostgreSQL
(KOPROGO_LISTEN_URL; DATABASE_URL when unset).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from uuid import UUID

import asyncpg

from domain.platform.users import TokenCache, token_cache

log = logging.getLogger("koprogo.revocation")
CHANNEL = "koprogo_auth"


def apply(cache: TokenCache, payload: str) -> None:
    """Evict what one notification names: 'token:<id>', 'user:<id>' or 'all'."""
    kind, _, value = payload.partition(":")
    try:
        if kind == "token":
            cache.evict(UUID(value))
        elif kind == "user":
            cache.evict_user(UUID(value))
        else:
            cache.clear()
    except ValueError:
        cache.clear()


class Listener:
    """One LISTEN connection, reconnected after any failure; the cache is suspended while it is down."""

    def __init__(self, connect: Callable[[], Awaitable[asyncpg.Connection]], cache: TokenCache = token_cache,
                 retry: float = 1.0) -> None:
        self.connect, self.cache, self.retry = connect, cache, retry
        self.conn: asyncpg.Connection | None = None
        self.lost = asyncio.Event()
        self.task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()
        self._was_suspended = cache.suspended

    def _notified(self, _conn: object, _pid: int, _channel: str, payload: object) -> None:
        apply(self.cache, str(payload))

    def _terminated(self, _conn: object) -> None:
        self.cache.suspend()
        self.connected.clear()
        self.lost.set()

    async def _run(self) -> None:
        while True:
            self.cache.suspend()
            try:
                self.conn = await self.connect()
                self.lost.clear()
                self.conn.add_termination_listener(self._terminated)
                await self.conn.add_listener(CHANNEL, self._notified)
                self.cache.resume()
                self.connected.set()
                await self.lost.wait()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - the database may be restarting: try again
                log.warning("revocation listener: %s; token cache suspended", exc)
            finally:
                self.cache.suspend()
                self.connected.clear()
                if self.conn is not None and not self.conn.is_closed():
                    self.conn.terminate()
                self.conn = None
            await asyncio.sleep(self.retry)

    def start(self) -> None:
        """Listen in the background (the cache stays suspended until the first LISTEN succeeds)."""
        self._was_suspended = self.cache.suspended
        self.cache.suspend()
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Stop listening; the cache is emptied and left as it was before start()."""
        if self.task is not None:
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
        self.cache.suspend()
        if not self._was_suspended:
            self.cache.resume()
