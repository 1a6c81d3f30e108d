"""The JSON side: bodies in, rows out, domain errors as status codes."""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import orjson
from quart import Response, g, request

from domain.errors import Forbidden, Invalid
from domain.i18n import Msg, _
from domain.pagination import Page
from domain.parse import NUL, has_nul
from web.db import json_default
from web.i18n import tr


class MalformedBody(Invalid):
    """The body is not a JSON object: 400 rather than 422."""

    malformed = True


_SCALARS = frozenset({str, int, float, bool, type(None), Decimal, UUID, date, datetime})
_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def to_json(value: Any) -> Any:
    """Rows and dataclasses as plain JSON values (Decimal as string, dates ISO 8601)."""
    cls = type(value)
    if cls in _SCALARS:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {}
        for name in _field_names(cls):  # scalars (most fields) without a call each
            v = getattr(value, name)
            out[name] = v if type(v) in _SCALARS else to_json(v)
        return out
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value


def _fallback(value: Any) -> Any:
    """What orjson does not walk itself: Decimal (money, as a string), a domain message (Msg, in the request's
    language), named tuples and the other subclasses of str, int, dict and list, then the rest."""
    if type(value) is Decimal:
        return str(value)
    if isinstance(value, Msg):
        return tr(value)
    base: type[Any]
    for base in (str, bool, int, dict, list):
        if isinstance(value, base):
            return base(value)
    if isinstance(value, tuple):
        return list(value)
    return json_default(value)


def json_response(value: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """Serialise with orjson, which walks dataclasses, dicts and lists itself (the profile's lesson: no
    Python-level copy first); Decimal, UUID and dates as in to_json; the domain's messages (a rule's label, a
    quorum's reasons) translated, as the errors are."""
    body = orjson.dumps(value, default=_fallback, option=orjson.OPT_PASSTHROUGH_SUBCLASS)
    response = Response(body, status=status, headers=headers, content_type="application/json")
    # an in-memory body handed to the server in one piece: Quart's RESPONSE_TIMEOUT (60 s) would wrap its
    # sending in asyncio.wait_for, a task and a timer per request (~2 % of the mix's samples); streamed and
    # file responses keep the timeout
    response.timeout = None
    return response


def page_response(page: Page[Any], item: Callable[[Any], Any] | None = None) -> Response:
    """A list: {"data": [...], "pagination": {...}}."""
    items = page.items if item is None or item is to_json else [item(i) for i in page.items]
    return json_response({"data": items, "pagination": page.meta()})


async def json_body() -> dict[str, Any]:
    """The request's JSON object; an `organization_id` is accepted only when it is the caller's own."""
    raw = await request.get_data()
    try:
        data = orjson.loads(raw) if raw else None
    except orjson.JSONDecodeError:
        raise MalformedBody({"body": _("JSON mal formé.")}) from None
    if not isinstance(data, dict):
        raise MalformedBody({"body": _("Le corps de la requête doit être un objet JSON.")})
    if b"\\u0000" in raw and has_nul(data):  # JSON writes a NUL as \u0000; PostgreSQL refuses it in text
        raise Invalid({k.replace("\x00", "\\0"): NUL for k, v in data.items() if has_nul(k) or has_nul(v)})
    org = data.pop("organization_id", None)
    actor = g.get("actor")
    if org is not None and (actor is None or str(org) != str(actor.org_id)):
        raise Forbidden(_("organization_id ne correspond pas à votre organisation."))
    return data


async def raw_body() -> bytes:
    """The request's body as bytes (an uploaded file sent as is)."""
    data = await request.get_data(as_text=False)
    return data if isinstance(data, bytes) else data.encode()


async def optional_body() -> dict[str, Any]:
    """A JSON object, or {} when the body is empty (actions such as approve, mark-paid, end)."""
    raw = await request.get_data()
    return await json_body() if raw.strip() else {}


def errors_json(errors: dict[str, Any]) -> dict[str, str]:
    """{field: message} in the reader's language."""
    return {k: tr(v) for k, v in errors.items()}
