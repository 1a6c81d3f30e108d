"""The outbox worker: sends due messages one by one, records failures and retries them with back-off.

A message is claimed with FOR UPDATE SKIP LOCKED inside a transaction held while it is sent: if the process dies,
the transaction rolls back and the message stays pending (at-least-once delivery, nothing lost).
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import asyncpg

from queries.platform import outbox as q

log = logging.getLogger("koprogo.outbox")
MAX_ATTEMPTS = 8
BASE_DELAY = timedelta(seconds=30)
MAX_DELAY = timedelta(hours=6)
Send = Callable[[q.Message], Awaitable[None]]


class Refused(Exception):
    """The mail server refused a message for good (a 5xx answer: unknown mailbox, rejected content…): it is
    marked failed at once instead of being retried for hours, and the syndic sees the server's answer."""


def backoff(attempts: int) -> timedelta:
    """Delay before the next try after `attempts` failures: 30 s, 1 min, 2 min … at most 6 h."""
    return min(BASE_DELAY * (2 ** max(attempts - 1, 0)), MAX_DELAY)


async def deliver_one(conn: asyncpg.Connection, send: Send, now: datetime | None = None) -> str | None:
    """Try the next due message: 'sent', 'retry', 'failed', or None when nothing is due."""
    now = now or datetime.now(UTC)
    async with conn.transaction():
        message = await q.claim_due(conn, now)
        if message is None:
            return None
        try:
            await send(message)
        except Exception as exc:  # noqa: BLE001 - any SMTP or network failure is recorded and retried
            attempts = message.attempts + 1
            status = "failed" if attempts >= MAX_ATTEMPTS or isinstance(exc, Refused) else "pending"
            await q.mark_failed(conn, message.id, status, now + backoff(attempts), f"{type(exc).__name__}: {exc}")
            log.warning("outbox %s to %s failed (%s): %s", message.id, message.recipient, attempts, exc)
            return "retry" if status == "pending" else "failed"
        await q.mark_sent(conn, message.id, now)
        return "sent"


async def drain(conn: asyncpg.Connection, send: Send, now: datetime | None = None, limit: int = 100) -> list[str]:
    """Deliver every message due now (at most `limit`)."""
    outcomes: list[str] = []
    while len(outcomes) < limit:
        outcome = await deliver_one(conn, send, now)
        if outcome is None:
            break
        outcomes.append(outcome)
    return outcomes


async def run_worker(connect: Callable[[], Awaitable[asyncpg.Connection]], send: Send, stop: asyncio.Event,
                     interval: float = 2.0) -> None:
    """Drain the outbox every `interval` seconds until `stop` is set (reconnects after a database error)."""
    conn = None
    while not stop.is_set():
        try:
            conn = conn or await connect()
            await drain(conn, send)
        except Exception:  # the worker must outlive any one failure: it logs, reconnects and goes on
            log.exception("outbox worker")
            if conn is not None:
                conn.terminate()
            conn = None
        try:
            await asyncio.wait_for(stop.wait(), interval)
        except TimeoutError:
            pass
    if conn is not None:
        await conn.close()
