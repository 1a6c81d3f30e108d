"""FR: the immediate second vote in the same assembly — art. 25-1 (an art. 25 resolution rejected with at least a
third of all votes is voted again under art. 24) and art. 26, last paragraph (an art. 26 resolution rejected but
approved by half of the members present, represented or voting by mail holding a third of all votes is voted
again under art. 25)."""
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

# the second vote's majority → the article that opens it
ARTICLES = {"art24": "art. 25-1", "art25": "art. 26, dernier alinéa"}


async def hold_second_vote(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, item_id: UUID) -> qm.Item:
    """The syndic opens the second vote: a new resolution, same text, the lower majority, open at once."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        meeting = await locked_meeting(conn, actor, meeting_id, "open")
        item = await qm.item(conn, actor.org_id, item_id, for_update=True)
        if item is None or item.meeting_id != meeting.id or not item.is_resolution:
            raise NotFound("resolution", item_id)
        result = item.result or {}
        if item.vote_status != "closed" or not result.get("second_vote_possible") or result.get("second_vote_id"):
            raise Conflict(_("Un second vote immédiat n'est possible qu'une fois : pour une résolution de l'article "
                             "25 rejetée qui a recueilli au moins le tiers des voix de tous les copropriétaires "
                             "(art. 25-1), ou de l'article 26 rejetée mais approuvée par la moitié des membres "
                             "présents, représentés ou votant par correspondance détenant le tiers des voix (art. "
                             "26, dernier alinéa)."))
        majority = result.get("second_vote_majority") or "art24"
        second = await qm.add_item(conn, actor.org_id, meeting.id, {
            "title": _("%(title)s — second vote (%(article)s)", title=item.title, article=ARTICLES[majority]),
            "description": item.description, "decision_kind": item.decision_kind,
            "draft_resolution": item.draft_resolution, "majority": majority})
        second = await qm.set_vote_state(conn, actor.org_id, second.id, "open",
                                         opened_at=datetime.now(UTC))
        await qm.set_vote_state(conn, actor.org_id, item.id, "closed", closed_at=item.closed_at,
                                adopted=item.adopted, result={**result, "second_vote_id": str(second.id)})
        await record(conn, actor, "second_vote", "agenda_item", second.id, item, second)
    return second
