"""gzip for text responses the client accepts compressed: pages, fragments, JSON, CSS and JavaScript.

Dynamic bodies are compressed at level 1 (most of the gain for a fraction of the CPU); static files once at
level 9 and kept in memory by path and ETag (they are immutable under their versioned URLs). Bodies below
MIN_SIZE, streamed bodies, ranges and already-encoded responses are left alone.
"""
from __future__ import annotations

import gzip

from quart import Request, Response, request
from quart.wrappers.response import DataBody, FileBody

MIN_SIZE = 1024
DYNAMIC_LEVEL = 1
STATIC_LEVEL = 9
TYPES = frozenset({"text/html", "application/json", "text/css", "application/javascript", "text/javascript",
                   "image/svg+xml", "text/plain", "application/problem+json"})
_static: dict[tuple[str, str], bytes] = {}


def accepts_gzip(req: Request | None = None) -> bool:
    """True when the request's Accept-Encoding names gzip (and does not refuse it with q=0)."""
    for part in (req or request).headers.get("Accept-Encoding", "").lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


async def compress(response: Response) -> Response:
    """after_request: gzip the body when it is worth it and the client accepts it."""
    # the cheapest exits first: most API bodies are small, and a DataBody knows its length
    payload = response.response
    if isinstance(payload, DataBody):
        if len(payload.data) < MIN_SIZE:
            return response
        static = False
    elif isinstance(payload, FileBody):
        static = True
    else:
        return response
    req = request._get_current_object()  # type: ignore[attr-defined]  # the proxy's own method, unannotated
    if response.mimetype not in TYPES or response.status_code in (204, 206, 304) or req.method == "HEAD":
        return response
    if not accepts_gzip(req) or "Content-Encoding" in response.headers or "Range" in req.headers:
        return response
    key = (req.path, response.headers.get("ETag", ""))
    body = _static.get(key) if static else None
    if body is None:
        data = await response.get_data(as_text=False)
        if len(data) < MIN_SIZE:
            return response
        body = gzip.compress(data, compresslevel=STATIC_LEVEL if static else DYNAMIC_LEVEL, mtime=0)
        if static:
            _static[key] = body
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    # only the compressed variant says so: an identity body served to a gzip client is harmless
    response.vary.add("Accept-Encoding")
    response.headers.pop("Accept-Ranges", None)
    etag, weak = response.get_etag()
    if etag:
        response.set_etag(f"{etag}-gzip", bool(weak))
    return response
