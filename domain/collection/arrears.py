"""The arrears screen (a building's, the whole firm's): owners by amount and age, the part older than the previous
year flagged (the Belgian privilege covers the current and the previous year only), the next step due; the
holds that stop the ladder; the daily job."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import cast
from uuid import UUID

import asyncpg

from domain.access import SYNDIC, Actor, Member, require
from domain.collection.ladder import Compose, ladder_of, run_building
from domain.errors import Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.owners import get_owner
from domain.rules.collection import Step, next_step, step_on
from queries.collection import arrears as qa
from queries.collection import ladder as q
from queries.register import buildings as qb

HOLD_KINDS = ("dispute", "payment_plan", "estate")


@dataclass(frozen=True)
class Line:
    """One owner's arrears in one building, with the next step and when it is due."""
    row: qa.Arrears
    next_step: Step | None
    next_on: date | None

    @property
    def privilege_at_risk(self) -> bool:
        return self.row.jurisdiction == "BE" and self.row.at_risk > 0


def _lines(rows: list[qa.Arrears], policies: list[q.PolicyStep]) -> list[Line]:
    by_building: dict[UUID, list[q.PolicyStep]] = {}
    for p in policies:
        by_building.setdefault(p.building_id, []).append(p)
    out = []
    for r in rows:
        steps = ladder_of(by_building.get(r.building_id, []))
        step = next_step(steps, set(range(1, r.last_step + 1)))
        on = step_on(steps, step, r.oldest_due, r.last_sent) if step and not r.on_hold else None
        out.append(Line(r, step, on))
    return out


async def arrears(conn: asyncpg.Connection, actor: Actor, today: date, building_id: UUID | None = None) -> list[Line]:
    """Owners with something overdue on `today`: a building's, or the firm's (within the member's buildings)."""
    member = require(actor, "arrears.read", building_id)
    if building_id is not None and await qb.get(conn, member.org_id, building_id) is None:
        raise NotFound("building", building_id)
    rows = await qa.arrears(conn, member.org_id, building_id, member.building_ids, today)
    return _lines(rows, await q.steps(conn, member.org_id, building_id))


def totals(lines: list[Line]) -> dict[str, Decimal]:
    """The screen's footer: each bucket's total."""
    keys = ("total", "d30", "d60", "d90", "older", "at_risk")
    return {k: sum((getattr(x.row, k) for x in lines), Decimal("0.00")) for k in keys}


async def add_hold(conn: asyncpg.Connection, actor: Actor, owner_id: UUID, data: object, today: date) -> q.Hold:
    """A dispute, a payment plan or an estate: the ladder stops for the owner until its end date."""
    member = require(actor, "hold.manage")
    owner = await get_owner(conn, member, owner_id)
    f = Fields(data, {"kind", "reason", "starts_on", "ends_on"})
    kind = f.choice("kind", HOLD_KINDS, required=True)
    reason = f.text("reason", required=True, max_len=500, multiline=True)
    starts = f.date("starts_on") or today
    ends = f.date("ends_on", required=True)
    if ends is not None and ends < starts:
        f.errors["ends_on"] = _("La fin vient après le début.")
    f.done()
    async with conn.transaction():
        hold = await q.add_hold(conn, member.org_id, owner.id, given(kind), given(reason), starts, given(ends),
                                member.user_id)
        await record(conn, member, "create", "owner_hold", hold.id, None, hold)
    return hold


async def owner_holds(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[q.Hold]:
    """The owner's holds, the latest first."""
    member = require(actor, "arrears.read")
    owner = await get_owner(conn, member, owner_id)
    return await q.holds(conn, member.org_id, owner.id)


async def end_hold(conn: asyncpg.Connection, actor: Actor, hold_id: UUID, today: date) -> q.Hold:
    """End a hold today: the ladder resumes."""
    member = require(actor, "hold.manage")
    async with conn.transaction():
        found = await q.get_hold(conn, member.org_id, hold_id)
        if found is None:
            raise NotFound("hold", hold_id)
        await get_owner(conn, member, found.owner_id)  # within the member's reach
        done = await q.end_hold(conn, member.org_id, hold_id, max(today, found.starts_on))
        if done is None:
            raise Invalid({"hold": _("Cette suspension est déjà levée.")})
        await record(conn, member, "end", "owner_hold", hold_id, found, done)
    return done


def system_member(org_id: UUID) -> Member:
    """The daily job acting for an organisation: a syndic's rights, no user (entries posted by nobody)."""
    return Member(cast(UUID, None), "", "worker", org_id, None, SYNDIC)  # NULL where a row names its user


async def run_reminders(conn: asyncpg.Connection, now: datetime, compose: Compose) -> str:
    """The worker's daily job: every building's due steps (each item once per step: a second run sends none)."""
    sent = 0
    for org_id, building_id in await q.buildings_to_remind(conn):
        sent += len(await run_building(conn, system_member(org_id), building_id, now.date(), compose))
    return f"{sent} reminders"
