"""Input PostgreSQL cannot store, refused before any handler sees it: a NUL byte in a query string or a form field
(a JSON body is checked where it is parsed, web/jsonapi.json_body) is a 422 naming the field, not a 500."""
from __future__ import annotations

from quart import request

from domain.errors import Invalid
from domain.i18n import Msg
from domain.parse import NUL

FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


async def refuse_nul_bytes() -> None:
    """before_request: 422 on the first fields whose name or value holds a NUL byte (files may, fields not)."""
    req = request._get_current_object()  # type: ignore[attr-defined]  # the proxy's own method, unannotated
    bad: dict[str, Msg] = {}
    if b"%00" in req.query_string:
        bad.update({k: NUL for k, v in req.args.items(multi=True) if "\x00" in k or "\x00" in v})
    if req.method in ("POST", "PUT", "PATCH", "DELETE") and req.mimetype in FORMS:
        form = await req.form
        bad.update({k: NUL for k, v in form.items(multi=True) if "\x00" in k or "\x00" in v})
    if bad:
        raise Invalid({k.replace("\x00", "\\0"): v for k, v in bad.items()})
