"""What an operator sees: a request id on every request (sent back as X-Request-ID, shown on the error page,
written in every log line of the request), Prometheus metrics on /metrics, and JSON logs in production.

nginx gives each request an id ($request_id) and passes it as X-Request-ID; it is kept only from a trusted
proxy (web/proxy.py), otherwise the app makes one. /metrics is never public: it answers a scrape made on this
machine straight to the app (no proxy headers, from a loopback address), or a request carrying
`Authorization: Bearer $KOPROGO_METRICS_TOKEN`; nginx refuses the path as well.
"""
from __future__ import annotations

import contextvars
import hmac
import json
import logging
import secrets
import sys
import time
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from quart import Blueprint, Quart, Response, current_app, g, request
from quart.typing import ResponseReturnValue

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
REGISTRY = CollectorRegistry()
BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
REQUEST_SECONDS = Histogram("koprogo_http_request_duration_seconds", "Time to answer a request, by route",
                            ("method", "route"), buckets=BUCKETS, registry=REGISTRY)
RESPONSES = Counter("koprogo_http_responses_total", "Responses by route and status", ("method", "route", "status"),
                    registry=REGISTRY)
ERRORS = Counter("koprogo_http_errors_total", "Responses with a 5xx status, by route", ("method", "route"),
                 registry=REGISTRY)
POOL_SIZE = Gauge("koprogo_db_pool_connections", "Connections the pool holds", registry=REGISTRY)
POOL_IDLE = Gauge("koprogo_db_pool_idle_connections", "Connections of the pool not in use", registry=REGISTRY)
POOL_MAX = Gauge("koprogo_db_pool_max_connections", "Most connections the pool may hold", registry=REGISTRY)
OUTBOX_DEPTH = Gauge("koprogo_outbox_pending", "E-mails waiting to be sent", registry=REGISTRY)
OUTBOX_OLDEST = Gauge("koprogo_outbox_oldest_pending_seconds", "Age of the oldest e-mail waiting", registry=REGISTRY)
OUTBOX_FAILED = Gauge("koprogo_outbox_failed", "E-mails given up (refused by the server or out of retries)",
                      registry=REGISTRY)
JOB_SUCCESS = Gauge("koprogo_job_last_success_timestamp_seconds", "When each scheduled job last succeeded",
                    ("job",), registry=REGISTRY)
JOB_OK = Gauge("koprogo_job_last_run_ok", "1 when the job's last run succeeded, 0 when it failed", ("job",),
               registry=REGISTRY)
JOB_RUNS = Gauge("koprogo_job_runs", "Runs of each scheduled job so far", ("job",), registry=REGISTRY)
_VALID_ID = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
_children: dict[tuple[str, str], Any] = {}  # label lookups cached: the hooks run on every request
_counters: dict[tuple[tuple[str, str], int], Any] = {}

bp = Blueprint("metrics", __name__)


def new_request_id(scope: Mapping[str, Any]) -> str:
    """The proxy's id when a trusted proxy sent a sane one, otherwise a new random one."""
    given = scope.get("koprogo.request_id")
    if given and 8 <= len(given) <= 64 and _VALID_ID.issuperset(given):
        return given
    return secrets.token_hex(8)


async def _start() -> None:
    g.t0 = time.perf_counter()
    g.request_id = rid = new_request_id(request.scope)
    request_id_var.set(rid)


async def _finish(response: Response) -> Response:
    rule = request.url_rule
    route = rule.rule if rule is not None else "unmatched"
    key = (request.method, route)
    child = _children.get(key)
    if child is None:
        child = _children[key] = REQUEST_SECONDS.labels(*key)
    child.observe(time.perf_counter() - g.get("t0", time.perf_counter()))
    status = response.status_code
    counted = _counters.get((key, status))
    if counted is None:
        counted = _counters[(key, status)] = RESPONSES.labels(request.method, route, str(status))
    counted.inc()
    if status >= 500:
        ERRORS.labels(*key).inc()
    response.headers.add("X-Request-ID", g.get("request_id") or "")
    return response


def install(app: Quart) -> None:
    """The request id and the metrics hooks (first before, last after every other hook)."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    app.after_request(_finish)


def _allowed() -> bool:
    token = current_app.config["KOPROGO"].metrics_token
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].strip(), token):
        return True
    direct = not request.scope.get("koprogo.proxied") and "X-Forwarded-For" not in request.headers
    return direct and (request.remote_addr or "") in ("127.0.0.1", "::1")


@bp.get("/metrics")
async def metrics() -> ResponseReturnValue:
    if not _allowed():
        return Response("not found\n", 404, content_type="text/plain")
    pool = current_app.config["POOL"]
    if hasattr(pool, "get_size"):
        POOL_SIZE.set(pool.get_size())
        POOL_IDLE.set(pool.get_idle_size())
        POOL_MAX.set(pool.get_max_size())
    from domain.platform.jobs import health
    async with pool.acquire() as conn:
        state = await health(conn)
    OUTBOX_DEPTH.set(state.outbox_pending)
    OUTBOX_OLDEST.set(state.outbox_oldest_seconds)
    OUTBOX_FAILED.set(state.outbox_failed)
    for job in state.jobs:
        if job.last_success_at is not None:
            JOB_SUCCESS.labels(job.name).set(job.last_success_at.timestamp())
        JOB_OK.labels(job.name).set(1 if job.last_status == "ok" else 0)
        JOB_RUNS.labels(job.name).set(job.runs)
    return Response(generate_latest(REGISTRY), 200, content_type=CONTENT_TYPE_LATEST)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request id when there is one, the error."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {"ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                                 "level": record.levelname.lower(), "logger": record.name,
                                 "message": record.getMessage()}
        rid = request_id_var.get()
        if rid:
            entry["request_id"] = rid
        if record.exc_info:
            entry["error"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(log_format: str = "text", level: int = logging.INFO) -> None:
    """JSON lines on stderr in production (KOPROGO_LOG_FORMAT=json), readable text in development."""
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("weasyprint", "fontTools", "weasyprint.progress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
