"""The owners' portal: one light page for a co-owner on a phone; each area adds its section."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from quart import Blueprint
from quart.typing import ResponseReturnValue

from web import db
from web.auth import current_actor
from web.htmx import page
from web.views.calls.portal import my_calls
from web.views.charges.summary import my_charges
from web.views.documents.library import my_documents
from web.views.maintenance.tickets import my_tickets
from web.views.meetings.portal import my_assemblies
from web.views.register.portal import my_lots

bp = Blueprint("portal", __name__)

# The portal's sections, in the order they appear: each an async function (conn, actor) -> (template, context)
# or None, written in its area's view module.
PortalSection = Callable[[Any, Any], Awaitable[tuple[str, dict[str, Any]] | None]]
PORTAL_SECTIONS: tuple[PortalSection, ...] = (my_lots, my_assemblies, my_calls, my_charges, my_documents,
                                              my_tickets)


@bp.get("/portal")
async def portal() -> ResponseReturnValue:
    actor = current_actor()
    conn = await db.conn()
    sections = [s for s in [await func(conn, actor) for func in PORTAL_SECTIONS] if s]
    return await page("portal/index.html", sections=sections)
