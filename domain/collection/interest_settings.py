"""A building's late-interest setting, read and set: the bylaws' own rate with the clause providing it (interest
then runs from each due date), or the legal rate (from the formal notice; domain/collection/interest.py). Late
interest binds an owner only where the bylaws provide it: the clause reference is required with a bylaws rate."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from queries.collection import interest as qi
from queries.collection import interest_settings as q

MODES = ("bylaws", "legal")
MAX_RATE = Decimal("30")


@dataclass(frozen=True)
class InterestSettings:
    """`bylaws`: the rate (% a year) and clause; `legal`: the legal rate table applies."""
    mode: str
    rate: Decimal | None
    clause: str | None


async def get_settings(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> InterestSettings:
    """The building's setting (the legal rate when none is recorded)."""
    member = require(actor, "reminder_policy.read", building_id)
    building = await get_building(conn, member, building_id)
    found = await qi.setting(conn, member.org_id, building.id)
    return InterestSettings("bylaws", found[0], found[1]) if found else InterestSettings("legal", None, None)


async def set_settings(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: object) -> InterestSettings:
    """Record the bylaws' rate and clause, or go back to the legal rate; 422 naming the field at fault."""
    member = require(actor, "reminder_policy.manage", building_id)
    building = await get_building(conn, member, building_id)
    f = Fields(data if data is not None else {}, {"mode", "rate", "clause"})
    mode = f.choice("mode", MODES, required=True)
    rate = clause = None
    if mode == "bylaws":
        rate = f.decimal("rate", required=True, places=3)
        if rate is not None and not Decimal("0") < rate <= MAX_RATE:
            f.error("rate", _("Un taux annuel de plus de 0 et d'au plus %(max)s pour cent.", max=MAX_RATE))
        clause = f.text("clause", required=True, max_len=200)
    f.done()
    before = await get_settings(conn, member, building.id)
    async with conn.transaction():
        if mode == "bylaws":
            await q.put(conn, member.org_id, building.id, given(rate), given(clause))
        else:
            await q.drop(conn, member.org_id, building.id)
        after = await get_settings(conn, member, building.id)
        await record(conn, member, "update", "interest_settings", building.id, before, after)
    return after
