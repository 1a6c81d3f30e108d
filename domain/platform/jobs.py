"""Scheduled jobs run by the worker (`python -m web.worker`), safely from several workers at once.

A job is a name, a period and an async function `(conn, now) -> str` (a short summary of what it did). It must
be idempotent: it may run again after a crash, and it is written so that a second run finds nothing left to
do. Each due job is claimed by locking its job_runs row with FOR UPDATE SKIP LOCKED on one connection and run
on another; the lock is held until the run is recorded, so two workers never run the same job at once, and a
worker that dies mid-run releases it (the job is due again and the next worker runs it). The list of jobs is
explicit: web/worker.py JOBS, where each area adds its daily jobs.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import asyncpg

from queries.platform import jobs as q

log = logging.getLogger("koprogo.jobs")
RETRY_AFTER_FAILURE = timedelta(minutes=5)
Run = Callable[[asyncpg.Connection, datetime], Awaitable[str]]


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Run
    description: str = ""


@dataclass(frozen=True)
class Health:
    outbox_pending: int
    outbox_oldest_seconds: float
    outbox_failed: int
    jobs: list[q.JobRun]


async def run_due(lock_conn: asyncpg.Connection, work_conn: asyncpg.Connection, jobs: Sequence[Job],
                  now: datetime | None = None) -> dict[str, str]:
    """Run every job that is due and not held by another worker; returns {name: 'ok: …' | 'error: …'}."""
    await q.ensure(lock_conn, [job.name for job in jobs])
    outcomes: dict[str, str] = {}
    for job in jobs:
        started = now or datetime.now(UTC)
        async with lock_conn.transaction():
            if not await q.claim(lock_conn, job.name, started):
                continue
            try:
                result = await job.run(work_conn, started)
            except Exception as exc:  # noqa: BLE001 - a failed job is recorded and tried again later
                if work_conn is not lock_conn and work_conn.is_in_transaction():
                    await work_conn.execute("ROLLBACK")  # a transaction the job left open
                error = f"{type(exc).__name__}: {exc}"
                log.exception("job %s failed", job.name)
                await q.failed(lock_conn, job.name, started, error, started + min(RETRY_AFTER_FAILURE, job.every))
                outcomes[job.name] = "error: " + error
                continue
            await q.done(lock_conn, job.name, started, result or "", started + job.every)
            log.info("job %s: %s", job.name, result)
            outcomes[job.name] = "ok: " + (result or "")
    return outcomes


async def health(conn: asyncpg.Connection) -> Health:
    """The outbox's queue and every job's last run (for /metrics)."""
    pending, oldest, failed = await q.outbox_state(conn)
    return Health(pending, oldest, failed, await q.all_runs(conn))


async def purge_old_tokens(conn: asyncpg.Connection, now: datetime) -> str:
    """Platform retention: sessions and API tokens revoked or expired more than 30 days ago are deleted
    (they can no longer authenticate anyone; the audit log keeps who did what)."""
    total = 0
    while True:
        deleted = await q.purge_tokens(conn, now - q.RETENTION)
        total += deleted
        if deleted < 10_000:
            return f"{total} old tokens deleted"
