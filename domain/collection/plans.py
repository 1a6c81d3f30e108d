"""Payment plans: a hold of kind payment_plan with its instalments, each its own date and amount, summing to the
debt planned — what the owner has overdue on the day, to the cent. Given as a list, or as a count and a first date
(split evenly: domain/rules/payment_plan.py `split_evenly`).

While the plan is kept the ladder skips the owner (the hold runs to the last instalment's date and its grace).
Before each daily run (domain/collection/ladder.py `run_building`), `lapse_broken` ends the plans of which an
instalment is short more than GRACE_DAYS (15) days after its date — what was paid since the plan began counted
cumulatively, paying ahead counting for the next ones: the hold ends that day, the instalment missed is kept, the
owner told (in-app); the ladder then resumes on the overdue items from that run on."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Conflict
from domain.i18n import _, money
from domain.notifications.notices import notify
from domain.parse import Fields, FormInput, given
from domain.platform.audit import record
from domain.register.owners import get_owner
from domain.rules.payment_plan import GRACE_DAYS, MAX_INSTALMENTS, Instalment, missed, plan_end, split_evenly
from queries.collection import arrears as qa
from queries.collection import ladder as q
from queries.collection import plans as qp

PLAN_FORM_HINT = _("Un plan de paiement se crée avec ses échéances (formulaire « Plan de paiement »).")
_FIELDS = {"kind", "reason", "starts_on", "instalments", "count", "first_due_on", "every_months"}


@dataclass(frozen=True)
class Plan:
    """A payment plan: the hold, its instalments, what was paid since it began, the instalment missed if it
    lapsed, and the next instalment not yet covered."""
    hold: q.Hold
    instalments: list[Instalment]
    paid: Decimal
    missed: int | None

    @property
    def total(self) -> Decimal:
        return sum((i.amount for i in self.instalments), Decimal("0.00"))

    @property
    def next_due(self) -> Instalment | None:
        """The first instalment the payments do not cover yet."""
        covered = Decimal("0.00")
        for i in self.instalments:
            covered += i.amount
            if self.paid < covered:
                return i
        return None


def _listed(f: Fields, raw: Any) -> list[Instalment]:
    """Instalments given one by one: [{due_on, amount}, …], numbered in date order."""
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_INSTALMENTS:
        f.error("instalments", _("Entre 1 et %(n)s échéances.", n=MAX_INSTALMENTS))
        return []
    found: list[tuple[date, Decimal]] = []
    for k, item in enumerate(raw):
        if not isinstance(item, Mapping):
            f.error(f"instalments[{k}]", _("Une échéance a une date et un montant."))
            continue
        g = Fields(item, {"due_on", "amount"})
        day, amount = g.date("due_on", required=True), g.decimal("amount", required=True, min=Decimal("0.01"))
        for name, message in g.errors.items():
            f.error(f"instalments[{k}].{name}", message)
        if day is not None and amount is not None:
            found.append((day, amount))
    return [Instalment(n, d, a) for n, (d, a) in enumerate(sorted(found, key=lambda x: x[0]), start=1)]


def parse_instalments(f: Fields, debt: Decimal) -> list[Instalment]:
    """The instalments from a list, or split evenly from a count and a first date; they must sum to `debt`."""
    if f.present("instalments") and not f.form:
        plan = _listed(f, f.data.get("instalments"))
    else:
        count = f.integer("count", required=True, min=1, max=MAX_INSTALMENTS)
        first = f.date("first_due_on", required=True)
        every = f.integer("every_months", min=1, max=12) or 1
        if count is None or first is None or debt <= 0 or count * Decimal("0.01") > debt:
            return []
        return split_evenly(debt, count, first, every)
    total = sum((i.amount for i in plan), Decimal("0.00"))
    if plan and total != debt and not f.errors:
        f.error("instalments", _("Les échéances totalisent %(total)s ; la dette à étaler est de %(debt)s.",
                                 total=money(total), debt=money(debt)))
    return plan


async def overdue_debt(conn: asyncpg.Connection, member: Member, owner_id: UUID, today: date) -> Decimal:
    """What the owner has overdue on `today` in the member's buildings: the debt a plan spreads."""
    items = await qa.open_items(conn, member.org_id, None, member.building_ids, owner_id)
    return sum((i.outstanding for i in items if i.due_date < today), Decimal("0.00"))


async def owner_items(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[qa.OpenItem]:
    """What the owner still owes item by item in the member's buildings, oldest due first."""
    member = require(actor, "arrears.read")
    owner = await get_owner(conn, member, owner_id)
    return await qa.open_items(conn, member.org_id, None, member.building_ids, owner.id)


async def add_plan(conn: asyncpg.Connection, actor: Actor, owner_id: UUID, data: object, today: date) -> Plan:
    """A payment plan on the owner's overdue debt: the hold (to the last instalment and its grace) and its
    instalments, in one transaction."""
    member = require(actor, "hold.manage")
    owner = await get_owner(conn, member, owner_id)
    f = Fields(data if data is not None else {}, _FIELDS)
    f.choice("kind", ("payment_plan",))
    reason = f.text("reason", required=True, max_len=500, multiline=True)
    starts = f.date("starts_on") or today
    async with conn.transaction():
        if await qp.open_plans(conn, member.org_id, today, [owner.id]):
            raise Conflict(_("Un plan de paiement est déjà en cours : levez-le avant d'en convenir un autre."),
                           "instalments")
        debt = await overdue_debt(conn, member, owner.id, today)
        if debt <= 0:
            f.error("instalments", _("Ce copropriétaire n'a rien en retard : il n'y a rien à étaler."))
        plan = parse_instalments(f, debt)
        if plan and plan[0].due_on < starts:
            f.error("instalments", _("La première échéance vient après le début du plan."))
        f.done()
        hold = await q.add_hold(conn, member.org_id, owner.id, "payment_plan", given(reason), starts,
                                plan_end(plan), member.user_id)
        await qp.add_instalments(conn, member.org_id, hold.id, [(i.number, i.due_on, i.amount) for i in plan])
        await record(conn, member, "create", "owner_hold", hold.id, None,
                     {"kind": "payment_plan", "debt": str(debt), "instalments": len(plan)})
    return Plan(hold, plan, Decimal("0.00"), None)


async def owner_plans(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[Plan]:
    """The owner's payment plans, the latest first, with their instalments and what was paid since each began."""
    member = require(actor, "arrears.read")
    owner = await get_owner(conn, member, owner_id)
    holds = {h.id: h for h in await q.holds(conn, member.org_id, owner.id) if h.kind == "payment_plan"}
    rows = await qp.plans_of_owner(conn, member.org_id, owner.id)
    parts: dict[UUID, list[Instalment]] = {}
    for i in await qp.instalments(conn, member.org_id, list(holds)):
        parts.setdefault(i.hold_id, []).append(Instalment(i.number, i.due_on, i.amount))
    lapsed = await qp.missed(conn, member.org_id, owner.id)
    return [Plan(holds[r.id], parts.get(r.id, []), r.paid, lapsed.get(r.id)) for r in rows if r.id in holds]


async def lapse_broken(conn: asyncpg.Connection, member: Member, today: date,
                       owner_ids: list[UUID] | None = None) -> list[UUID]:
    """End the running plans with an instalment short past its grace (these owners' only when given), each owner
    told; the holds ended. Runs in the caller's transaction."""
    plans = await qp.open_plans(conn, member.org_id, today, owner_ids)
    if not plans:
        return []
    parts: dict[UUID, list[Instalment]] = {}
    for i in await qp.instalments(conn, member.org_id, [p.id for p in plans]):
        parts.setdefault(i.hold_id, []).append(Instalment(i.number, i.due_on, i.amount))
    ended = []
    for p in plans:
        short = missed(parts.get(p.id, []), p.paid, today, GRACE_DAYS)
        if short is None or not await qp.lapse(conn, member.org_id, p.id, today, short.number):
            continue
        ended.append(p.id)
        await notify(conn, member.org_id, "reminder.sent",
                     _("Plan de paiement : l'échéance du %(day)s (%(amount)s) n'est pas payée ; les rappels "
                       "reprennent", day=short.due_on, amount=money(short.amount)), "/portal", owners=[p.owner_id])
    return ended


def form_of(data: Mapping[str, Any]) -> FormInput:
    """The page's plan form as the use case reads it (a count and a first date)."""
    return FormInput({k: data.get(k, "") for k in ("reason", "starts_on", "count", "first_due_on", "every_months")})
