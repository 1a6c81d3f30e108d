"""Lots (units): parse, list, read, add, change, delete; quota totals against the building's total_quota."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.charges.expense_lifecycle import charged_lot
from domain.meetings.voting import voted_lot
from domain.register import buildings
from domain.platform.users import Actor
from domain.platform.audit import record
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.i18n import Msg, _
from domain.pagination import Page, PageRequest
from domain.parse import Fields
from queries.register import buildings as qb
from queries.register import ownership as qr
from queries.register import units as q

MANAGERS = buildings.MANAGERS
READERS = buildings.READERS
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
    def parse(cls, data: object, building_id: UUID | None = None, current: q.Unit | None = None) -> "UnitInput":
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
    contacts = await qr.contacts(conn, actor.org_id, [u.id for u in rows], date.today())  # type: ignore[arg-type]
    return [to_api(u, contacts.get(u.id)) for u in rows]


def _owner_filter(actor: Actor) -> UUID | None:
    return actor.user_id if actor.role == "owner" else None


def require_manager(actor: Actor) -> None:
    """Only the syndic changes the register."""
    if actor.role not in MANAGERS or actor.org_id is None:
        raise Forbidden(_("Seul le syndic peut modifier le registre des lots et des propriétaires."))


async def list_units(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None,
                     page: PageRequest, building: qb.Building | None = None) -> Page[q.Unit]:
    """The lots the actor may see (of one building, or all), one page; `building`: the building of
    `building_id` when the caller already got it through get_building (not read twice)."""
    actor.require(*READERS)
    if building_id is not None and (building is None or building.id != building_id):
        await buildings.get_building(conn, actor, building_id)
    rows, total = await q.list_page(conn, actor.org_id, building_id, page.per_page, page.offset,  # type: ignore[arg-type]
                                    _owner_filter(actor))
    return Page(rows, page, total)


async def get_unit(conn: asyncpg.Connection, actor: Actor, unit_id: UUID) -> q.Unit:
    """One lot the actor may see."""
    actor.require(*READERS)
    unit = await q.get(conn, actor.org_id, unit_id, _owner_filter(actor))  # type: ignore[arg-type]
    if unit is None:
        raise NotFound("unit", unit_id)
    return unit


async def quota_status(conn: asyncpg.Connection, actor: Actor, building: qb.Building) -> QuotaStatus:
    """The building's lots' quotas against its total."""
    return QuotaStatus(building.total_quota, await q.quota_held(conn, actor.org_id, building.id))  # type: ignore[arg-type]


async def _locked_building(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> qb.Building:
    building = await qb.lock(conn, actor.org_id, building_id)  # type: ignore[arg-type]
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
    require_manager(actor)
    async with conn.transaction():
        building = await _locked_building(conn, actor, data.building_id)
        check_total(building, await q.quota_held(conn, actor.org_id, building.id) + data.quota)  # type: ignore[arg-type]
        # the row and its audit entry in one statement
        unit = await _unique(q.create(conn, actor.org_id, asdict(data), actor.user_id, actor.role))  # type: ignore[arg-type]
    return unit


async def _unique(statement: Awaitable[Any]) -> Any:
    try:
        return await statement
    except asyncpg.UniqueViolationError:
        raise Invalid({"unit_number": _("Ce numéro de lot existe déjà dans le bâtiment.")})


async def _quota_locked(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> str | None:
    for predicate in QUOTA_LOCKS:
        if reason := await predicate(conn, org_id, unit_id):
            return reason
    return None


async def update_unit(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, data: object) -> q.Unit:
    """A syndic changes a lot; its quota only while no charge or vote relies on it."""
    require_manager(actor)
    async with conn.transaction():
        current = await q.get(conn, actor.org_id, unit_id)  # type: ignore[arg-type]
        if current is None:
            raise NotFound("unit", unit_id)
        values = UnitInput.parse(data, current=current)
        building = await _locked_building(conn, actor, current.building_id)
        before = await q.lock(conn, actor.org_id, unit_id)  # type: ignore[arg-type]
        if values.quota != before.quota:  # type: ignore[union-attr]
            if reason := await _quota_locked(conn, actor.org_id, unit_id):  # type: ignore[arg-type]
                raise Conflict(reason or _("La quote-part de ce lot ne peut plus changer."), field="quota")
            held = await q.quota_held(conn, actor.org_id, building.id)  # type: ignore[arg-type]
            check_total(building, held - before.quota + values.quota)  # type: ignore[union-attr]
        after = await _unique(q.update(conn, actor.org_id, unit_id, asdict(values)))  # type: ignore[arg-type]
        await record(conn, actor, "update", "unit", unit_id, before, after)
    return after  # type: ignore[no-any-return]


async def delete_unit(conn: asyncpg.Connection, actor: Actor, unit_id: UUID) -> None:
    """A syndic deletes a lot that never had an owner nor anything attached."""
    require_manager(actor)
    async with conn.transaction():
        before = await q.lock(conn, actor.org_id, unit_id)  # type: ignore[arg-type]
        if before is None:
            raise NotFound("unit", unit_id)
        if await q.has_rights(conn, actor.org_id, unit_id):  # type: ignore[arg-type]
            raise Conflict(_("Ce lot a un historique de propriété : il ne peut pas être supprimé."))
        try:
            async with conn.transaction():
                await q.delete(conn, actor.org_id, unit_id)  # type: ignore[arg-type]
        except asyncpg.ForeignKeyViolationError:
            raise Conflict(_("Des écritures ou des votes portent sur ce lot : il ne peut pas être supprimé."))
        await record(conn, actor, "delete", "unit", unit_id, before, None)


def type_label(unit_type: str) -> Msg:
    """The French name of a type of lot."""
    return {"apartment": _("Appartement"), "commercial": _("Commerce"), "office": _("Bureau"),
            "parking": _("Parking"), "cellar": _("Cave"), "storage": _("Débarras"),
            "other": _("Autre")}[unit_type]
