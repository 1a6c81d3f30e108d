"""Lots (units): parse, list, read, add, change, delete; quota totals against the building's total_quota."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.charges.expense_lifecycle import charged_lot
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import Msg, _
from domain.meetings.voting import voted_lot
from domain.pagination import Page, PageRequest
from domain.parse import Fields
from domain.platform.audit import record
from domain.register import buildings
from queries.register import buildings as qb
from queries.register import ownership as qr
from queries.register import units as q
from queries.register.rights import LotRight, lots_and_rights_on

UNIT_TYPES = ("apartment", "commercial", "office", "parking", "cellar", "storage", "other")
TYPE_ALIASES = {"appartement": "apartment", "flat": "apartment", "commerce": "commercial", "bureau": "office",
                "garage": "parking", "cave": "cellar", "débarras": "storage", "stockage": "storage",
                "autre": "other"}
API_TYPES = {t: t.capitalize() for t in UNIT_TYPES}
_IGNORED = {"id", "organization_id", "owner_id", "created_at", "updated_at"}

# Why a lot's quota may no longer change: each area that relies on it answers (conn, org_id, unit_id) ->
# reason or None (a lot whose quota already served in a charge or a vote keeps it: a change is an act of the
# assembly). The list is written here, where it is used.
QuotaLock = Callable[[asyncpg.Connection, UUID, UUID], Awaitable[str | None]]
QUOTA_LOCKS: tuple[QuotaLock, ...] = (charged_lot, voted_lot)


@dataclass(frozen=True)
class UnitInput:
    building_id: UUID
    number: str
    unit_type: str
    floor: int | None
    surface_area: Decimal | None
    quota: int

    @classmethod
    def parse(cls, data: object, building_id: UUID | None = None, current: q.Unit | None = None) -> UnitInput:
        """Validate a lot form or JSON body (fields absent from a JSON update keep their value)."""
        f = Fields(data, allowed={"building_id", "unit_number", "unit_type", "floor", "surface_area", "quota",
                                  *_IGNORED})
        keep = current is not None and not f.form

        def needed(name: str) -> bool:
            return not keep or f.present(name)

        values: dict[str, Any] = {
            "building_id": f.uuid("building_id", required=building_id is None and current is None),
            "number": f.text("unit_number", required=needed("unit_number"), max_len=20),
            "unit_type": f.choice("unit_type", UNIT_TYPES, required=needed("unit_type"), aliases=TYPE_ALIASES),
            "floor": f.integer("floor", min=-10, max=200),
            "surface_area": f.decimal("surface_area", min=Decimal(0), max=Decimal("99999999.99")),
            "quota": f.integer("quota", required=needed("quota"), min=1, max=10_000_000),
        }
        f.done()
        if current is not None:
            sent = {"number": "unit_number"}
            values = {k: (getattr(current, k) if keep and not f.present(sent.get(k, k)) else v)
                      for k, v in values.items()}
            values["building_id"] = current.building_id
        elif building_id is not None:
            values["building_id"] = building_id
        return cls(**values)


@dataclass(frozen=True)
class QuotaStatus:
    total: int
    held: int

    @property
    def state(self) -> str:
        """complete, missing or over."""
        return "complete" if self.held == self.total else ("missing" if self.held < self.total else "over")

    @property
    def gap(self) -> int:
        """How many quote-parts are missing (or over)."""
        return abs(self.total - self.held)


def to_api(unit: q.Unit, owner_id: UUID | None = None) -> dict[str, Any]:
    """A lot with the API's field names (unit_number, unit_type as Apartment …)."""
    return {"id": unit.id, "organization_id": unit.organization_id, "building_id": unit.building_id,
            "unit_number": unit.number, "unit_type": API_TYPES[unit.unit_type], "floor": unit.floor,
            "surface_area": unit.surface_area, "quota": unit.quota, "owner_id": owner_id,
            "created_at": unit.created_at, "updated_at": unit.updated_at}


async def with_contacts(conn: asyncpg.Connection, actor: Actor, rows: list[q.Unit]) -> list[dict[str, Any]]:
    """Lots in the API's shape, each with its contact owner today as `owner_id` (one query)."""
    member = require(actor, "register.read")
    contacts = await qr.contacts(conn, member.org_id, [u.id for u in rows], date.today())
    return [to_api(u, contacts.get(u.id)) for u in rows]


async def list_units(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None,
                     page: PageRequest, building: qb.Building | None = None) -> Page[q.Unit]:
    """The lots the actor may see (of one building, or all), one page; `building`: the building of
    `building_id` when the caller already got it through get_building (not read twice)."""
    member = require(actor, "register.read")
    if building_id is not None and (building is None or building.id != building_id):
        await buildings.get_building(conn, member, building_id)
    rows, total = await q.list_page(conn, member.org_id, building_id, page.per_page, page.offset,
                                    member.own_only, member.building_ids)
    return Page(rows, page, total)


async def get_unit(conn: asyncpg.Connection, actor: Actor, unit_id: UUID) -> q.Unit:
    """One lot the actor may see."""
    member = require(actor, "register.read")
    unit = await q.get(conn, member.org_id, unit_id, member.own_only)
    if unit is None or not member.reaches(unit.building_id):
        raise NotFound("unit", unit_id)
    return unit


async def lots_on(conn: asyncpg.Connection, actor: Actor, building: qb.Building, day: date) -> list[LotRight]:
    """Every lot of the building with the rights in force on `day` (the register's table)."""
    member = require(actor, "register.browse", building.id)
    return await lots_and_rights_on(conn, member.org_id, building.id, day)


async def quota_status(conn: asyncpg.Connection, actor: Actor, building: qb.Building) -> QuotaStatus:
    """The building's lots' quotas against its total."""
    member = require(actor, "register.read", building.id)
    return QuotaStatus(building.total_quota, await q.quota_held(conn, member.org_id, building.id))


async def _locked_building(conn: asyncpg.Connection, member: Member, building_id: UUID) -> qb.Building:
    building = await qb.lock(conn, member.org_id, building_id)
    if building is None:
        raise Invalid({"building_id": _("Bâtiment inconnu.")})
    return building


def check_total(building: qb.Building, held: int, field: str = "quota") -> None:
    """Refuse a quota sum above the building's total, naming the numbers."""
    if held > building.total_quota:
        raise Invalid({field: _("Les quotes-parts des lots totaliseraient %(held)s pour un total de %(total)s "
                                "(%(over)s de trop).", held=held, total=building.total_quota,
                                over=held - building.total_quota)})


async def add_unit(conn: asyncpg.Connection, actor: Actor, data: UnitInput) -> q.Unit:
    """A syndic adds a lot to a building, within the building's total quota."""
    member = require(actor, "register.manage")
    async with conn.transaction():
        building = await _locked_building(conn, member, data.building_id)
        check_total(building, await q.quota_held(conn, member.org_id, building.id) + data.quota)
        # the row and its audit entry in one statement
        unit: q.Unit = await _unique(q.create(conn, member.org_id, asdict(data), member.user_id, member.role))
    return unit


async def _unique(statement: Awaitable[Any]) -> Any:
    try:
        return await statement
    except asyncpg.UniqueViolationError:
        raise Invalid({"unit_number": _("Ce numéro de lot existe déjà dans le bâtiment.")}) from None


async def _quota_locked(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> str | None:
    for predicate in QUOTA_LOCKS:
        if reason := await predicate(conn, org_id, unit_id):
            return reason
    return None


async def update_unit(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, data: object) -> q.Unit:
    """A syndic changes a lot; its quota only while no charge or vote relies on it."""
    member = require(actor, "register.manage")
    async with conn.transaction():
        current = await q.get(conn, member.org_id, unit_id)
        if current is None:
            raise NotFound("unit", unit_id)
        values = UnitInput.parse(data, current=current)
        building = await _locked_building(conn, member, current.building_id)
        before = await q.lock(conn, member.org_id, unit_id) or current
        if values.quota != before.quota:
            if reason := await _quota_locked(conn, member.org_id, unit_id):
                raise Conflict(reason, field="quota")
            held = await q.quota_held(conn, member.org_id, building.id)
            check_total(building, held - before.quota + values.quota)
        after: q.Unit = await _unique(q.update(conn, member.org_id, unit_id, asdict(values)))
        await record(conn, member, "update", "unit", unit_id, before, after)
    return after


async def delete_unit(conn: asyncpg.Connection, actor: Actor, unit_id: UUID) -> None:
    """A syndic deletes a lot that never had an owner nor anything attached."""
    member = require(actor, "register.manage")
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, unit_id)
        if before is None:
            raise NotFound("unit", unit_id)
        if await q.has_rights(conn, member.org_id, unit_id):
            raise Conflict(_("Ce lot a un historique de propriété : il ne peut pas être supprimé."))
        try:
            async with conn.transaction():
                await q.delete(conn, member.org_id, unit_id)
        except asyncpg.ForeignKeyViolationError:
            raise Conflict(_("Des écritures ou des votes portent sur ce lot : il ne peut pas être supprimé.")) from None
        await record(conn, member, "delete", "unit", unit_id, before, None)


def type_label(unit_type: str) -> Msg:
    """The French name of a type of lot."""
    return {"apartment": _("Appartement"), "commercial": _("Commerce"), "office": _("Bureau"),
            "parking": _("Parking"), "cellar": _("Cave"), "storage": _("Débarras"),
            "other": _("Autre")}[unit_type]
