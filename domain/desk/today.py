"""The desk's providers for what exists today (charges and assemblies): one set-based query per kind, already
limited to the member's organisation and buildings (queries/desk/items.py)."""
from __future__ import annotations

from datetime import date, timedelta

import asyncpg

from domain.access import Member
from domain.desk.item import DeskItem
from domain.i18n import _
from domain.meetings.convocation import minutes_deadline
from queries.desk import items as q


async def expenses_to_approve(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Expenses in draft, one item per building (the expense itself when it is the only one)."""
    out = []
    for d in await q.drafts(conn, member.org_id, member.building_ids):
        if d.n == 1:
            title, path = _("Approuver la dépense « %(what)s »", what=d.first_description), f"/expenses/{d.first_id}"
        else:
            title = _("Approuver %(n)s dépenses en brouillon", n=d.n)
            path = f"/expenses?building={d.building_id}&status=draft"
        out.append(DeskItem("expense.draft", title, path, d.building_id, d.building_name, d.due, d.n))
    return out


async def minutes_to_send(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Minutes not sent yet, due 30 days (BE) or one month (FR) after the assembly."""
    return [DeskItem("minutes.due", _("Envoyer le procès-verbal de « %(title)s »", title=m.title),
                     f"/meetings/{m.meeting_id}", m.building_id, m.building_name, minutes_deadline(m, m.jurisdiction))
            for m in await q.minutes_to_send(conn, member.org_id, member.building_ids)]


async def requests_to_answer(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Owners' requests for an agenda item not answered yet, per building."""
    return [DeskItem("agenda_request.pending", _("Répondre aux demandes de point à l'ordre du jour (%(n)s)", n=r.n),
                     f"/buildings/{r.building_id}/agenda-requests", r.building_id, r.building_name, None, r.n)
            for r in await q.pending_requests(conn, member.org_id, member.building_ids)]


async def assemblies_to_convene(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Ordinary assemblies to convene for the bylaws' window: due on the last day that still gives the notice
    before the window's end."""
    out = []
    for w in await q.windows_due(conn, member.org_id, member.building_ids, today):
        path = f"/meetings/{w.draft_id}" if w.draft_id else f"/buildings/{w.building_id}/meetings/new"
        title = _("Convoquer l'assemblée ordinaire (période du %(start)s au %(end)s)",
                  start=w.starts_on.strftime("%d/%m/%Y"), end=w.ends_on.strftime("%d/%m/%Y"))
        out.append(DeskItem("assembly.to_convene", title, path, w.building_id, w.building_name,
                            w.ends_on - timedelta(days=w.notice)))
    return out


async def failed_convocations(conn: asyncpg.Connection, member: Member, today: date) -> list[DeskItem]:
    """Convocations the mail server refused: to send again or by letter before the assembly."""
    return [DeskItem("convocation.failed",
                     _("Convocations non remises pour « %(title)s » (%(n)s)", title=f.title, n=f.n),
                     f"/meetings/{f.meeting_id}", f.building_id, f.building_name, f.day, f.n)
            for f in await q.failed_convocations(conn, member.org_id, member.building_ids)]
