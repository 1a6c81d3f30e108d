"""FR art. 25-1: a resolution under art. 25 rejected but with at least a third of all votes is voted again at once,
in the same assembly, under art. 24."""
from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import Conflict, NotFound
from domain.i18n import _
from domain.meetings.meetings import locked_meeting
from domain.platform.audit import record
from queries.meetings import meetings as qm


async def hold_second_vote(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, item_id: UUID) -> qm.Item:
    """The syndic opens the art. 25-1 second vote: a new resolution, same text, art. 24 majority, open at once."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        meeting = await locked_meeting(conn, actor, meeting_id, "open")
        item = await qm.item(conn, actor.org_id, item_id, for_update=True)
        if item is None or item.meeting_id != meeting.id or not item.is_resolution:
            raise NotFound("resolution", item_id)
        result = item.result or {}
        if item.vote_status != "closed" or not result.get("second_vote_possible") or result.get("second_vote_id"):
            raise Conflict(_("Un second vote (art. 25-1) n'est possible qu'une fois, pour une résolution de "
                             "l'article 25 rejetée qui a recueilli au moins le tiers des voix de tous les "
                             "copropriétaires."))
        second = await qm.add_item(conn, actor.org_id, meeting.id, {
            "title": _("%(title)s — second vote (art. 25-1)", title=item.title), "description": item.description,
            "decision_kind": item.decision_kind, "draft_resolution": item.draft_resolution, "majority": "art24"})
        second = await qm.set_vote_state(conn, actor.org_id, second.id, "open",
                                         opened_at=datetime.now(UTC))
        await qm.set_vote_state(conn, actor.org_id, item.id, "closed", closed_at=item.closed_at,
                                adopted=item.adopted, result={**result, "second_vote_id": str(second.id)})
        await record(conn, actor, "second_vote", "agenda_item", second.id, item, second)
    return second
