"""The handover export as a job: asked for on the page or the API, run off the request by whoever claims it
first (the app's background task at once, or a worker), with its progress shown, its ZIP kept `KEEP` and then
removed by the daily clean-up.

`run_next_export(reader, writer, storage)` claims one pending export FOR UPDATE SKIP LOCKED (idempotent: a job is
claimed once; nothing pending is a no-op) and `remove_expired_exports(conn, storage)` is the daily clean-up; the
worker runs both (web/daily.py, listed in web/worker.py JOBS)."""
from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import Conflict, NotFound
from domain.handover import archive
from domain.i18n import _
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.storage import Storage, new_key
from queries.handover import jobs as q
from queries.handover.jobs import Job as Job

KEEP = timedelta(days=7)  # how long an export's ZIP is kept
STALE = timedelta(hours=2)  # a job still running after this was left by a process that ended
log = logging.getLogger("koprogo.jobs")


async def request_export(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None) -> q.Job:
    """The syndic asks for the handover ZIP of a building (or, without one, of the whole organisation)."""
    member = require(actor, "handover.export", building_id)
    if building_id is not None:
        await get_building(conn, member, building_id)
    async with conn.transaction():
        job = await q.insert(conn, member.org_id, "export", building_id, member.user_id)
        await record(conn, member, "request_export", "job", job.id, None, {"building_id": building_id})
    return job


async def get_job(conn: asyncpg.Connection, actor: Actor, job_id: UUID) -> q.Job:
    """One job of the organisation (its progress, then its result)."""
    member = require(actor, "handover.export")
    job = await q.get(conn, member.org_id, job_id)
    if job is None or (job.building_id is not None and not member.reaches(job.building_id)):
        raise NotFound("job", job_id)
    return job


async def recent_exports(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None) -> list[q.Job]:
    """The latest exports asked for (of a building)."""
    member = require(actor, "handover.export", building_id)
    return await q.recent(conn, member.org_id, building_id)


async def export_file(conn: asyncpg.Connection, actor: Actor, storage: Storage, job_id: UUID) -> tuple[str, bytes]:
    """The finished export's ZIP (409 while it runs, 404 once expired): file name and bytes."""
    job = await get_job(conn, actor, job_id)
    if job.status in ("pending", "running"):
        raise Conflict(_("L'export est en cours."))
    data = await storage.get(job.result_key) if job.status == "done" and job.result_key else None
    if data is None:
        raise NotFound("export", job_id)
    return f"koprogo-transfert-{job.created_at:%Y-%m-%d}-{str(job.id)[:8]}.zip", data


async def run_next_export(reader: asyncpg.Connection, writer: asyncpg.Connection, storage: Storage) -> UUID | None:
    """Claim the oldest pending export of any organisation and run it: its tables read in one snapshot on
    `reader` (unless it is `writer`, as in the tests), its progress written on `writer` as it goes. Returns the
    job's id, or None when nothing was pending."""
    claimed = await q.claim(writer)
    if claimed is None:
        return None
    job, org_name = claimed
    buildings = [job.building_id] if job.building_id else None

    async def progress(step: str, done: int, total: int) -> None:
        await q.progress(writer, job.organization_id, job.id, step, done, total)

    try:
        if reader is writer:
            data = await archive.build(reader, job.organization_id, org_name, buildings, storage, progress)
        else:
            async with reader.transaction(isolation="repeatable_read", readonly=True):
                data = await archive.build(reader, job.organization_id, org_name, buildings, storage, progress)
        key = new_key("exports", job.organization_id, "zip")
        await storage.put(key, data)
        await q.finish(writer, job.organization_id, job.id, key, len(data), hashlib.sha256(data).hexdigest(), KEEP)
    except Exception as error:  # noqa: BLE001 - the job records why; the worker goes on
        log.exception("export %s failed", job.id)
        await q.fail(writer, job.organization_id, job.id, f"{type(error).__name__}: {error}")
    return job.id


async def remove_expired_exports(conn: asyncpg.Connection, storage: Storage, now: datetime | None = None) -> int:
    """Daily job: exports past `KEEP` are removed from the store and marked expired; jobs left running by a
    process that ended are failed. Idempotent. Returns how many files were removed."""
    now = now or datetime.now(UTC)
    keys = await q.expire(conn, now)
    for key in keys:
        await storage.delete(key)
    await q.fail_stale(conn, now - STALE)
    return len(keys)
