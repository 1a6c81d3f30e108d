"""The worker: `python -m web.worker` (or `koprogo-worker`), started beside the web processes.

It sends the outbox (convocations, minutes, reminders: claimed one at a time with FOR UPDATE SKIP LOCKED, so
that several workers share the queue and a message is never sent twice by two of them) and runs the scheduled
jobs listed in JOBS (claimed the same way, each idempotent: see domain/platform/jobs.py). Stop it with SIGTERM:
it finishes the message or job in hand. Killed mid-send, the message's transaction rolls back and it is sent
again with the same Message-ID, so a mail client shows it once.

Each area adds its daily jobs to JOBS (the reminder ladder, the minutes' deadlines, retention …): a name, a
period and an async function (conn, now) -> str that can safely run twice.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta

import asyncpg

from domain.demo import DemoDatabase, refuse_demo_database
from domain.platform import jobs, mail
from domain.platform.jobs import Job
from domain.platform.outbox import Send, run_worker
from web import daily
from web.config import Config, ConfigError
from web.db import connect
from web.observability import configure_logging

log = logging.getLogger("koprogo.worker")

JOBS: tuple[Job, ...] = (
    Job("purge_old_tokens", timedelta(days=1), jobs.purge_old_tokens,
        "sessions and API tokens revoked or expired more than 30 days ago"),
    Job("erase_expired_personal_data", timedelta(days=1), daily.erase_expired_personal_data,
        "former owners whose retention period ended are erased (documents, personal data)"),
    Job("clean_expired_exports", timedelta(days=1), daily.clean_expired_exports,
        "handover ZIPs past their keeping time are removed"),
    Job("run_pending_exports", timedelta(minutes=1), daily.run_pending_exports,
        "handover exports asked for and not yet run (left by a process that ended, or no background work)"),
    Job("send_reminders", timedelta(days=1), daily.send_reminders,
        "the reminder ladder: each owner's overdue items reminded at the steps their building set"),
)


class Worker:
    """The outbox sender and the job scheduler, side by side, until `stop` is set."""

    def __init__(self, config: Config, job_list: Sequence[Job] = JOBS, send: Send | None = None,
                 outbox_interval: float = 2.0, jobs_interval: float = 60.0) -> None:
        self.config, self.jobs = config, tuple(job_list)
        self.send = send or mail.sender_for(config)
        self.outbox_interval, self.jobs_interval = outbox_interval, jobs_interval

    def _connect(self) -> Callable[[], Awaitable[asyncpg.Connection]]:
        url, cache = self.config.database_url or "", self.config.statement_cache
        return lambda: connect(url, cache)

    async def run_jobs(self, stop: asyncio.Event) -> None:
        """Every `jobs_interval` seconds, run the due jobs (reconnecting after a database error)."""
        lock_conn = work_conn = None
        while not stop.is_set():
            try:
                lock_conn = lock_conn or await self._connect()()
                work_conn = work_conn or await self._connect()()
                await jobs.run_due(lock_conn, work_conn, self.jobs)
            except Exception:  # the worker outlives any one failure
                log.exception("scheduled jobs")
                for c in (lock_conn, work_conn):
                    if c is not None:
                        c.terminate()
                lock_conn = work_conn = None
            try:
                await asyncio.wait_for(stop.wait(), self.jobs_interval)
            except TimeoutError:
                pass
        for c in (lock_conn, work_conn):
            if c is not None:
                await c.close()

    async def run(self, stop: asyncio.Event) -> None:
        """The outbox and the jobs until `stop` is set."""
        await asyncio.gather(run_worker(self._connect(), self.send, stop, self.outbox_interval),
                             self.run_jobs(stop))


async def start_beside(config: Config) -> Callable[[], Awaitable[None]]:
    """`make run`'s sidecar: the same worker in the web server's process (web/sidecars.py)."""
    if not config.run_workers:
        async def nothing() -> None:
            return None
        return nothing
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(config).run(stop))

    async def stopper() -> None:
        stop.set()
        await task
    return stopper


async def serve(config: Config) -> None:
    """The worker process: refuse a demo database in production, then run until SIGTERM or SIGINT."""
    if not config.development:
        conn = await connect(config.database_url or "", config.statement_cache)
        try:
            await refuse_demo_database(conn)
        finally:
            await conn.close()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    log.info("worker started: outbox via %s:%s%s, jobs %s", config.smtp_host, config.smtp_port,
             " (STARTTLS)" if config.smtp_starttls else "", ", ".join(j.name for j in JOBS))
    await Worker(config).run(stop)
    log.info("worker stopped")


def main() -> None:
    try:
        config = Config.production()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(2) from None
    configure_logging(config.log_format)
    try:
        asyncio.run(serve(config))
    except DemoDatabase as exc:
        print(exc, file=sys.stderr)
        raise SystemExit(3) from None


if __name__ == "__main__":
    main()
