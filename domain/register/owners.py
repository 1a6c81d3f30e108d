"""Owners: natural persons and legal entities; parse, search, read, create, change; what an owner holds."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from fractions import Fraction
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Invalid, NotFound
from domain.i18n import _
from domain.pagination import Page, PageRequest
from domain.parse import Fields
from domain.platform.audit import record
from domain.rules.ownership import held_on
from queries.register import owners as q
from queries.register import ownership as qr

KINDS = ("person", "company", "association")
KIND_ALIASES = {"personne": "person", "natural_person": "person", "société": "company", "societe": "company",
                "legal_entity": "company", "entreprise": "company", "asbl": "association"}
LANGUAGES = ("fr", "nl", "de", "en")
_IGNORED = {"id", "organization_id", "created_at", "updated_at", "anonymized_at", "name"}
_TEXTS = {"first_name": 100, "last_name": 100, "company_name": 200, "company_number": 30, "phone": 40,
          "address": 300, "city": 120, "postal_code": 20, "country": 80}


@dataclass(frozen=True)
class OwnerInput:
    kind: str
    first_name: str | None
    last_name: str | None
    company_name: str | None
    company_number: str | None
    email: str | None
    phone: str | None
    address: str | None
    city: str | None
    postal_code: str | None
    country: str | None
    language: str
    accepts_email_notices: bool
    shares_contact: bool
    user_id: UUID | None

    @classmethod
    def parse(cls, data: object, current: q.Owner | None = None) -> OwnerInput:
        """Validate an owner form or JSON body (fields absent from a JSON update keep their value)."""
        f = Fields(data, allowed={*q.FIELDS, *_IGNORED})
        keep = current is not None and not f.form
        values: dict[str, Any] = {name: f.text(name, max_len=size) for name, size in _TEXTS.items()}
        values.update(kind=f.choice("kind", KINDS, aliases=KIND_ALIASES), email=f.email("email"),
                      language=f.choice("language", LANGUAGES),
                      accepts_email_notices=f.boolean("accepts_email_notices"),
                      shares_contact=f.boolean("shares_contact"), user_id=f.uuid("user_id"))
        f.done()
        if keep:
            values = {k: (getattr(current, k) if not f.present(k) else v) for k, v in values.items()}
        values["kind"] = values["kind"] or ("company" if values["company_name"] else "person")
        values["language"] = values["language"] or "fr"
        _check_name(values)
        return cls(**values)


def _check_name(values: dict[str, Any]) -> None:
    """A person needs a last name, a legal entity its name."""
    if values["kind"] == "person" and not values["last_name"]:
        raise Invalid({"last_name": _("Le nom est obligatoire pour une personne.")})
    if values["kind"] != "person" and not values["company_name"]:
        raise Invalid({"company_name": _("La dénomination est obligatoire pour une société ou une association.")})


def to_api(owner: q.Owner) -> dict[str, Any]:
    """An owner as the API shows it (its display name added)."""
    # the row's own fields are flat values: vars() gives them as asdict() would, without its deep copies
    return {**vars(owner), "name": owner.name}


async def list_owners(conn: asyncpg.Connection, actor: Actor, search: str | None,
                      page: PageRequest) -> Page[q.Owner]:
    """Owners searched by name or e-mail, one page (an owner sees only their own record)."""
    member = require(actor, "register.read")
    rows, total = await q.list_page(conn, member.org_id, search, page.per_page, page.offset, member.own_only,
                                    member.building_ids)
    return Page(rows, page, total)


async def get_owner(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> q.Owner:
    """One owner the actor may see (an owner: only themselves)."""
    member = require(actor, "register.read")
    owner = await q.get(conn, member.org_id, owner_id)
    if owner is None or not await _reaches(conn, member, owner):
        raise NotFound("owner", owner_id)
    return owner


async def _reaches(conn: asyncpg.Connection, member: Member, owner: q.Owner) -> bool:
    """An owner sees only their own record; a member limited to some buildings, the owners who held a lot
    there."""
    if member.own_only is not None:
        return owner.user_id == member.own_only
    ids = member.building_ids
    return ids is None or await q.held_in(conn, member.org_id, owner.id, ids)


async def view_owner(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> q.Owner:
    """One owner's personal data, shown to someone: the access is written to the audit log (GDPR)."""
    member = require(actor, "register.read")
    owner = await get_owner(conn, member, owner_id)
    if owner.user_id != member.user_id:
        await record(conn, member, "view", "owner", owner.id, None, None)
    return owner


async def linkable_users(conn: asyncpg.Connection, actor: Actor) -> list[asyncpg.Record]:
    """The organisation's user accounts with the owner role (id, full_name, email): who may be linked."""
    member = require(actor, "register.manage")
    return await q.portal_users(conn, member.org_id)


async def _check_user(conn: asyncpg.Connection, member: Member, data: OwnerInput) -> None:
    if data.user_id is not None and not await q.is_member(conn, member.org_id, data.user_id):
        raise Invalid({"user_id": _("Ce compte utilisateur n'appartient pas à votre organisation.")})


async def _unique(statement: Any) -> q.Owner:
    try:
        owner: q.Owner = await statement
    except asyncpg.UniqueViolationError:
        raise Invalid({"user_id": _("Ce compte utilisateur est déjà lié à un autre propriétaire.")}) from None
    return owner


async def create_owner(conn: asyncpg.Connection, actor: Actor, data: OwnerInput) -> q.Owner:
    """A syndic records an owner."""
    member = require(actor, "register.manage")
    values = asdict(data)
    if data.user_id is None:  # the row and its audit entry in one statement (atomic, one round trip)
        return await q.create(conn, member.org_id, values, member.user_id, member.role)
    async with conn.transaction():  # linked to an account: the link may be taken (unique), checked in here
        await _check_user(conn, member, data)
        return await _unique(q.create(conn, member.org_id, values, member.user_id, member.role))


async def update_owner(conn: asyncpg.Connection, actor: Actor, owner_id: UUID, data: object) -> q.Owner:
    """A syndic corrects an owner's data (JSON updates may send only what changes)."""
    member = require(actor, "register.manage")
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, owner_id)
        if before is None:
            raise NotFound("owner", owner_id)
        values = OwnerInput.parse(data, current=before)
        await _check_user(conn, member, values)
        after = await _unique(q.update(conn, member.org_id, owner_id, asdict(values)))
        await record(conn, member, "update", "owner", owner_id, before, after)
    return after


@dataclass(frozen=True)
class Holding:
    """An owner's right in one lot, as shown on the owner's page."""
    unit_id: UUID
    unit_number: str
    building_id: UUID
    building_name: str
    quota: int
    total_quota: int
    right_kind: str
    share: Fraction
    start_date: date
    end_date: date | None
    is_contact: bool

    @property
    def quota_held(self) -> Fraction:
        """The lot's quota times the owner's share, exact."""
        return self.quota * self.share


@dataclass(frozen=True)
class BuildingQuota:
    building_id: UUID
    building_name: str
    total_quota: int
    quota: Fraction


def _holding(r: Any) -> Holding:
    return Holding(r["unit_id"], r["unit_number"], r["building_id"], r["building_name"], r["quota"],
                   r["total_quota"], r["right_kind"], Fraction(r["share_num"], r["share_den"]), r["start_date"],
                   r["end_date"], r["is_contact"])


async def holdings(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[Holding]:
    """Every right the owner ever held, lot by lot (their history)."""
    owner = await get_owner(conn, actor, owner_id)
    return [_holding(r) for r in await qr.of_owners(conn, owner.organization_id, [owner.id])]


def in_force(rows: list[Holding], day: date) -> list[Holding]:
    """The rights held on `day`."""
    return held_on(rows, day)


def cumulative_quota(rows: list[Holding], day: date) -> list[BuildingQuota]:
    """Per building, the sum of lot quota × share over the owner's full and bare ownership on `day`, exact."""
    sums: dict[UUID, BuildingQuota] = {}
    for h in in_force(rows, day):
        if h.right_kind == "usufruct":
            continue
        prev = sums.get(h.building_id, BuildingQuota(h.building_id, h.building_name, h.total_quota, Fraction(0)))
        sums[h.building_id] = BuildingQuota(h.building_id, h.building_name, h.total_quota, prev.quota + h.quota_held)
    return list(sums.values())


@dataclass(frozen=True)
class CoOwner:
    """Someone holding a right in the same lot, as another owner may see them: a name; contact only if agreed."""
    name: str
    right_kind: str
    share: Fraction
    is_contact: bool
    is_me: bool
    email: str | None
    phone: str | None


@dataclass
class PortalLot:
    unit_id: UUID
    unit_number: str
    unit_type: str
    floor: int | None
    quota: int
    building_id: UUID
    building_name: str
    building_address: str
    total_quota: int
    holders: list[CoOwner]

    @property
    def mine(self) -> list[CoOwner]:
        """The user's own rights in the lot."""
        return [h for h in self.holders if h.is_me]


def _co_owner(r: Any) -> CoOwner:
    visible = r["is_me"] or r["shares_contact"]
    return CoOwner(r["owner_name"], r["right_kind"], Fraction(r["share_num"], r["share_den"]), r["is_contact"],
                   r["is_me"], r["email"] if visible else None, r["phone"] if visible else None)


async def portal_lots(conn: asyncpg.Connection, actor: Actor, day: date) -> list[PortalLot]:
    """The lots the user holds on `day`, with their co-owners' names (phone and e-mail only when they agreed)."""
    member = require(actor, "register.read")
    lots: dict[UUID, PortalLot] = {}
    for r in await qr.lots_of_user(conn, member.org_id, member.user_id, day):
        address = f"{r['building_address']}, {r['building_postal_code']} {r['building_city']}"
        lot = lots.setdefault(r["unit_id"], PortalLot(r["unit_id"], r["unit_number"], r["unit_type"], r["floor"],
                                                      r["quota"], r["building_id"], r["building_name"], address,
                                                      r["total_quota"], []))
        lot.holders.append(_co_owner(r))
    return list(lots.values())
