"""A budget revised mid-year: the syndic chooses, after a preview, between
- "recompute": only the calls not issued yet change — what remains of the new budget (its total minus what was
  issued) is spread over the periods not called yet (the year's schedule generated again);
- "call": one regularisation call per kind, key and fund for the difference over the periods already issued
  (what the new budget asks for them minus what was called), then the periods not called yet at the new budget's
  own amounts. A difference in the owners' favour is not called: it reaches them at the settlement.
Both write drafts only (issued as any call); `preview` writes nothing."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, cast
from uuid import uuid4

import asyncpg

from domain.access import Actor, require
from domain.calls.budgets import _reached as budget_reached
from domain.calls.calls import CallView, shares_of
from domain.calls.schedule import generate_calls, groups, plan
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

MODES = ("recompute", "call")
_LABELS = {"ordinary": _("Régularisation du budget révisé — provisions ordinaires"),
           "extraordinary": _("Régularisation du budget révisé — provisions extraordinaires"),
           "reserve_fund": _("Régularisation du budget révisé — fonds de réserve")}


@dataclass(frozen=True)
class Regularisation:
    mode: str
    regularisation: list[CallView]  # the difference called (mode "call")
    drafts: list[CallView]  # the periods not called yet


def differences(budget: qbud.Budget, lines: list[qbud.Line], working: Any, issued: list[q.Call],
                fund_keys: dict[Any, Any], day: date) -> list[q.NewCall]:
    """Per group, what the new budget asks for the periods already issued minus what they called (> 0 only)."""
    spans = periods(budget.year_start, budget.year_end, cast(Frequency, budget.frequency))
    out = []
    for g in groups(lines):
        fund = g.fund_id or working
        key = g.key_id or (fund_keys.get(fund) if g.kind == "reserve_fund" else None)
        done = [c for c in issued if (c.kind, c.sharing_key_id, c.fund_id) == (g.kind, key, fund)]
        starts = {c.period_start for c in done}
        parts = largest_remainder(g.total, [(i, 1) for i in range(len(spans))])
        should = sum((p.amount for p, s in zip(parts, spans, strict=True) if s[0] in starts), Decimal("0.00"))
        missing = should - sum((c.total for c in done), Decimal("0.00"))
        if missing > 0:
            out.append(q.NewCall(g.kind, fund, str(_LABELS[g.kind]), None, None, day,
                                 day + timedelta(days=budget.due_after_days), missing, key))
    return out


async def regularise(conn: asyncpg.Connection, actor: Actor, budget_id: Any, data: Any) -> Regularisation:
    """Apply (or preview) the revised budget's change to the year's calls, by the mode chosen."""
    member = require(actor, "call.issue")
    f = Fields(data if data is not None else {}, allowed={"mode", "preview", "call_date"})
    mode = f.choice("mode", MODES, required=True)
    preview = str(f.data.get("preview", "")).lower() in ("1", "true", "yes", "on")
    day = f.date("call_date") or date.today()
    f.done()
    budget = await budget_reached(conn, member, budget_id)
    if mode == "recompute":
        views = await generate_calls(conn, member, budget.building_id, {"budget_id": str(budget.id)}, preview)
        return Regularisation("recompute", [], views)
    async with conn.transaction():
        if budget.status != "approved":
            raise Conflict(_("Seul le budget voté par l'assemblée s'appelle."), "budget_id")
        building = await building_of(conn, member, budget.building_id)
        working = given(await qf.working(conn, member.org_id, building.id))
        keys = {x.id: x.sharing_key_id for x in await qf.list_for_building(conn, member.org_id, building.id)}
        issued = await q.issued_of_year(conn, member.org_id, building.id, budget.year_start)
        lines = await qbud.lines(conn, member.org_id, budget.id)
        extra = differences(budget, lines, working.id, issued, keys, day)
        # the new budget's own amounts for the periods left: what was issued plus the regularisation counted
        pending = [q.Call(uuid4(), building.id, budget.id, c.kind, c.fund_id, c.label, None, None, c.call_date,
                          c.due_date, c.total, c.sharing_key_id, "draft", None, None, datetime.now(UTC))
                   for c in extra]
        drafts = plan(budget, lines, working.id, issued + pending, keys)
        views = [CallView(c, await shares_of(conn, member.org_id, building, c), {}) for c in extra + drafts]
        if preview:
            return Regularisation("call", views[:len(extra)], views[len(extra):])
        await q.drop_drafts(conn, member.org_id, building.id, budget.year_start)
        ids = await q.insert(conn, member.org_id, building.id, budget.id, extra + drafts)
        await record(conn, member, "regularise", "budget", budget.id, None, {"calls": [str(i) for i in ids]})
    stored = [CallView(given(await q.get(conn, member.org_id, i)), v.shares, {}, i)
              for i, v in zip(ids, views, strict=True)]
    return Regularisation("call", stored[:len(extra)], stored[len(extra):])
