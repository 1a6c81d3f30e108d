"""A draft budget put on the agenda of one of the building's draft assemblies: one agenda item whose text lists the
budget's lines and whose draft resolution approves it; approving the budget then takes that item's resolution."""
from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.calls.budgets import _reached as budget_reached
from domain.errors import Conflict, Invalid
from domain.i18n import _, money
from domain.meetings.meetings import add_item
from domain.parse import Fields, given
from domain.platform.audit import record
from queries.calls import budget_agenda as q
from queries.calls import budgets as qbud
from queries.calls.budget_agenda import DraftMeeting as DraftMeeting
from queries.meetings import meetings as qm

_SECTIONS = {"ordinary": _("ordinaire"), "extraordinary": _("extraordinaire"), "reserve": _("réserve")}


def item_text(budget: qbud.Budget, lines: list[qbud.Line]) -> tuple[str, str]:
    """The item's description (one line per budget line) and its draft resolution, in French as stored."""
    rows = [str(_("%(label)s (%(section)s, compte %(code)s) : %(amount)s", label=x.label,
                  section=str(_SECTIONS[x.section]), code=x.account_code or "—", amount=money(x.amount)))
            for x in lines]
    rows.append(str(_("Total : %(total)s", total=money(budget.total))))
    resolution = str(_("L'assemblée approuve le budget « %(label)s » de l'exercice du %(start)s au %(end)s, "
                       "soit %(total)s.", label=budget.label, start=budget.year_start.strftime("%d/%m/%Y"),
                       end=budget.year_end.strftime("%d/%m/%Y"), total=money(budget.total)))
    return "\n".join(rows)[:4000], resolution[:8000]


async def drafts_for(conn: asyncpg.Connection, actor: Actor, budget_id: UUID) -> list[DraftMeeting]:
    """The building's draft assemblies the budget may be put on."""
    member = require(actor, "budget.draft")
    budget = await budget_reached(conn, member, budget_id)
    return await q.draft_meetings(conn, member.org_id, budget.building_id)


async def put_on_agenda(conn: asyncpg.Connection, actor: Actor, budget_id: UUID, data: Any) -> qm.Item:
    """Add the budget to a draft assembly's agenda (once), its lines attached."""
    member = require(actor, "budget.draft")
    f = Fields(data if data is not None else {}, allowed={"meeting_id"})
    meeting_id = f.uuid("meeting_id", required=True)
    f.done()
    async with conn.transaction():
        budget = await budget_reached(conn, member, budget_id)
        await qbud.lock(conn, member.org_id, budget.id)
        if budget.status != "draft" or await q.item_of(conn, member.org_id, budget.id) is not None:
            raise Conflict(_("Ce budget est déjà à l'ordre du jour ou voté."), "meeting_id")
        drafts = {m.id for m in await q.draft_meetings(conn, member.org_id, budget.building_id)}
        if given(meeting_id) not in drafts:
            raise Invalid({"meeting_id": _("Choisissez une assemblée en préparation de ce bâtiment.")})
        description, resolution = item_text(budget, await qbud.lines(conn, member.org_id, budget.id))
        item = await add_item(conn, member, given(meeting_id), {
            "title": budget.label[:200], "description": description,
            "draft_resolution": resolution})
        await q.link(conn, member.org_id, budget.id, item.id)
        await record(conn, member, "put_on_agenda", "budget", budget.id, None, {"agenda_item_id": str(item.id)})
    return item


async def agenda_of(conn: asyncpg.Connection, actor: Actor, budget_id: UUID) -> tuple[UUID | None, list[DraftMeeting]]:
    """The budget's agenda item (if put on one) and the draft assemblies it could go on."""
    member = require(actor, "budget.draft")
    budget = await budget_reached(conn, member, budget_id)
    return (await q.item_of(conn, member.org_id, budget.id),
            await q.draft_meetings(conn, member.org_id, budget.building_id))
