"""The bank on the desk: movements left in suspense, to assign (one item per building)."""
from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from domain.access import Member, allowed
from domain.desk.item import DeskItem
from domain.i18n import _
from queries.bank import desk as q

# a movement left in suspense is to be assigned within a week of its booking
ASSIGN_WITHIN = timedelta(days=7)


async def bank_desk(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Movements to assign, for a member who assigns them."""
    if not allowed(member, "bank_movement.assign"):
        return []
    return [DeskItem("bank.to_assign", _("Attribuer les mouvements bancaires en attente (%(n)s)", n=t.count),
                     f"/buildings/{t.building_id}/bank#todo", t.building_id, t.building_name,
                     t.oldest + ASSIGN_WITHIN, t.count)
            for t in await q.to_assign(conn, member.org_id, member.building_ids)]
