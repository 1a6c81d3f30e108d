"""The owners' portal: one light page for a co-owner on a phone; each area adds its section."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from quart import Blueprint

from web import db
from web.auth import current_actor
from web.htmx import page

bp = Blueprint("portal", __name__)

# An async function (conn, actor) -> (template, context) or None, registered at import by the areas' view
# modules, in the order the sections should appear (my lots, my balance, my assemblies …).
PortalSection = Callable[[Any, Any], Awaitable[tuple[str, dict[str, Any]] | None]]
PORTAL_SECTIONS: list[tuple[int, PortalSection]] = []


def portal_section(order: int) -> Callable[[PortalSection], PortalSection]:
    """Decorator: add a section to the portal page at position `order` (lower first)."""
    def register(func: PortalSection) -> PortalSection:
        PORTAL_SECTIONS.append((order, func))
        PORTAL_SECTIONS.sort(key=lambda item: item[0])
        return func
    return register


@bp.get("/portal")
async def portal():  # type: ignore[no-untyped-def]
    actor = current_actor()
    conn = await db.conn()
    sections = [s for s in [await func(conn, actor) for _order, func in PORTAL_SECTIONS] if s]
    return await page("portal/index.html", sections=sections)
