"""The daily jobs of the documents, personal-data and handover areas, run once by `python -m web.daily` (cron,
a systemd timer, or issue 15's worker: each entry of DAILY is an idempotent async `(conn, storage) -> report`
that can go straight into its JOBS tuple). Each job commits its own work; running twice a day does no harm."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg

from domain.handover.jobs import remove_expired_exports
from domain.privacy.erasure import erase_expired
from domain.storage import Storage, storage_from_env
from web.config import Config
from web.db import connect

log = logging.getLogger("koprogo.daily")
DailyJob = Callable[[asyncpg.Connection, Storage], Awaitable[Any]]


async def erase_expired_personal_data(conn: asyncpg.Connection, storage: Storage) -> dict[str, int]:
    """Former owners whose retention ended: erased (domain.privacy.erasure.erase_expired)."""
    report = await erase_expired(conn, storage)
    return {"erased": len(report.erased), "waiting": report.waiting}


async def clean_expired_exports(conn: asyncpg.Connection, storage: Storage) -> dict[str, int]:
    """Handover ZIPs past their keeping time: removed (domain.handover.jobs.remove_expired_exports)."""
    return {"removed": await remove_expired_exports(conn, storage)}


DAILY: tuple[DailyJob, ...] = (erase_expired_personal_data, clean_expired_exports)


async def run_daily(conn: asyncpg.Connection, storage: Storage) -> dict[str, Any]:
    """Every daily job once, in order; one failing is logged and the others still run."""
    reports: dict[str, Any] = {}
    for job in DAILY:
        try:
            reports[job.__name__] = await job(conn, storage)
        except Exception as error:  # noqa: BLE001 - a job's failure is reported, the next one runs
            log.exception("daily job %s failed", job.__name__)
            reports[job.__name__] = {"error": f"{type(error).__name__}: {error}"}
    return reports


async def main() -> None:
    """Connect to DATABASE_URL, use the configured file store, run the daily jobs, print what they did."""
    config = Config()
    if not config.database_url:
        raise SystemExit("DATABASE_URL is not set")
    conn = await connect(config.database_url)
    try:
        for name, report in (await run_daily(conn, storage_from_env(Path(config.var_dir)))).items():
            print(f"{name}: {report}", flush=True)
    finally:
        await conn.close()


if __name__ == "__main__":
    asyncio.run(main())
