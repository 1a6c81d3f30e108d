"""What an owner in the room may vote on now: the open resolutions and the voters they vote for."""
from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.meetings.attendance import Voter, roll_on
from domain.meetings.meetings import get_meeting, my_owner_ids
from queries.meetings import meetings as qm
from queries.meetings import votes as qv


@dataclass(frozen=True)
class Ballots:
    """The open resolutions, whom the actor votes for, and the votes already cast (item id, owner id) → choice."""

    meeting: qm.Meeting
    open_items: list[qm.Item]
    voters: list[Voter]
    cast: dict[tuple[UUID, UUID], str]
    present: bool


async def my_ballots(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID) -> Ballots:
    """An owner's ballots: their own lots once recorded present, and the lots of those they represent."""
    actor = require(actor, "meeting.vote")
    meeting = await get_meeting(conn, actor, meeting_id)
    items = [i for i in await qm.items_of(conn, actor.org_id, meeting_id)
             if i.is_resolution and i.vote_status == "open"] if meeting.status == "open" else []
    roll = await roll_on(conn, actor.org_id, meeting.building_id, meeting.day)
    lines = await qv.attendance(conn, actor.org_id, meeting_id)
    mine = set(await my_owner_ids(conn, actor))
    present = {p.owner_id for p in lines if p.owner_id in mine and p.status == "present"}
    ids = [o for o in present if o in roll.voters]
    ids += [p.owner_id for p in lines if p.status == "represented" and p.proxy_holder_owner_id in present
            and p.owner_id in roll.voters]
    votes = await qv.votes_of_meeting(conn, actor.org_id, meeting_id)
    cast = {(v.agenda_item_id, v.owner_id): v.choice for v in votes if v.owner_id in ids}
    return Ballots(meeting, items, [roll.voters[o] for o in ids], cast, bool(present))
