"""Two postings at once into the same journal and year, on two real connections: numbers 1 and 2, no gap, and a
rolled-back posting gives its number back."""
from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal as D

from domain.access import require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from queries.db import connect
from tests.factories import actor, make_building, make_org, make_user


def _draft(day: date) -> EntryDraft:
    return EntryDraft("OD", day, "Régularisation", (LineDraft("6100", debit=D("5.00")),
                                                    LineDraft("499", credit=D("5.00"))))


async def test_concurrent_postings_are_numbered_without_gaps(clone_db) -> None:
    url = clone_db("koprogo_books_race")
    setup = await connect(url)
    try:
        org = await make_org(setup)
        syndic = actor(await make_user(setup, org, "syndic"), org, "syndic")
        building = await make_building(setup, org)
        member = require(syndic, "entry.post", building.id)
        await post_entry(setup, member, building.id, _draft(date(2026, 1, 3)))  # the year and journal exist
    finally:
        await setup.close()
    one, two, three = await connect(url), await connect(url), await connect(url)

    async def post_and_commit(c, day: date):  # type: ignore[no-untyped-def]
        async with c.transaction():
            return await post_entry(c, member, building.id, _draft(day))

    try:
        lost = three.transaction()
        await lost.start()
        await post_entry(three, member, building.id, _draft(date(2026, 2, 1)))  # takes number 2, then rolls back
        a = asyncio.create_task(post_and_commit(one, date(2026, 2, 2)))
        b = asyncio.create_task(post_and_commit(two, date(2026, 2, 3)))
        await asyncio.sleep(0.3)
        assert not a.done() and not b.done()  # both wait for the posting under way
        await lost.rollback()
        posted = await asyncio.gather(a, b)
        assert sorted(p.number for p in posted) == [2, 3]
        numbers = [r["number"] for r in await one.fetch(
            "SELECT number FROM journal_entries WHERE building_id = $1 ORDER BY number", building.id)]
        assert numbers == [1, 2, 3]
    finally:
        for c in (one, two, three):
            await c.close()
