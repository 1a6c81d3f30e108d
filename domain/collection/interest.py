"""Late interest charged to an owner by a use case the syndic runs: at the bylaws' own rate from each item's due
date where the bylaws provide it (a setting with its clause), otherwise at the legal rate from the formal notice
(the registered letter's deposit), day by day and split at each change of rate (domain.rules.legal_interest);
each charge starts where the last one ended, so the same days are never charged twice."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.errors import Invalid, NotFound
from domain.i18n import _
from domain.platform.audit import record
from domain.rules.legal_interest import Interest, fixed_rate, late_interest, legal_rates, round_cents
from queries.collection import arrears as qa
from queries.collection import interest as q
from queries.register import buildings as qb


@dataclass(frozen=True)
class Charged:
    owner_id: UUID
    start: date
    end: date  # exclusive
    amount: Decimal
    parts: list[Interest]  # per item: its periods, days and rates (the reasoning)
    clause: str | None


async def charge_interest(conn: asyncpg.Connection, actor: Actor, building_id: UUID, owner_id: UUID,
                          today: date) -> Charged:
    """Post the interest owed by the owner up to today (exclusive) in one transaction."""
    member = require(actor, "reminder.run", building_id)
    org = member.org_id
    async with conn.transaction():
        building = await qb.lock(conn, org, building_id)
        if building is None:
            raise NotFound("building", building_id)
        bylaws = await q.setting(conn, org, building_id)
        notice = await q.formal_notice(conn, org, building_id, owner_id)
        if bylaws is None and notice is None:
            raise Invalid({"owner_id": _("Sans clause du règlement, les intérêts courent à partir de la mise en "
                                         "demeure : aucune n'a été envoyée.")})
        table = fixed_rate(bylaws[0]) if bylaws else legal_rates(building.jurisdiction)
        last = await q.last_charged(conn, org, building_id, owner_id)
        items = [i for i in await qa.open_items(conn, org, building_id, owner_id=owner_id)
                 if i.due_date < today and i.source_kind not in ("reminder_cost", "late_interest")]
        parts = []
        for i in items:
            start = max(d for d in (i.due_date + timedelta(days=1), notice if not bylaws else None, last) if d)
            if start < today:
                parts.append(late_interest(i.outstanding, start, today, table))
        amount = round_cents(sum((p.exact for p in parts), Fraction(0)))
        if amount <= 0:
            raise Invalid({"owner_id": _("Aucun intérêt à porter en compte pour ces jours.")})
        first = min(p.start for p in parts)
        label = str(_("Intérêts de retard du %(a)s au %(b)s", a=first.isoformat(),
                      b=(today - timedelta(days=1)).isoformat()))
        entry = await post_entry(conn, member, building_id, EntryDraft("OD", today, label, (
            LineDraft("owners", debit=amount, owner_id=owner_id, label=label),
            LineDraft("late_interest", credit=amount, label=label)), source=("late_interest", owner_id)))
        await q.insert(conn, org, building_id, owner_id, first, today, amount, entry.id)
        charged = Charged(owner_id, first, today, amount, parts, bylaws[1] if bylaws else None)
        await record(conn, member, "charge_interest", "owner", owner_id, None,
                     {"amount": str(amount), "from": first.isoformat(), "to": today.isoformat()})
    return charged


UNANSWERED_DAYS = 30


async def bring_provisions_forward(conn: asyncpg.Connection, actor: Actor, building_id: UUID, owner_id: UUID,
                                   today: date) -> list[UUID]:
    """France, loi 1965 art. 19-2: a formal notice unanswered for 30 days makes the year's remaining provisions
    due — the owner's issued calls of the year not yet due are due today (recorded, for that owner only)."""
    member = require(actor, "reminder.run", building_id)
    org = member.org_id
    async with conn.transaction():
        building = await qb.lock(conn, org, building_id)
        if building is None:
            raise NotFound("building", building_id)
        if building.jurisdiction != "FR":
            raise Invalid({"building": _("L'exigibilité anticipée des provisions (art. 19-2) est propre à la "
                                         "France.")})
        notice = await q.formal_notice(conn, org, building_id, owner_id)
        if notice is None or (today - notice).days < UNANSWERED_DAYS:
            raise Invalid({"owner_id": _("Il faut une mise en demeure restée sans effet pendant 30 jours.")})
        changed = await q.bring_forward(conn, org, building_id, owner_id, today, member.user_id,
                                        date(today.year, 12, 31))
        await record(conn, member, "bring_forward", "owner", owner_id, None,
                     {"calls": [str(c) for c in changed], "on": today.isoformat()})
    return changed
