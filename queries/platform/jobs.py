"""The scheduled jobs' bookkeeping (job_runs) and what /metrics reads about the outbox and the jobs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg

from queries.rows import reader
from queries.sql import one


@dataclass(frozen=True)
class JobRun:
    name: str
    next_due_at: datetime
    last_started_at: datetime | None
    last_success_at: datetime | None
    last_status: str | None
    last_error: str | None
    last_result: str | None
    runs: int


_job_run = reader(JobRun)


_ENSURE = "INSERT INTO job_runs (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING"
# the job's row stays locked for as long as it runs: another worker skips it instead of waiting
_CLAIM = "SELECT name FROM job_runs WHERE name = $1 AND next_due_at <= $2 FOR UPDATE SKIP LOCKED"
_DONE = ("UPDATE job_runs SET last_started_at = $2, last_success_at = now(), last_status = 'ok', last_error = NULL, "
         "last_result = $3, runs = runs + 1, next_due_at = $4 WHERE name = $1")
_FAILED = ("UPDATE job_runs SET last_started_at = $2, last_status = 'error', last_error = $3, runs = runs + 1, "
           "next_due_at = $4 WHERE name = $1")
_ALL = "SELECT * FROM job_runs ORDER BY name"
_OUTBOX = """
SELECT count(*) FILTER (WHERE status = 'pending') AS pending,
       coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')), 0)::float8 AS oldest,
       count(*) FILTER (WHERE status = 'failed') AS failed
FROM outbox WHERE status IN ('pending', 'failed')
"""
_PURGE_TOKENS = ("DELETE FROM auth_tokens WHERE coalesce(revoked_at, expires_at) < $1 "
                 "AND id IN (SELECT id FROM auth_tokens WHERE coalesce(revoked_at, expires_at) < $1 LIMIT $2)")


async def ensure(conn: asyncpg.Connection, names: list[str]) -> None:
    """A row for each known job (new jobs are due at once)."""
    await conn.execute(_ENSURE, names)


async def claim(conn: asyncpg.Connection, name: str, now: datetime) -> bool:
    """Lock the job for this transaction when it is due and no other worker holds it."""
    return await conn.fetchval(_CLAIM, name, now) is not None


async def done(conn: asyncpg.Connection, name: str, started: datetime, result: str, next_due: datetime) -> None:
    """A successful run."""
    await conn.execute(_DONE, name, started, result[:1000], next_due)


async def failed(conn: asyncpg.Connection, name: str, started: datetime, error: str, next_due: datetime) -> None:
    """A failed run (tried again at next_due)."""
    await conn.execute(_FAILED, name, started, error[:1000], next_due)


async def all_runs(conn: asyncpg.Connection) -> list[JobRun]:
    """Every job's last run."""
    return [_job_run(r) for r in await conn.fetch(_ALL)]


async def outbox_state(conn: asyncpg.Connection) -> tuple[int, float, int]:
    """Pending messages, the age in seconds of the oldest one, messages given up."""
    row = await one(conn, _OUTBOX)
    return row["pending"], row["oldest"], row["failed"]


async def purge_tokens(conn: asyncpg.Connection, before: datetime, limit: int = 10_000) -> int:
    """Delete at most `limit` sessions and bearer tokens revoked or expired before `before`."""
    status = await conn.execute(_PURGE_TOKENS, before, limit)
    return int(status.split()[-1])


RETENTION = timedelta(days=30)
