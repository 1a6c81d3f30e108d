"""The scheduled jobs of the documents, personal-data and handover areas, in the worker's shape (`(conn, now) ->
str`, idempotent, each committing its own work): web/worker.py lists them in JOBS. `python -m web.daily` runs the
daily ones once (for cron or a systemd timer where no worker runs); running them twice a day does no harm.

The file store is the configured one (domain.storage.storage_from_env); the tests pass their own."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import asyncpg

from domain.handover.jobs import remove_expired_exports, run_next_export
from domain.privacy.erasure import erase_expired
from domain.storage import Storage, storage_from_env
from web.config import Config
from web.db import connect

log = logging.getLogger("koprogo.daily")
Run = Callable[[asyncpg.Connection, datetime], Awaitable[str]]


def configured_storage() -> Storage:
    return storage_from_env(Path(Config().var_dir))


async def erase_expired_personal_data(conn: asyncpg.Connection, now: datetime, storage: Storage | None = None) -> str:
    """Former owners whose retention ended: erased (domain.privacy.erasure.erase_expired)."""
    report = await erase_expired(conn, storage or configured_storage(), now.date())
    return f"{len(report.erased)} erased, {report.waiting} waiting"


async def clean_expired_exports(conn: asyncpg.Connection, now: datetime, storage: Storage | None = None) -> str:
    """Handover ZIPs past their keeping time: removed (domain.handover.jobs.remove_expired_exports)."""
    return f"{await remove_expired_exports(conn, storage or configured_storage(), now)} removed"


async def run_pending_exports(conn: asyncpg.Connection, now: datetime, storage: Storage | None = None,
                              reader: asyncpg.Connection | None = None, limit: int = 20) -> str:
    """Handover exports asked for and not yet run (the app runs them after the response; this catches those a
    process left behind, or all of them when the app runs without background work). Each export's tables are
    read in one snapshot on a second connection; its progress is written on `conn`."""
    store, done = storage or configured_storage(), 0
    snapshot = reader or await connect(Config().database_url or "")
    try:
        while done < limit and await run_next_export(snapshot, conn, store) is not None:
            done += 1
    finally:
        if reader is None:
            await snapshot.close()
    return f"{done} exported"


DAILY: tuple[Run, ...] = (erase_expired_personal_data, clean_expired_exports)


async def run_daily(conn: asyncpg.Connection, jobs: tuple[Run, ...] = DAILY) -> dict[str, str]:
    """Every daily job once, in order; one failing is logged and the others still run."""
    reports: dict[str, str] = {}
    for job in jobs:
        try:
            reports[job.__name__] = "ok: " + await job(conn, datetime.now(UTC))
        except Exception as error:  # noqa: BLE001 - a job's failure is reported, the next one runs
            log.exception("daily job %s failed", job.__name__)
            reports[job.__name__] = f"error: {type(error).__name__}: {error}"
    return reports


async def main() -> None:
    """Connect to DATABASE_URL, run the daily jobs, print what they did."""
    config = Config()
    if not config.database_url:
        raise SystemExit("DATABASE_URL is not set")
    conn = await connect(config.database_url)
    try:
        for name, report in (await run_daily(conn)).items():
            print(f"{name}: {report}", flush=True)
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main())


async def send_reminders(conn: asyncpg.Connection, now: datetime) -> str:
    """The reminder ladder's due steps in every building (domain.collection.arrears.run_reminders), the letters
    written in an app context (templates, the owners' languages)."""
    from domain.collection.arrears import run_reminders
    from web.app import create_app
    from web.documents.reminders import compose_letter
    app = create_app(Config())
    async with app.app_context():
        return await run_reminders(conn, now, compose_letter)
