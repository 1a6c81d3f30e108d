"""A firm's quarter in one step: the calls due up to a date, for every building the syndic reaches (or those
chosen), generated from each voted budget not called yet and issued, in ONE transaction, all or nothing.

The same results as building by building (`schedule.generate_calls` then `calls.issue_batch`): the same drafts,
shares to the cent, entries, references, in-app notices and e-mails — the issue itself is `calls.issue_many`, the
one path a single call takes too. What differs is how it is read and written: a few statements for all the
buildings at once (drafts, budgets and their lines, funds, keys, the rights of the period, contacts), the
allocation in Python, then one statement per kind of row (the entries per building through `post_entries`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.calls.calls import Compose, issue_many
from domain.calls.schedule import plan
from domain.errors import Conflict, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record_many
from queries.calls import budgets as qbud
from queries.calls import calls as q
from queries.calls import funds as qf
from queries.register import buildings as qb
from queries.register.buildings import Building

MAX_BUILDINGS = 5000


@dataclass
class BuildingQuarter:
    """What the quarter did (or, previewed, would do) for one building."""
    building_id: UUID
    building_name: str
    generated: int = 0  # draft calls made from the voted budget
    calls: int = 0  # calls issued (previewed: to issue)
    shares: int = 0  # owners' shares stored, per lot
    emails: int = 0  # notices queued by e-mail
    total: Decimal = field(default_factory=lambda: Decimal("0.00"))


@dataclass(frozen=True)
class QuarterInput:
    until: date
    building_ids: list[UUID] | None
    generate: bool

    @classmethod
    def parse(cls, data: Any) -> QuarterInput:
        """The last call date issued, the buildings (none: all those reached), whether to generate first."""
        f = Fields(data if data is not None else {}, allowed={"until", "building_ids", "generate"})
        until = f.date("until", required=True)
        ids = f.uuid_list("building_ids", max_items=MAX_BUILDINGS)
        generate = f.boolean("generate", default=True)
        f.done()
        return cls(given(until), ids, generate)


async def _buildings(conn: asyncpg.Connection, member: Member, ids: list[UUID] | None) -> dict[UUID, Building]:
    """The buildings chosen (or all the member reaches), locked: NotFound for one not reached or not theirs."""
    if ids is not None:
        for building_id in ids:
            require(member, "call.issue", building_id)
    found = await qb.lock_many(conn, member.org_id, sorted(set(ids)) if ids is not None else None)
    if ids is not None:
        missing = sorted(set(ids) - {b.id for b in found})
        if missing:
            raise NotFound("building", missing[0])
    return {b.id: b for b in found if member.reaches(b.id)}


async def _plan(conn: asyncpg.Connection, member: Member, buildings: dict[UUID, Building],
                until: date) -> list[q.BuiltCall]:
    """The year's drafts of each voted budget covering `until` whose year was not called yet (as
    `schedule.generate_calls` makes them)."""
    org = member.org_id
    budgets = await qbud.uncalled(conn, org, list(buildings), until)
    if not budgets:
        return []
    lines = await qbud.lines_of(conn, org, [b.id for b in budgets])
    funds: dict[UUID, list[qf.Fund]] = {}
    for fund in await qf.of_buildings(conn, org, sorted({b.building_id for b in budgets})):
        funds.setdefault(fund.building_id, []).append(fund)
    out: list[q.BuiltCall] = []
    for budget in budgets:
        mine = funds.get(budget.building_id, [])
        working = next((x for x in mine if x.kind == "working"), None)
        if working is None:
            raise Conflict(_("%(building)s : ouvrez d'abord le fonds de roulement du bâtiment (son compte en banque).",
                             building=buildings[budget.building_id].name), "fund_id")
        calls = plan(budget, lines[budget.id], working.id, [], {x.id: x.sharing_key_id for x in mine})
        out += [q.BuiltCall(budget.building_id, budget.id, c) for c in calls]
    return out


async def issue_quarter(conn: asyncpg.Connection, actor: Actor, data: Any, compose: Compose | None = None,
                        preview: bool = False) -> list[BuildingQuarter]:
    """Generate (voted budgets not called yet) and issue every draft call dated up to `until` of the buildings
    chosen or reached, in one transaction; per building what was done. `preview`: the counts, nothing written."""
    member = require(actor, "call.issue")
    new = QuarterInput.parse(data)
    async with conn.transaction():
        buildings = await _buildings(conn, member, new.building_ids)
        out = {b.id: BuildingQuarter(b.id, b.name) for b in sorted(buildings.values(), key=lambda b: (b.name, b.id))}
        planned = await _plan(conn, member, buildings, new.until) if new.generate and buildings else []
        for x in planned:
            out[x.building_id].generated += 1
        if preview:
            drafts = await q.due_drafts(conn, member.org_id, list(buildings), new.until) if buildings else []
            for c in drafts:
                out[c.building_id].calls += 1
                out[c.building_id].total += c.total
            for x in planned:
                if x.call.call_date <= new.until:
                    out[x.building_id].calls += 1
                    out[x.building_id].total += x.call.total
            return list(out.values())
        if planned:
            ids = await q.insert_many(conn, member.org_id, planned)
            by_budget: dict[UUID | None, list[str]] = {}
            for x, i in zip(planned, ids, strict=True):
                by_budget.setdefault(x.budget_id, []).append(str(i))
            await record_many(conn, member, "generate", "call", [(b, None, {"calls": made})
                                                                 for b, made in by_budget.items()])
        drafts = await q.due_drafts(conn, member.org_id, list(buildings), new.until) if buildings else []
        if not drafts:
            raise Conflict(_("Aucun appel à émettre jusqu'au %(day)s : ils sont déjà émis, ou aucun budget voté ne "
                             "les prévoit.", day=new.until), "until")
        for done in await issue_many(conn, member, drafts, buildings, compose, name_buildings=True):
            b = out[done.call.building_id]
            b.calls += 1
            b.shares += len(done.shares)
            b.emails += done.emails
            b.total += done.call.total
    return list(out.values())
