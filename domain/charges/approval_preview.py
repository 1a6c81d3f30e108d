"""Before approval: who would pay what, and a warning when the general key's quotas do not add up to the building's
total (the expense would then be shared over what the lots hold: lot 1 with 1,800 of 10,000 would pay 25 %)."""
from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from domain.access import Actor, require
from domain.charges.expense_lifecycle import allocation_of
from domain.errors import Conflict
from domain.i18n import _
from domain.rules.allocation import Allocation
from queries.charges import expenses as q
from queries.register import buildings as qb


@dataclass(frozen=True)
class Preview:
    """The allocation approval would store (or why it cannot), and what the syndic should know first."""

    allocation: Allocation | None
    problem: str | None  # a domain message (Msg), translated when shown
    warning: str | None


async def approval_preview(conn: asyncpg.Connection, actor: Actor, expense: q.Expense) -> Preview | None:
    """For a draft the actor may approve: the lots' and owners' parts it would get, computed as approval would."""
    member = require(actor, "expense.approve", expense.building_id)
    if expense.status != "draft":
        return None
    warning = None
    if expense.sharing_key_id is None:
        held = await qb.quota_held(conn, member.org_id, expense.building_id)
        building = await qb.get(conn, member.org_id, expense.building_id)
        if building is not None and held != building.total_quota:
            warning = _("Les quotes-parts des lots totalisent %(held)s pour un total de %(total)s : la clé générale "
                        "répartit cette dépense sur %(held)s, chaque lot paie donc plus que sa quote-part de %(total)s. "
                        "Complétez les lots du bâtiment, ou approuvez en connaissance de cause.",
                        held=held, total=building.total_quota)
    try:
        return Preview(await allocation_of(conn, expense), None, warning)
    except Conflict as e:
        return Preview(None, e.reason, warning)
