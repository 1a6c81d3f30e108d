"""Unauthenticated clients cannot hold memory and sockets: a body is read within a time limit (idle and total), and
its size is bounded by what the route takes — a few KB for login and the other routes open to anyone or sent
without credentials, 1 MB for the API and the forms, 12 MB only where uploads are allowed. An oversized body is
refused as soon as its declared length or its bytes pass the bound, without running the handler."""
from __future__ import annotations

import asyncio
import json
from typing import Any

from tests.factories import api_user, make_building
from tests.web.test_connection import _call, _scope


def _collect(sent: list[dict[str, Any]]) -> tuple[int, bytes]:
    return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])


async def test_a_large_login_body_is_refused_without_running_the_handler(app, conn):
    body = json.dumps({"email": "a@b.be", "password": "x" * 20_000}).encode()
    sent = await _call(app, _scope("/api/v1/auth/login", {}), [{"type": "http.request", "body": body}])
    status, data = _collect(sent)
    assert status == 413 and json.loads(data)["code"] == "TOO_LARGE"
    assert await conn.fetchval("SELECT count(*) FROM login_attempts WHERE email = 'a@b.be'") == 0


async def test_a_declared_length_over_the_bound_is_refused_before_the_body_is_read(app):
    received = []

    async def receive() -> dict[str, Any]:
        received.append(1)
        return {"type": "http.request", "body": b"{", "more_body": True}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = _scope("/api/v1/auth/login", {"Content-Length": str(10 * 1024 * 1024)})
    await asyncio.wait_for(app(scope, receive, send), 2)
    assert sent[0]["status"] == 413 and received == []


async def test_the_api_takes_a_megabyte_and_uploads_twelve(app, conn):
    org, _user, headers = await api_user(conn)
    building = await make_building(conn, org)
    big = json.dumps({"last_name": "Grand", "phone": "1" * (1024 * 1024)}).encode()
    status, _ = _collect(await _call(app, _scope("/api/v1/owners", headers), [{"type": "http.request", "body": big}]))
    assert status == 413
    csv = ("lot;quota;last_name\n" + "".join(f"{i};1;{'N' * 90}\n" for i in range(1, 20_000))).encode()
    assert len(csv) > 1024 * 1024
    scope = _scope(f"/api/v1/buildings/{building.id}/import", {**headers, "Content-Type": "text/csv"})
    status, _ = _collect(await _call(app, scope, [{"type": "http.request", "body": csv}]))
    assert status != 413


async def test_without_credentials_any_route_takes_a_few_kilobytes(app):
    body = json.dumps({"last_name": "x" * 20_000}).encode()
    status, _ = _collect(await _call(app, _scope("/api/v1/owners", {}), [{"type": "http.request", "body": body}]))
    assert status == 413


async def _hanging(app, scope, first: bytes, trickle: bool) -> tuple[list[dict[str, Any]], float]:  # type: ignore[no-untyped-def]
    sent: list[dict[str, Any]] = []
    calls = 0

    async def receive() -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 1:
            return {"type": "http.request", "body": first, "more_body": True}
        if trickle:
            await asyncio.sleep(0.05)
            return {"type": "http.request", "body": b" ", "more_body": True}
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    loop = asyncio.get_running_loop()
    started = loop.time()
    await asyncio.wait_for(app(scope, receive, send), 5)
    return sent, loop.time() - started


async def test_a_body_that_stops_coming_is_cut_off(app, conn):
    app.config.update(BODY_IDLE_TIMEOUT=0.2, BODY_TOTAL_TIMEOUT=2.0)
    sent, took = await _hanging(app, _scope("/api/v1/auth/login", {}), b'{"email": "slow@b.be", ', trickle=False)
    assert sent[0]["status"] == 408 and took < 1.5
    assert await conn.fetchval("SELECT count(*) FROM login_attempts WHERE email = 'slow@b.be'") == 0


async def test_a_body_that_trickles_is_cut_off_at_the_total_limit(app):
    app.config.update(BODY_IDLE_TIMEOUT=0.2, BODY_TOTAL_TIMEOUT=0.5)
    sent, took = await _hanging(app, _scope("/api/v1/auth/login", {}), b"{", trickle=True)
    assert sent[0]["status"] == 408 and 0.4 < took < 2


def test_the_bounds_by_route():
    from web.connection import LARGE, SMALL, UPLOAD, body_limit
    assert body_limit("POST", "/api/v1/auth/login", True) == SMALL
    assert body_limit("POST", "/invitations/abc", True) == SMALL
    assert body_limit("POST", "/api/v1/owners", False) == SMALL
    assert body_limit("POST", "/api/v1/owners", True) == LARGE
    assert body_limit("PUT", "/api/v1/expenses/1/invoice", True) == UPLOAD
    assert body_limit("POST", "/buildings/1/import", True) == UPLOAD
    assert body_limit("POST", "/buildings/1/expenses", True) == UPLOAD
    assert SMALL <= 16 * 1024 and LARGE == 1024 * 1024 and UPLOAD == 12 * 1024 * 1024
