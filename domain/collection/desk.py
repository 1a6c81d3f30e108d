"""Collection on the desk: owners past a step of their building's ladder (the next step's day has come), one item
per building, for a member who runs the reminders."""
from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg

from domain.access import Member, allowed
from domain.collection.arrears import Line, arrears
from domain.desk.item import DeskItem
from domain.i18n import _


async def reminders_desk(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Buildings with owners whose next reminder step is due (holds left out)."""
    if not allowed(member, "reminder.run"):
        return []
    due: dict[UUID, list[Line]] = {}
    for x in await arrears(conn, member, today):
        if x.next_on is not None and x.next_on <= today:
            due.setdefault(x.row.building_id, []).append(x)
    return [DeskItem("collection.step_due", _("Envoyer les rappels dus (%(n)s)", n=len(xs)),
                     f"/buildings/{b}/arrears", b, xs[0].row.building_name, min(x.next_on or today for x in xs),
                     len(xs)) for b, xs in due.items()]
