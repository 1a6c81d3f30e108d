"""Running the jobs the pages and the API ask for: at once, in the app's process, after the response (Quart's
background tasks), with two connections of the pool (one reads a snapshot, one writes the progress). The worker's
run_pending_exports (web/daily.py) claims the same jobs; FOR UPDATE SKIP LOCKED keeps each to one runner. Tests turn this off
(`Config.run_workers`) and drive domain.handover.jobs.run_next_export themselves."""
from __future__ import annotations

import logging
from typing import Any

from quart import current_app

from domain.handover.jobs import run_next_export
from domain.storage import Storage
from web.files import document_store

log = logging.getLogger("koprogo.jobs")


async def drain_exports(pool: Any, storage: Storage, limit: int = 20) -> None:
    """Run pending exports until none is left (at most `limit` in one go)."""
    for _ in range(limit):
        async with pool.acquire() as reader, pool.acquire() as writer:
            if await run_next_export(reader, writer, storage) is None:
                return


def kick_exports() -> None:
    """Start the pending exports after this response, unless the app runs without background work."""
    if current_app.config["KOPROGO"].run_workers:
        current_app.add_background_task(drain_exports, current_app.config["POOL"], document_store())
