"""France, loi 1965 art. 19-2, offered on the arrears screen: the owners of French buildings whose formal notice has
gone unanswered for 30 days or more, for whom the syndic may make the year's remaining provisions due now (the
action itself: domain/collection/interest.py `bring_provisions_forward`)."""
from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID

import asyncpg

from domain.access import Actor, allowed, require
from domain.collection.interest import UNANSWERED_DAYS
from queries.collection import notices as q


async def offered(conn: asyncpg.Connection, actor: Actor, today: date,
                  building_id: UUID | None = None) -> dict[tuple[UUID, UUID], date]:
    """(building, owner) → the formal notice's date, for each owner the action is offered to (none to a member
    who may not run it)."""
    member = require(actor, "arrears.read", building_id)
    if not allowed(actor, "reminder.run"):
        return {}
    found = await q.french_notices(conn, member.org_id, building_id, member.building_ids)
    return {k: d for k, d in found.items() if d + timedelta(days=UNANSWERED_DAYS) <= today}
