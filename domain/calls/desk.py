"""The calls area on the desk: a year open without its voted budget, calls of the schedule due to be issued."""
from __future__ import annotations

from datetime import date

import asyncpg

from domain.access import Member, allowed
from domain.desk.item import DeskItem
from domain.i18n import _
from queries.calls import desk as q


async def calls_desk(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Budgets to put to the vote and calls to issue, for a member who drafts them."""
    if not allowed(member, "call.issue"):
        return []
    items = [DeskItem("budget.to_vote", _("Faire voter le budget de l'exercice %(year)s", year=str(u.starts_on.year)),
                      f"/buildings/{u.building_id}/calls", u.building_id, u.building_name)
             for u in await q.unvoted(conn, member.org_id, today, member.building_ids)]
    items += [DeskItem("call.to_issue", _("Émettre les appels de fonds (%(n)s)", n=t.count),
                       f"/buildings/{t.building_id}/calls", t.building_id, t.building_name, t.first_date, t.count)
              for t in await q.to_issue(conn, member.org_id, today, member.building_ids)]
    return items
