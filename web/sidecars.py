"""The services started beside `make run`'s web server, in order: async starters taking the config and
returning an async stop function."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from web.config import Config
from web.views.platform.dev_mail import start_catch_all
from web.worker import start_beside as start_worker

Starter = Callable[[Config], Awaitable[Callable[[], Awaitable[None]]]]
SIDECARS: list[Starter] = [start_catch_all, start_worker]  # the worker: the outbox and the scheduled jobs
