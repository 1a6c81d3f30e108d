"""How one HTTP request goes from the ASGI server to Quart: the body first, then the handler, in one task.

Quart's own `ASGIHTTPConnection` runs every request as two extra tasks (one reading the body, one handling)
joined by `asyncio.wait` and cancelled afterwards, so that a client who hangs up mid-request cancels its
handler. Our requests are small (bounded by MAX_CONTENT_LENGTH) and every write is one transaction that either
commits or rolls back, so the handler may as well finish: reading the body first, then handling, in the
server's own task, does the same work for ~35 µs less of the worker's CPU per request (measured on a bare
"hello": 0.27 → 0.23 ms), about 4 % of the benchmark mix.

Kept from Quart: the body is buffered through the request's `Body` (so `MAX_CONTENT_LENGTH` still answers 413,
raised inside the handler where the error handlers see it), and a client gone before its body arrived is not
handled at all.

On the way out, a response held in memory (every page, fragment and JSON body) goes to the server as two ASGI
messages, the head and the whole body, instead of Quart's three (head, body, empty end) through an async
iterator; streamed and file responses keep Quart's path.

Since the body is read before anyone is authenticated, reading it is bounded, so that a client cannot hold a
worker's memory or sockets: a body must keep coming (BODY_IDLE_TIMEOUT between pieces) and arrive whole within
BODY_TOTAL_TIMEOUT (longer where uploads go), else 408 and no handler runs; and its size is bounded by the route
(`body_limit`): a few KB for the routes open to anyone (login, invitations, language) and for any request sent
without credentials, 1 MB for the API and the forms, 12 MB only where files are uploaded. A declared length over
the bound is refused at once (413) without reading; a body growing past it is refused as soon as it does.
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import Mapping
from typing import Any

import orjson
from quart.asgi import ASGIHTTPConnection
from quart.utils import encode_headers
from quart.wrappers.response import DataBody, Response

SMALL = 16 * 1024  # login, invitation acceptance, anything sent without credentials
LARGE = 1024 * 1024  # JSON bodies and forms
UPLOAD = 12 * 1024 * 1024  # invoices, documents, spreadsheets, ticket photos, certificates, bank statements
HANDOVER = 256 * 1024 * 1024  # a handover archive (every document and PDF of a building or a firm)
BODY_IDLE_TIMEOUT = 10.0  # seconds between two pieces of a body
BODY_TOTAL_TIMEOUT = 30.0  # seconds for a whole body
UPLOAD_TIME = 4  # an upload may take this many times longer
_OPEN = re.compile(r"/(login|logout|language/[^/]*|invitations/[^/]*|api/v1/auth/(login|invitations/accept))")
_UPLOADS = re.compile(r"(/api/v1)?/buildings/[^/]+/import(/confirm)?|/buildings/[^/]+/expenses"
                      r"|/expenses/[^/]+(/corrections)?|/api/v1/expenses/[^/]+/invoice"
                      r"|(/api/v1)?/buildings/[^/]+/documents|/documents/[^/]+/versions|/api/v1/documents/[^/]+"
                      r"|(/api/v1)?/buildings/[^/]+/tickets|(/api/v1)?/contractors/[^/]+/certificate"
                      r"|(/api/v1)?/buildings/[^/]+/bank-statements")
_HANDOVERS = re.compile(r"/handover/import|/api/v1/organizations/[^/]+/import")
_TEXT = {408: b"Request body too slow", 413: b"Request body too large"}
_CODES = {408: "TIMEOUT", 413: "TOO_LARGE"}


def body_limit(method: str, path: str, has_credentials: bool) -> int:
    """The largest body a route takes: small where anyone may post or no credentials came, 12 MB for uploads."""
    if method in ("GET", "HEAD", "OPTIONS") or not has_credentials or _OPEN.fullmatch(path):
        return SMALL
    if _HANDOVERS.fullmatch(path):
        return HANDOVER
    return UPLOAD if _UPLOADS.fullmatch(path) else LARGE


def _has_credentials(scope: Mapping[str, Any]) -> bool:
    """A bearer token or a session cookie came (whether valid is checked later, within the bound)."""
    for name, value in scope["headers"]:
        if name == b"authorization" or (name == b"cookie" and b"kg_session=" in value):
            return True
    return False


async def _refuse(send: Any, path: str, status: int) -> None:
    """Answer before any handler: JSON for the API, plain text otherwise; the connection is closed."""
    if path.startswith("/api/"):
        body, kind = orjson.dumps({"code": _CODES[status], "message": _TEXT[status].decode()}), b"application/json"
    else:
        body, kind = _TEXT[status], b"text/plain; charset=utf-8"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", kind), (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body, "more_body": False})


class BodyFirstConnection(ASGIHTTPConnection):
    """Quart's HTTP connection without the reader task: receive the whole body, then handle the request."""

    async def __call__(self, receive: Any, send: Any) -> None:
        request = self._create_request_from_scope(send)
        limit = body_limit(request.method, request.path, _has_credentials(self.scope))
        request.max_content_length = request.body._max_content_length = limit  # the form parser reads it too
        if (request.content_length or 0) > limit:
            await _refuse(send, request.path, 413)
            return
        config = self.app.config
        idle = config.get("BODY_IDLE_TIMEOUT", BODY_IDLE_TIMEOUT)
        total = config.get("BODY_TOTAL_TIMEOUT", BODY_TOTAL_TIMEOUT) * (UPLOAD_TIME if limit >= UPLOAD else 1)
        try:
            async with asyncio.timeout(total):
                complete = await self._read_body(request, receive, idle)
        except TimeoutError:
            await _refuse(send, request.path, 408)
            return
        if not complete:  # http.disconnect: nobody left to answer
            return
        if request.body._must_raise is not None:  # grew past the bound
            await _refuse(send, request.path, 413)
            return
        await self.handle_request(request, send)

    @staticmethod
    async def _read_body(request: Any, receive: Any, idle: float) -> bool:
        """Read the body piece by piece, each within `idle` seconds; False when the client left."""
        body = request.body
        complete = body._complete  # set by set_complete(), also when the body grows past the limit
        while not complete.is_set():
            async with asyncio.timeout(idle):
                message = await receive()
            if message["type"] != "http.request":
                return False
            body.append(message.get("body", b""))
            if not message.get("more_body", False):
                body.set_complete()
        return True

    async def _send_response(self, send: Any, response: Any) -> None:
        body = response.response if isinstance(response, Response) else None
        if not isinstance(body, DataBody):
            await super()._send_response(send, response)
            return
        await send({"type": "http.response.start", "status": response.status_code,
                    "headers": encode_headers(response.headers)})
        await send({"type": "http.response.body", "body": body.data[body.begin:body.end], "more_body": False})
