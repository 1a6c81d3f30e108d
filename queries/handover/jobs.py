"""Jobs run off the request (the handover export): requested, claimed FOR UPDATE SKIP LOCKED, their progress,
their result and its expiry."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import asyncpg

from queries.rows import reader
from queries.sql import one


@dataclass(frozen=True)
class Job:
    id: UUID
    organization_id: UUID
    kind: str
    building_id: UUID | None
    status: str
    step: str | None
    progress: int
    total: int
    result_key: str | None
    result_size: int | None
    result_sha256: str | None
    error: str | None
    requested_by: UUID | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    expires_at: datetime | None


_job = reader(Job)
_COLUMNS = ("id, organization_id, kind, building_id, status, step, progress, total, result_key, result_size, "
            "result_sha256, error, requested_by, created_at, started_at, finished_at, expires_at")
_INSERT = (f"INSERT INTO jobs (organization_id, kind, building_id, requested_by) VALUES ($1, $2, $3, $4) "
           f"RETURNING {_COLUMNS}")
_GET = f"SELECT {_COLUMNS} FROM jobs WHERE organization_id = $1 AND id = $2"
_RECENT = (f"SELECT {_COLUMNS} FROM jobs WHERE organization_id = $1 AND ($2::uuid IS NULL OR building_id = $2) "
           f"ORDER BY created_at DESC LIMIT 10")
_CLAIM = f"""
UPDATE jobs SET status = 'running', started_at = now()
 WHERE (organization_id, id) = (SELECT organization_id, id FROM jobs WHERE status = 'pending'
                                 ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING {_COLUMNS}, (SELECT name FROM organizations o WHERE o.id = jobs.organization_id) AS org_name
"""
_PROGRESS = "UPDATE jobs SET step = $3, progress = $4, total = $5 WHERE organization_id = $1 AND id = $2"
_FINISH = """
UPDATE jobs SET status = 'done', result_key = $3, result_size = $4, result_sha256 = $5, finished_at = now(),
       expires_at = now() + $6::interval, progress = total
 WHERE organization_id = $1 AND id = $2
"""
_FAIL = "UPDATE jobs SET status = 'failed', error = $3, finished_at = now() WHERE organization_id = $1 AND id = $2"
_EXPIRE = """
UPDATE jobs SET status = 'expired', result_key = NULL WHERE status = 'done' AND expires_at <= $1
"""
_STALE = """
UPDATE jobs SET status = 'failed', error = 'stopped before the end (the process ended)', finished_at = now()
 WHERE status = 'running' AND started_at < $1
"""
_EXPIRED_KEYS = "SELECT result_key FROM jobs WHERE status = 'done' AND expires_at <= $1"


async def insert(conn: asyncpg.Connection, org_id: UUID, kind: str, building_id: UUID | None,
                 user_id: UUID) -> Job:
    """A job to run."""
    return _job(await one(conn, _INSERT, org_id, kind, building_id, user_id))


async def get(conn: asyncpg.Connection, org_id: UUID, job_id: UUID) -> Job | None:
    """One job of the organisation."""
    row = await conn.fetchrow(_GET, org_id, job_id)
    return _job(row) if row else None


async def recent(conn: asyncpg.Connection, org_id: UUID, building_id: UUID | None) -> list[Job]:
    """The latest jobs (of a building)."""
    return [_job(r) for r in await conn.fetch(_RECENT, org_id, building_id)]


async def claim(conn: asyncpg.Connection) -> tuple[Job, str | None] | None:
    """The oldest pending job of any organisation, now running (another worker skips it), with its org's name."""
    row = await conn.fetchrow(_CLAIM)
    return (_job(row), row["org_name"]) if row else None


async def progress(conn: asyncpg.Connection, org_id: UUID, job_id: UUID, step: str, done: int, total: int) -> None:
    """Where the job is."""
    await conn.execute(_PROGRESS, org_id, job_id, step[:100], done, total)


async def finish(conn: asyncpg.Connection, org_id: UUID, job_id: UUID, key: str, size: int, sha256: str,
                 keep: timedelta) -> None:
    """Done: the result's key, size and hash, kept for `keep`."""
    await conn.execute(_FINISH, org_id, job_id, key, size, sha256, keep)


async def fail(conn: asyncpg.Connection, org_id: UUID, job_id: UUID, error: str) -> None:
    """Failed, with why."""
    await conn.execute(_FAIL, org_id, job_id, error[:1000])


async def expire(conn: asyncpg.Connection, now: datetime) -> list[str]:
    """Results past their time: marked expired; their keys, to remove from the store."""
    keys = [r["result_key"] for r in await conn.fetch(_EXPIRED_KEYS, now)]
    await conn.execute(_EXPIRE, now)
    return [k for k in keys if k]


async def fail_stale(conn: asyncpg.Connection, started_before: datetime) -> None:
    """Jobs left running by a process that ended are failed (they can be asked again)."""
    await conn.execute(_STALE, started_before)
