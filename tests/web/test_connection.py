"""web/connection.py: the body is read before the handler runs, in the server's task, with Quart's guarantees
kept: a body in several pieces arrives whole, a body over the limit answers 413 and writes nothing, and a client
gone before its body arrived gets no handler run at all."""
from __future__ import annotations

import json
from typing import Any

from tests.factories import api_user

LIMIT = 12 * 1024 * 1024


def _scope(path: str, headers: dict[str, str], method: str = "POST") -> dict[str, Any]:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
            "headers": [(b"host", b"localhost"), (b"content-type", b"application/json"),
                        *[(k.lower().encode(), v.encode()) for k, v in headers.items()]],
            "client": ("127.0.0.1", 40000), "server": ("localhost", 80), "extensions": {}}


async def _call(app, scope: dict[str, Any], messages: list[dict[str, Any]]) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """Run one request through the app's ASGI interface; what it sent back."""
    pending, sent = list(messages), []

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return sent


async def _owners_named(conn, org, last_name: str) -> int:  # type: ignore[no-untyped-def]
    return await conn.fetchval("SELECT count(*) FROM owners WHERE organization_id = $1 AND last_name = $2",
                               org.id, last_name)


async def test_a_body_in_pieces_arrives_whole(app, conn):
    org, _user, headers = await api_user(conn)
    body = json.dumps({"first_name": "Anne", "last_name": "Morceaux", "email": "anne@example.be"}).encode()
    pieces = [body[:7], body[7:20], body[20:]]
    messages = [{"type": "http.request", "body": p, "more_body": i < 2} for i, p in enumerate(pieces)]
    sent = await _call(app, _scope("/api/v1/owners", headers), messages)
    assert sent[0]["type"] == "http.response.start" and sent[0]["status"] == 201
    created = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert (created["first_name"], created["last_name"]) == ("Anne", "Morceaux")
    assert await _owners_named(conn, org, "Morceaux") == 1


async def test_a_body_over_the_limit_is_refused_and_writes_nothing(client, conn):
    org, _user, headers = await api_user(conn)
    padding = "x" * (LIMIT + 10)
    resp = await client.post("/api/v1/owners", headers=headers,
                             json={"first_name": "Trop", "last_name": "Gros", "notes": padding})
    assert resp.status_code == 413
    assert (await resp.get_json())["code"] == "TOO_LARGE"
    assert await _owners_named(conn, org, "Gros") == 0


async def test_a_client_gone_before_its_body_gets_no_answer_and_no_write(app, conn):
    org, _user, headers = await api_user(conn)
    half = b'{"first_name": "Parti", "last_name": "Tot'
    sent = await _call(app, _scope("/api/v1/owners", headers),
                       [{"type": "http.request", "body": half, "more_body": True}, {"type": "http.disconnect"}])
    assert sent == []
    assert await _owners_named(conn, org, "Tot") == 0


async def test_an_in_memory_response_goes_out_as_head_and_whole_body(app, conn):
    _org, _user, headers = await api_user(conn)
    sent = await _call(app, _scope("/api/v1/buildings", headers, "GET"), [{"type": "http.request", "body": b""}])
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 200 and sent[1]["more_body"] is False
    body = json.loads(sent[1]["body"])
    assert body["data"] == [] and body["pagination"]["total_items"] == 0


async def test_a_ranged_in_memory_body_sends_only_its_range_and_files_keep_quarts_path(app):
    from quart import Response

    from web.connection import BodyFirstConnection
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    response = Response(b"0123456789", content_type="text/plain")
    await response.response.make_conditional(2, 5)
    await BodyFirstConnection(app, _scope("/", {}, "GET"))._send_response(send, response)
    assert [m.get("body") for m in sent] == [None, b"234"]

    client = app.test_client()
    whole = await client.get("/static/app.css")
    part = await client.get("/static/app.css", headers={"Range": "bytes=0-9"})
    assert whole.status_code == 200 and part.status_code == 206
    assert await part.get_data() == (await whole.get_data())[:10]
