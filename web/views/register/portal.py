"""The owners' portal section "my lots": each lot with its quota and my share, the building, the syndic's
contact, and the co-owners of each lot (names; phone and e-mail only when they agreed)."""
from __future__ import annotations

from datetime import date
from typing import Any

from domain.platform import organizations
from domain.register import owners, units


async def my_lots(conn: Any, actor: Any) -> tuple[str, dict[str, Any]] | None:
    """My lots, for an owner (or a board member acting as owner)."""
    if actor.org_id is None:
        return None
    lots = await owners.portal_lots(conn, actor, date.today())
    if not lots:
        return None
    syndic = await organizations.my_organization(conn, actor)
    return "portal/_lots.html", {"lots": lots, "syndic": syndic, "type_label": units.type_label}
