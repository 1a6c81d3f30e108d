"""Sharing keys (clés de répartition): the general key (the lots' quotas) and a building's named keys."""
from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from queries.charges import keys as q
from queries.register.rights import lots_and_rights_on

GENERAL = _("Clé générale (quotes-parts)")


@dataclass(frozen=True)
class Lot:
    """A lot as the key editor shows it."""
    id: UUID
    number: str
    floor: int | None
    quota: int


@dataclass(frozen=True)
class KeyInput:
    name: str
    weights: dict[UUID, Decimal]

    @classmethod
    def parse(cls, data: Any, lots: list[Lot]) -> KeyInput:
        """A name and a weight per covered lot: JSON {"weights": {unit_id: w}} or form fields w_<unit_id>."""
        f = Fields(data, allowed={"name", "weights", "id", "building_id"})
        name = f.text("name", required=True, max_len=100)
        raw = _raw_weights(f)
        known = {str(lot.id): lot.id for lot in lots}
        weights: dict[UUID, Decimal] = {}
        for key, value in raw.items():
            field = f"w_{key}" if f.form else f"weights.{key}"
            if key not in known:
                f.error(field, _("Ce lot n'appartient pas à ce bâtiment."))
                continue
            weight = Fields({field: value}).decimal(field, min=Decimal(0), max=Decimal("1e9"), places=4) \
                if not isinstance(value, bool) else None
            if weight is None and value not in (None, ""):
                f.error(field, _("Doit être un nombre positif (4 décimales au plus)."))
            elif weight:
                weights[known[key]] = weight
        if not weights and "weights" not in f.errors:
            f.error("weights", _("Donnez un poids à au moins un lot."))
        f.done()
        return cls(given(name), weights)


def _raw_weights(f: Fields) -> dict[str, Any]:
    """The weights as {unit id text: raw value}, from a form or a JSON object or list."""
    if f.form:
        return {k[2:]: v for k, v in f.data.items() if k.startswith("w_")}
    raw = f.data.get("weights")
    if isinstance(raw, list) and all(isinstance(i, dict) and set(i) == {"unit_id", "weight"} for i in raw):
        return {str(i["unit_id"]): i["weight"] for i in raw}
    if isinstance(raw, dict):
        return {str(k): v for k, v in raw.items()}
    f.error("weights", _("Attendu : un objet {identifiant du lot : poids}."))
    return {}


async def building_lots(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Lot]:
    """Every lot of a building, once each, in number order."""
    rows = await lots_and_rights_on(conn, org_id, building_id, date.today())
    seen: dict[UUID, Lot] = {}
    for r in rows:
        seen.setdefault(r.unit_id, Lot(r.unit_id, r.unit_number, r.floor, r.quota))
    return list(seen.values())


async def list_keys(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.SharingKey]:
    """The building's named keys (the general key is implicit)."""
    member = require(actor, "key.read")
    building = await get_building(conn, member, building_id)
    return await q.list_for_building(conn, member.org_id, building.id)


async def get_key(conn: asyncpg.Connection, actor: Actor, key_id: UUID) -> tuple[q.SharingKey, dict[UUID, Decimal]]:
    """One key with its weight per covered lot."""
    member = require(actor, "key.read")
    key = await q.get(conn, member.org_id, key_id)
    if key is None or not member.reaches(key.building_id):
        raise NotFound("sharing_key", key_id)
    weights = await q.weights(conn, member.org_id, key_id)
    return key, {w.unit_id: w.weight for w in weights}


async def create_key(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> q.SharingKey:
    """The syndic defines a key over some lots of a building."""
    member = require(actor, "key.edit")
    building = await get_building(conn, member, building_id)
    values = KeyInput.parse(data, await building_lots(conn, member.org_id, building.id))
    async with conn.transaction():
        key = await _unique_name(q.insert(conn, member.org_id, building.id, values.name))
        await _write_weights(conn, member, key.id, values)
        await record(conn, member, "create", "sharing_key", key.id, None, _snapshot(key, values))
    return key


async def update_key(conn: asyncpg.Connection, actor: Actor, key_id: UUID, data: Any) -> q.SharingKey:
    """The syndic renames a key or changes its weights (past allocations keep the weights they used)."""
    member = require(actor, "key.edit")
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, key_id)
        if before is None or not member.reaches(before.building_id):
            raise NotFound("sharing_key", key_id)
        old = {w.unit_id: w.weight for w in await q.weights(conn, member.org_id, key_id)}
        values = KeyInput.parse(data, await building_lots(conn, member.org_id, before.building_id))
        key = await _unique_name(q.rename(conn, member.org_id, key_id, values.name))
        await q.clear_weights(conn, member.org_id, key_id)
        await _write_weights(conn, member, key_id, values)
        await record(conn, member, "update", "sharing_key", key_id, _snapshot(before, KeyInput(before.name, old)),
                     _snapshot(key, values))
    return key


async def _unique_name(statement: Awaitable[q.SharingKey | None]) -> q.SharingKey:
    """Run an insert or rename; a name already used in the building is a field error."""
    try:
        key = await statement
    except asyncpg.UniqueViolationError:
        raise Invalid({"name": _("Une clé de ce nom existe déjà dans ce bâtiment.")}) from None
    if key is None:
        raise NotFound("sharing_key")
    return key


async def _write_weights(conn: asyncpg.Connection, member: Member, key_id: UUID, values: KeyInput) -> None:
    await q.fill_weights(conn, member.org_id, key_id, list(values.weights), list(values.weights.values()))


def _snapshot(key: q.SharingKey, values: KeyInput) -> dict[str, Any]:
    return {"id": key.id, "building_id": key.building_id, "name": values.name,
            "weights": {str(k): str(v) for k, v in values.weights.items()}}
