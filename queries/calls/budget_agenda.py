"""A budget's agenda item, and the building's draft assemblies it may be put on."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from queries.rows import reader

_ITEM = "SELECT agenda_item_id FROM budgets WHERE organization_id = $1 AND id = $2"
_LINK = "UPDATE budgets SET agenda_item_id = $3 WHERE organization_id = $1 AND id = $2"
_DRAFTS = """
SELECT id, title, scheduled_at FROM meetings WHERE organization_id = $1 AND building_id = $2 AND status = 'draft'
ORDER BY scheduled_at, id
"""


@dataclass(frozen=True)
class DraftMeeting:
    id: UUID
    title: str
    scheduled_at: datetime


_draft = reader(DraftMeeting)


async def item_of(conn: asyncpg.Connection, org_id: UUID, budget_id: UUID) -> UUID | None:
    """The agenda item carrying the budget (None: not on an agenda)."""
    return await conn.fetchval(_ITEM, org_id, budget_id)


async def link(conn: asyncpg.Connection, org_id: UUID, budget_id: UUID, item_id: UUID) -> None:
    """The budget carried by this agenda item."""
    await conn.execute(_LINK, org_id, budget_id, item_id)


async def draft_meetings(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[DraftMeeting]:
    """The building's assemblies still in draft (their agenda open)."""
    return [_draft(r) for r in await conn.fetch(_DRAFTS, org_id, building_id)]
