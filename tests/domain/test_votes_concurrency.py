"""Two phones voting for the same lot at the same instant: one vote is kept, the other is refused (committed
database, two connections)."""
from __future__ import annotations

import asyncio

from domain.errors import Conflict
from domain.meetings import meetings, voting
from queries.db import connect
from tests.domain.test_meetings_flow import draft, open_with, setup_building


async def test_simultaneous_votes_for_one_lot_keep_exactly_one(clone_db):
    url = clone_db("koprogo_votes")
    setup = await connect(url)
    try:
        _org, syndic, building, owners = await setup_building(setup)
        meeting = await draft(setup, syndic, building)
        await open_with(setup, syndic, meeting, owners, ["present", "present", "present", "absent"])
        item = (await meetings.agenda(setup, syndic, meeting.id))[0]
        await voting.open_resolution(setup, syndic, meeting.id, item.id)
    finally:
        await setup.close()
    first, second = await connect(url), await connect(url)
    try:
        outcomes = await asyncio.gather(
            voting.cast_vote(first, owners[0][1], item.id, {"choice": "for"}),
            voting.cast_vote(second, owners[0][1], item.id, {"choice": "against"}), return_exceptions=True)
        assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "Vote"]
        assert any(isinstance(o, Conflict) for o in outcomes)
        assert await first.fetchval("SELECT count(*) FROM votes WHERE agenda_item_id = $1", item.id) == 1
    finally:
        await first.close()
        await second.close()
