"""The letters to post after a step's run: the reminders of that day sent to owners without an e-mail address,
written again as they were sent (the items they named, what was outstanding then), each with its letterhead,
address block and how to pay — for one PDF to print and post."""
from __future__ import annotations

from datetime import date
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.collection import letters
from domain.collection.ladder import Letter, ladder_of
from domain.errors import NotFound
from domain.rules.collection import Step
from queries.calls import calls as qc
from queries.collection import ladder as q
from queries.collection import letters as ql
from queries.register import buildings as qb


async def runs_to_post(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[ql.Run]:
    """The latest days a step ran with letters to post."""
    member = require(actor, "arrears.read", building_id)
    return await ql.runs_to_post(conn, member.org_id, building_id)


async def letters_to_post(conn: asyncpg.Connection, actor: Actor, building_id: UUID, day: date) -> list[Letter]:
    """The letters of the day's run for the owners without e-mail, by owner."""
    member = require(actor, "arrears.read", building_id)
    building = await qb.get(conn, member.org_id, building_id)
    if building is None:
        raise NotFound("building", building_id)
    found = await ql.unmailed(conn, member.org_id, building.id, day)
    owners = sorted({r.owner_id for r, _items in found})
    contacts = {c.id: c for c in await qc.contacts(conn, member.org_id, owners)}
    extras = await letters.printed(conn, member.org_id, building, owners, day)
    delays = {s.number: s.delay_days for s in ladder_of(await q.steps(conn, member.org_id, building.id))}
    return [Letter(r, building, contacts[r.owner_id], Step(r.step, delays.get(r.step, 0), r.channel, r.cost), items,
                   extras.get(r.owner_id, letters.PLAIN)) for r, items in found]
