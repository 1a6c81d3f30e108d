"""Full page or fragment: the one place that decides."""
from __future__ import annotations

from typing import Any

from jinja2_fragments.quart import render_block
from quart import make_response, redirect, render_template, request


def wants_fragment() -> bool:
    """An htmx request that is neither boosted nor a history restore gets a fragment."""
    h = request.headers
    return h.get("HX-Request") == "true" and h.get("HX-Boosted") != "true" \
        and h.get("HX-History-Restore-Request") != "true"


async def page(template: str, block: str | None = None, status: int = 200, **context: Any):  # type: ignore[no-untyped-def]
    """Render `block` of `template` for htmx, the whole page otherwise."""
    if block and wants_fragment():
        body = await render_block(template, block, **context)
    else:
        body = await render_template(template, **context)
    response = await make_response(body, status)
    response.headers["Vary"] = "HX-Request"
    return response


def see_other(url: str):  # type: ignore[no-untyped-def]
    """After a successful POST: 303 to the next page (htmx follows it too)."""
    return redirect(url, 303)
