"""A year's calls generated from its voted budget in one step: the ordinary and extraordinary lines called by
key in equal instalments (four quarterly, twelve monthly …, each due on its period's first day plus the budget's
delay), the reserve contributions by fund. Generating again (after a revision) replaces the calls not issued yet
and spreads what remains of each group over the periods not yet called."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.calls.budgets import _reached as budget_reached
from domain.calls.calls import CallView, shares_of
from domain.errors import Conflict
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import building_of
from domain.rules.allocation import largest_remainder
from domain.rules.call_schedule import Frequency, periods
from queries.calls import budgets as qbud
from queries.calls import calls as q
from queries.calls import funds as qf
from queries.calls.lots import held_during

_KIND = {"ordinary": "ordinary", "extraordinary": "extraordinary", "reserve": "reserve_fund"}


def _label(kind: str, n: int, of: int) -> str:
    """The call's name as stored (French, like the rest of the books)."""
    if kind == "ordinary":
        return str(_("Provisions ordinaires %(n)s/%(of)s", n=n, of=of))
    if kind == "extraordinary":
        return str(_("Provisions extraordinaires %(n)s/%(of)s", n=n, of=of))
    return str(_("Fonds de réserve %(n)s/%(of)s", n=n, of=of))


@dataclass(frozen=True)
class Group:
    """Budget lines called together: one kind, one key, one fund."""
    kind: str
    key_id: UUID | None
    fund_id: UUID | None
    total: Decimal


def groups(lines: list[qbud.Line]) -> list[Group]:
    """The budget's lines summed per kind of call, key and fund, in the order they first appear."""
    found: dict[tuple[str, UUID | None, UUID | None], Decimal] = {}
    for line in lines:
        k = (_KIND[line.section], line.sharing_key_id, line.fund_id)
        found[k] = found.get(k, Decimal("0.00")) + line.amount
    return [Group(kind, key, fund, total) for (kind, key, fund), total in found.items()]


def plan(budget: qbud.Budget, lines: list[qbud.Line], working_fund: UUID, issued: list[q.Call],
         fund_keys: dict[UUID, UUID | None]) -> list[q.NewCall]:
    """The calls still to make: per group, what the budget asks minus what was issued, over the periods left."""
    frequency = cast(Frequency, budget.frequency)  # the database allows only these
    spans = periods(budget.year_start, budget.year_end, frequency)
    out: list[q.NewCall] = []
    for g in groups(lines):
        fund = g.fund_id or working_fund
        key = g.key_id or (fund_keys.get(fund) if g.kind == "reserve_fund" else None)
        done = [c for c in issued if (c.kind, c.sharing_key_id, c.fund_id) == (g.kind, key, fund)]
        called = sum((c.total for c in done), Decimal("0.00"))
        starts = {c.period_start for c in done}
        left = [(i, s) for i, s in enumerate(spans, start=1) if s[0] not in starts]
        remaining = g.total - called
        if not left or remaining <= 0:
            continue
        parts = largest_remainder(remaining, [(i, 1) for i, _span in left])
        for (i, (start, end)), part in zip(left, parts, strict=True):
            if part.amount > 0:
                out.append(q.NewCall(g.kind, fund, _label(g.kind, i, len(spans)), start, end, start,
                                     start + timedelta(days=budget.due_after_days), part.amount, key))
    return out


async def generate_calls(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any,
                         preview: bool = False) -> list[CallView]:
    """The year's calls from its approved budget, as drafts (or only previewed)."""
    member = require(actor, "call.issue", building_id)
    f = Fields(data if data is not None else {}, allowed={"budget_id"})
    budget_id = f.uuid("budget_id", required=True)
    f.done()
    async with conn.transaction():
        budget = await budget_reached(conn, member, given(budget_id))
        if budget.building_id != building_id:
            raise Conflict(_("Ce budget est celui d'un autre bâtiment."), "budget_id")
        if budget.status != "approved":
            raise Conflict(_("Seul le budget voté par l'assemblée s'appelle."), "budget_id")
        building = await building_of(conn, member, building_id)
        working = await qf.working(conn, member.org_id, building.id)
        if working is None:
            raise Conflict(_("Ouvrez d'abord le fonds de roulement du bâtiment (son compte en banque)."), "fund_id")
        funds = {x.id: x.sharing_key_id for x in await qf.list_for_building(conn, member.org_id, building.id)}
        issued = await q.issued_of_year(conn, member.org_id, building.id, budget.year_start)
        calls = plan(budget, await qbud.lines(conn, member.org_id, budget.id), working.id, issued, funds)
        held = await held_during(conn, member.org_id, building.id, budget.year_start, budget.year_end)
        views = [CallView(c, await shares_of(conn, member.org_id, building, c, held), {}) for c in calls]
        if preview:
            return views
        await q.drop_drafts(conn, member.org_id, building.id, budget.year_start)
        ids = await q.insert(conn, member.org_id, building.id, budget.id, calls)
        await record(conn, member, "generate", "call", budget.id, None, {"calls": [str(i) for i in ids]})
    return [CallView(given(await q.get(conn, member.org_id, i)), v.shares, {}, i) for i, v in zip(ids, views,
                                                                                                    strict=True)]
