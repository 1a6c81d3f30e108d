"""`make run` sidecars of the assemblies: a local catch-all SMTP server and the outbox worker; and the dev page
where the syndic reads what the catch-all received."""
from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable

from quart import Blueprint, current_app

from domain.access import require
from domain.errors import NotFound
from domain.platform import mail
from domain.platform.outbox import run_worker
from web.auth import current_actor
from web.config import Config
from web.db import connect
from web.htmx import page

bp = Blueprint("dev_mail", __name__)
log = logging.getLogger("koprogo")
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex((host, port)) != 0


async def start_catch_all(config: Config) -> Callable[[], Awaitable[None]]:
    """Start the catch-all SMTP server on the configured local address (unless something already listens)."""
    async def nothing() -> None:
        return None
    if config.smtp_host not in LOCAL_HOSTS or not _port_free(config.smtp_host, config.smtp_port):
        return nothing
    controller, handler = await asyncio.to_thread(mail.start_catch_all, config.smtp_host, config.smtp_port)
    mail.RUNNING["catch_all"] = handler
    print(f"SMTP de développement : {config.smtp_host}:{config.smtp_port} (messages sur /dev/mail)", flush=True)

    async def stop() -> None:
        mail.RUNNING.pop("catch_all", None)
        await asyncio.to_thread(controller.stop)
    return stop


async def start_outbox_worker(config: Config) -> Callable[[], Awaitable[None]]:
    """Drain the outbox in the background through the configured SMTP server."""
    if not config.run_workers:
        async def nothing() -> None:
            return None
        return nothing
    stop_event = asyncio.Event()
    url = config.database_url or ""
    sender = mail.smtp_sender(config.smtp_host, config.smtp_port, config.mail_from)
    task = asyncio.create_task(run_worker(lambda: connect(url), sender, stop_event))

    async def stop() -> None:
        stop_event.set()
        await task
    return stop


@bp.get("/dev/mail")
async def caught():  # type: ignore[no-untyped-def]
    member = require(current_actor(), "dev_mail.read")
    handler = mail.RUNNING.get("catch_all")
    if handler is None and not current_app.config["KOPROGO"].dev_pages:
        raise NotFound("page")
    return await page("meetings/dev_mail.html", messages=handler.of_organization(member.org_id) if handler else [])
