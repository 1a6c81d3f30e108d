"""The charge settlement (décompte) of a period: each owner's actual charges (the expenses allocated to them in the
period) set against the provisions called for it — ordinary provisions against ordinary charges, extraordinary
provisions against works. A positive balance is to pay; a negative one is the owner's credit, never lost (it is
carried to the next call). Read from what is stored; the regularisation entry is not posted here."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.i18n import _
from domain.parse import Fields, given
from domain.register.buildings import get_building
from queries.calls import settlement as q

_KINDS = {"ordinary": ("ordinary", "ordinary"), "extraordinary": ("extraordinary", "works")}


@dataclass(frozen=True)
class Settlement:
    building_id: UUID
    first: date
    last: date
    kind: str
    owners: list[q.OwnerSettlement]

    @property
    def provisions(self) -> Decimal:
        """The provisions called over the period."""
        return sum((o.provisions for o in self.owners), Decimal("0.00"))

    @property
    def charges(self) -> Decimal:
        """The charges allocated over the period."""
        return sum((o.charges for o in self.owners), Decimal("0.00"))


async def settle(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> Settlement:
    """The settlement of [from, to] for the building's owners."""
    member = require(actor, "call.read", building_id)
    f = Fields(data if data is not None else {}, allowed={"from", "to", "kind"})
    first, last = f.date("from", required=True), f.date("to", required=True)
    kind = f.choice("kind", _KINDS) or "ordinary"
    if first and last and last < first:
        f.error("to", _("La période finit avant de commencer."))
    f.done()
    building = await get_building(conn, member, building_id)
    call_kind, nature = _KINDS[kind]
    owners = await q.settlement(conn, member.org_id, building.id, given(first), given(last), call_kind, nature)
    return Settlement(building.id, given(first), given(last), kind, owners)
