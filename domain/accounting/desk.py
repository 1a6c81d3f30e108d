"""The books' work on the desk: a fiscal year past its end and not closed ("year.to_close"), due six months after
its end (the accounts go to the general assembly within that time)."""
from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from domain.access import Member, allowed
from domain.desk.item import DeskItem
from domain.i18n import _
from queries.accounting import desk as q


async def years_to_close(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """One item per fiscal year ended and not closed, for those who close years."""
    if not allowed(member, "year.close"):
        return []
    found = await q.years_to_close(conn, member.org_id, today, member.building_ids)
    return [DeskItem("year.to_close", _("Clôturer l'exercice %(start)s – %(end)s", start=y.starts_on.isoformat(),
                                        end=y.ends_on.isoformat()),
                     f"/fiscal-years/{y.id}", y.building_id, y.building_name, y.ends_on + timedelta(days=183))
            for y in found]
