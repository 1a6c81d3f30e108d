"""What a building records for its reserve-fund floor: BE, the general assembly's four-fifths decision not to
constitute the reserve fund (its date and reference, the resolution when it was voted here) and the provisional
acceptance of the common parts (the fund is due five years after at the latest); FR, the unanimous waiver of a
building under ten lots and the completion (ten years). The budgets' reserve check reads them and says so."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import Invalid
from domain.i18n import _
from domain.parse import Fields
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.rules.reserve_fund import Waiver
from queries.calls import budgets as qbud
from queries.calls import reserve_rules as q
from queries.calls.reserve_rules import ReserveRules as ReserveRules


@dataclass(frozen=True)
class RulesInput:
    waiver_decided_on: date | None
    waiver_reference: str | None
    waiver_resolution_id: UUID | None
    provisional_acceptance_on: date | None

    @classmethod
    def parse(cls, data: Any) -> RulesInput:
        """The waiver (its date and reference together, the resolution optional) and the acceptance date; empty
        fields clear what was recorded."""
        f = Fields(data if data is not None else {}, allowed={
            "waiver_decided_on", "waiver_reference", "waiver_resolution_id", "provisional_acceptance_on"})
        decided, reference = f.date("waiver_decided_on"), f.text("waiver_reference", max_len=200)
        resolution, acceptance = f.uuid("waiver_resolution_id"), f.date("provisional_acceptance_on")
        if decided is None and (reference or resolution) and "waiver_decided_on" not in f.errors:
            f.error("waiver_decided_on", _("Donnez la date de l'assemblée qui a décidé la dispense."))
        if decided is not None and not reference and "waiver_reference" not in f.errors:
            f.error("waiver_reference", _("Citez la décision (assemblée, point, majorité des quatre cinquièmes)."))
        f.done()
        return cls(decided, reference, resolution, acceptance)


def waiver_of(rules: ReserveRules | None) -> Waiver | None:
    """The recorded waiver as the rule reads it."""
    if rules is None or rules.waiver_decided_on is None or rules.waiver_reference is None:
        return None
    return Waiver(rules.waiver_decided_on, rules.waiver_reference)


async def rules_of(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> ReserveRules | None:
    """What the building records (for the reserve check)."""
    return await q.get(conn, org_id, building_id)


async def get_rules(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> ReserveRules:
    """The building's reserve rules (empty when nothing is recorded)."""
    member = require(actor, "fund.read", building_id)
    building = await get_building(conn, member, building_id)
    found = await q.get(conn, member.org_id, building.id)
    return found or ReserveRules(building.id, None, None, None, None)


async def set_rules(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> ReserveRules:
    """The syndic records the waiver and the acceptance date; a resolution named must be adopted in the building."""
    member = require(actor, "reserve_rules.manage", building_id)
    new = RulesInput.parse(data)
    async with conn.transaction():
        building = await get_building(conn, member, building_id)
        if new.waiver_resolution_id is not None and not await qbud.resolution_adopted(
                conn, member.org_id, new.waiver_resolution_id, building.id):
            raise Invalid({"waiver_resolution_id": _("Choisissez une résolution adoptée par une assemblée de ce "
                                                     "bâtiment.")})
        before = await q.get(conn, member.org_id, building.id)
        after = await q.put(conn, member.org_id, building.id, new.waiver_decided_on, new.waiver_reference,
                            new.waiver_resolution_id, new.provisional_acceptance_on, member.user_id)
        await record(conn, member, "set_reserve_rules", "building", building.id, before, after)
    return after


async def resolutions(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[qbud.Resolution]:
    """The resolutions a waiver may cite: those adopted by the building's assemblies."""
    member = require(actor, "fund.read", building_id)
    return await qbud.adopted_resolutions(conn, member.org_id, building_id)
