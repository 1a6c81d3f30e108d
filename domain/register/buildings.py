"""Buildings: parse, list, read, create, change, delete."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.pagination import Page, PageRequest
from domain.parse import Fields
from domain.platform.audit import record
from domain.rules.payment_reference import compact_iban, iban_ok
from queries.register import buildings as q
from queries.register.buildings import Building as Building  # re-exported for the handlers

COUNTRIES = {"BE": "Belgique", "FR": "France"}


@dataclass(frozen=True)
class BuildingInput:
    name: str
    address: str
    city: str
    postal_code: str
    country: str
    total_units: int
    construction_year: int | None
    jurisdiction: str
    total_quota: int
    notice_days: int | None
    association_number: str | None
    iban: str | None

    @classmethod
    def parse(cls, data: object, current: q.Building | None = None) -> BuildingInput:
        """Validate a building form or JSON body (fields absent from a JSON update keep their value)."""
        f = Fields(data, allowed=set(q.FIELDS) | {"organization_id", "id"})
        keep = current is not None and not f.form

        def pick(name: str, value: object) -> Any:
            return getattr(current, name) if keep and not f.present(name) else value

        def needed(name: str) -> bool:
            # a JSON update may leave a required field out, but not send it empty
            return not keep or f.present(name)

        values: dict[str, Any] = {
            "name": f.text("name", required=needed("name"), max_len=200),
            "address": f.text("address", required=needed("address"), max_len=300),
            "city": f.text("city", required=needed("city"), max_len=120),
            "postal_code": f.text("postal_code", required=needed("postal_code"), max_len=20),
            "country": f.text("country", required=False, max_len=80),
            "total_units": f.integer("total_units", required=needed("total_units"), min=1, max=100000),
            "construction_year": f.integer("construction_year", min=1000, max=2100),
            "jurisdiction": f.choice("jurisdiction", ("BE", "FR")),
            "total_quota": f.integer("total_quota", min=1, max=10_000_000),
            "notice_days": f.integer("notice_days", min=1, max=120),
            "association_number": f.text("association_number", max_len=30),
            "iban": _iban(f),
        }
        f.done()
        values = {k: pick(k, v) for k, v in values.items()}
        jurisdiction = values["jurisdiction"] or _guess_jurisdiction(values["country"])
        values["jurisdiction"] = jurisdiction
        values["country"] = values["country"] or COUNTRIES[jurisdiction]
        values["total_quota"] = values["total_quota"] or 1000
        return cls(**values)


def _iban(f: Fields) -> str | None:
    """The IBAN checked and without spaces (an error on the field otherwise)."""
    iban = f.text("iban", max_len=42)
    if iban is None or iban_ok(iban):
        return compact_iban(iban) if iban else None
    f.error("iban", _("IBAN invalide (par exemple BE68 5390 0754 7034)."))
    return None


def _guess_jurisdiction(country: object) -> str:
    """Earlier clients send only a country: France means French law, anything else Belgian (our default)."""
    return "FR" if isinstance(country, str) and country.strip().lower() in ("france", "fr") else "BE"


async def list_buildings(conn: asyncpg.Connection, actor: Actor, search: str | None,
                         page: PageRequest) -> Page[q.Building]:
    """The buildings the actor may see, searched by name or city, one page."""
    member = require(actor, "building.read")
    rows, total = await q.list_page(conn, member.org_id, search, page.per_page, page.offset, member.own_only,
                                    member.building_ids)
    return Page(rows, page, total)


async def get_building(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> q.Building:
    """One building the actor may see."""
    member = require(actor, "building.read", building_id)
    building = await q.get(conn, member.org_id, building_id, member.own_only)
    if building is None:
        raise NotFound("building", building_id)
    return building


async def building_of(conn: asyncpg.Connection, member: Member, building_id: UUID) -> q.Building:
    """A building the member's use case already reached (through its meeting, expense …): read it, or NotFound."""
    building = await q.get(conn, member.org_id, building_id)
    if building is None:
        raise NotFound("building", building_id)
    return building


async def create_building(conn: asyncpg.Connection, actor: Actor, data: BuildingInput) -> q.Building:
    """A syndic adds a building to the organisation."""
    member = require(actor, "building.manage")
    async with conn.transaction():
        building = await q.insert(conn, member.org_id, asdict(data))
        await record(conn, member, "create", "building", building.id, None, building)
    return building


async def update_building(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                          data: object) -> q.Building:
    """A syndic changes a building (JSON updates may send only the fields that change)."""
    member = require(actor, "building.manage", building_id)
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, building_id)
        if before is None:
            raise NotFound("building", building_id)
        values = BuildingInput.parse(data, current=before)
        await _check_quota_total(conn, member, before, values)
        after = await q.update(conn, member.org_id, building_id, asdict(values))
        await record(conn, member, "update", "building", building_id, before, after)
    return after or before


async def _check_quota_total(conn: asyncpg.Connection, member: Member, before: q.Building,
                             values: BuildingInput) -> None:
    """The quote-part base cannot drop below what the lots already hold."""
    if values.total_quota == before.total_quota:
        return
    held = await q.quota_held(conn, member.org_id, before.id)
    if values.total_quota < held:
        raise Invalid({"total_quota": _("Les lots détiennent déjà %(held)s quotes-parts : la base ne peut "
                                        "pas être inférieure.", held=held)})


async def delete_building(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> None:
    """A syndic deletes a building that has nothing attached yet."""
    member = require(actor, "building.manage", building_id)
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, building_id)
        if before is None:
            raise NotFound("building", building_id)
        try:
            async with conn.transaction():
                await q.delete(conn, member.org_id, building_id)
        except asyncpg.ForeignKeyViolationError:
            raise Conflict(_("Ce bâtiment a des lots ou des écritures : il ne peut pas être supprimé.")) from None
        await record(conn, member, "delete", "building", building_id, before, None)
