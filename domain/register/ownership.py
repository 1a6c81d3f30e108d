"""Who holds a lot: set its owners with shares, transfer (sell) on a date, history; always 100 % on every date."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Any, cast
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import Conflict, Invalid
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.units import get_unit
from domain.rules.allocation import kind_of
from domain.rules.ownership import NewShare, RightPeriod, check_consistent, held_on, parse_share, sell, split
from queries.register import owners as qo
from queries.register import ownership as qr
from queries.register import units as qu
from queries.register.ownership import Right as Right  # re-exported for the handlers

RIGHT_KINDS = ("full", "usufruct", "bare")
KIND_ALIASES = {"pleine": "full", "pleine propriété": "full", "usufruit": "usufruct", "nue": "bare",
                "nue-propriété": "bare", "nue propriété": "bare"}


@dataclass(frozen=True)
class ShareInput:
    owner_id: UUID
    right_kind: str
    share: Fraction
    is_contact: bool = False


def read_share(f: Fields, name: str) -> Fraction | None:
    """A share sent as "50 %", "1/3", "33,5" or a JSON number of percent."""
    value = f.data.get(name)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = repr(value)
    if not isinstance(value, str) or not value.strip():
        f.error(name, _("Ce champ est obligatoire.") if value in (None, "") else _("Part illisible."))
        return None
    try:
        return parse_share(value)
    except ValueError as e:
        f.error(name, _("Part illisible : %(why)s", why=str(e)))
        return None


def parse_owners(data: object) -> tuple[date, list[ShareInput]]:
    """{"date", "owners": [{"owner_id", "right_kind", "share", "is_contact"}]}: the new owners of a lot."""
    f = Fields(data, allowed={"date", "owners"})
    day = f.date("date") or date.today()
    items = f.data.get("owners")
    if not isinstance(items, list) or not items or len(items) > 50:
        raise Invalid({**f.errors, "owners": _("Une liste de 1 à 50 propriétaires est attendue.")})
    shares = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            f.error(f"owners[{i}]", _("Un objet {owner_id, right_kind, share, is_contact} est attendu."))
            continue
        g = Fields(item, allowed={"owner_id", "right_kind", "share", "is_contact"})
        owner, kind = g.uuid("owner_id", required=True), g.choice("right_kind", RIGHT_KINDS, aliases=KIND_ALIASES)
        share, contact = read_share(g, "share"), g.boolean("is_contact")
        f.errors.update({f"owners[{i}].{k}": v for k, v in g.errors.items()})
        if owner and share:
            shares.append(ShareInput(owner, kind or "full", share, contact))
    f.done()
    return day, shares


@dataclass(frozen=True)
class TransferInput:
    day: date
    seller_id: UUID
    buyer_id: UUID
    share: Fraction | None
    right_kind: str | None

    @classmethod
    def parse(cls, data: object) -> TransferInput:
        """{"date", "seller_id", "buyer_id", "share" (optional: all by default), "right_kind" (optional)}."""
        f = Fields(data, allowed={"date", "seller_id", "buyer_id", "share", "right_kind"})
        values = (f.date("date") or date.today(), f.uuid("seller_id", required=True),
                  f.uuid("buyer_id", required=True),
                  read_share(f, "share") if f.data.get("share") not in (None, "") else None,
                  f.choice("right_kind", RIGHT_KINDS, aliases=KIND_ALIASES))
        f.done()
        day, seller, buyer, share, kind = values
        if seller == buyer:
            raise Invalid({"buyer_id": _("Le vendeur et l'acheteur sont la même personne.")})
        return cls(day, given(seller), given(buyer), share, kind)


def _periods(rights: Sequence[qr.Right]) -> list[RightPeriod]:
    return [RightPeriod(r.owner_id, kind_of(r.right_kind), r.share, r.start_date, r.end_date) for r in rights]


async def history(conn: asyncpg.Connection, actor: Actor, unit_id: UUID) -> list[qr.Right]:
    """Every right ever held on the lot, oldest first."""
    unit = await get_unit(conn, actor, unit_id)
    return await qr.of_unit(conn, unit.organization_id, unit.id)


async def owners_on(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, day: date) -> list[qr.Right]:
    """Who held the lot on `day`, with which right and share."""
    return held_on(await history(conn, actor, unit_id), day)


Change = Callable[[list[RightPeriod]], list[RightPeriod]]


async def _change(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, action: str, change: Change,
                  contact: Callable[[list[qr.Right]], list[UUID | None]], owner_ids: list[UUID]) -> list[qr.Right]:
    """Lock the lot, apply a rule to its periods, check 100 % on every date, write the difference, audit."""
    member = require(actor, "register.manage")
    async with conn.transaction():
        unit = await qu.lock(conn, member.org_id, unit_id)
        if unit is None:
            await get_unit(conn, member, unit_id)  # raises NotFound
        if len(await qo.by_ids(conn, member.org_id, owner_ids)) != len(set(owner_ids)):
            raise Invalid({"owner_id": _("Propriétaire inconnu.")})
        before = await qr.of_unit(conn, member.org_id, unit_id)
        try:
            after = change(_periods(before))
        except ValueError as e:
            raise Invalid({"owners": _("%(why)s", why=str(e))}) from None
        if problems := check_consistent(after):
            raise Invalid({"owners": _("%(why)s", why=problems[0].message)})
        await _write(conn, member.org_id, unit_id, before, after, contact(before))
        rights = await qr.of_unit(conn, member.org_id, unit_id)
        await record(conn, member, action, "unit_ownership", unit_id, {"rights": before}, {"rights": rights})
    return rights


def _diff(before: Sequence[qr.Right], after: list[RightPeriod]) -> tuple[list[Any], list[Any], list[RightPeriod]]:
    """(rights to end on a day, rights to drop, periods to open) turning `before` into `after`."""
    pool, ended, dropped = list(after), [], []
    for right, period in zip(before, _periods(before), strict=False):
        if period in pool:
            pool.remove(period)
            continue
        same = next((p for p in pool if replace(p, end=None) == replace(period, end=None)), None)
        if same is not None and same.end is not None and period.end is None:
            pool.remove(same)
            ended.append((right.id, same.end))
        else:
            dropped.append(right.id)
    return ended, dropped, pool


async def _write(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID, before: Sequence[qr.Right],
                 after: list[RightPeriod], candidates: list[UUID | None]) -> None:
    ended, dropped, fresh = _diff(before, after)
    for day in {d for _id, d in ended}:
        await qr.end(conn, org_id, [i for i, d in ended if d == day], day)
    await qr.drop(conn, org_id, dropped)
    await qr.insert(conn, org_id, unit_id, [qr.NewRight(cast(UUID, p.owner_id), p.kind, p.share, p.start, p.end)
                                            for p in fresh])
    current = [r for r in await qr.of_unit(conn, org_id, unit_id) if r.end_date is None]
    # the first candidate still holding the lot becomes its contact (else the first holder)
    chosen = next((r.id for c in candidates for r in current if r.owner_id == c), current[0].id if current else None)
    if chosen is not None:
        await qr.set_contact(conn, org_id, [r.id for r in current], chosen)
    try:
        await qr.check_now(conn)
    except asyncpg.CheckViolationError:
        raise Conflict(_("Les parts de ce lot ne totalisent pas 100 % à toutes les dates : modification refusée.")) from None


def _current_contact(before: list[qr.Right]) -> UUID | None:
    return next((r.owner_id for r in before if r.end_date is None and r.is_contact), None)


async def set_owners(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, day: date,
                     shares: list[ShareInput]) -> list[qr.Right]:
    """A new deed: from `day`, the lot is held by exactly these shares (indivision, usufruct, …)."""
    new: list[NewShare] = [(s.owner_id, kind_of(s.right_kind), s.share) for s in shares]
    chosen = next((s.owner_id for s in shares if s.is_contact), shares[0].owner_id if shares else None)
    return await _change(conn, actor, unit_id, "set_owners", lambda periods: split(periods, day, new),
                         lambda _before: [chosen], [s.owner_id for s in shares])


async def assign_owner(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, owner_id: UUID) -> list[qr.Right]:
    """The owner becomes the sole full owner from today."""
    return await set_owners(conn, actor, unit_id, date.today(), [ShareInput(owner_id, "full", Fraction(1), True)])


def _partial(periods: list[RightPeriod], t: TransferInput) -> list[RightPeriod]:
    """Part of the seller's right passes to the buyer: the seller keeps the rest."""
    open_rights = [p for p in periods if p.end is None]
    if not any(p.owner_id == t.seller_id for p in open_rights):
        raise ValueError(_("Le vendeur ne détient aucun droit en cours sur ce lot."))
    if t.share is None:
        return sell(periods, t.day, t.seller_id, t.buyer_id, kind_of(t.right_kind) if t.right_kind else None)
    kinds = {p.kind for p in open_rights if p.owner_id == t.seller_id and t.right_kind in (None, p.kind)}
    if len(kinds) != 1:
        raise ValueError(_("Précisez la nature du droit vendu (le vendeur n'en a pas exactement une)."))
    kind = kinds.pop()
    held = sum((p.share for p in open_rights if p.owner_id == t.seller_id and p.kind == kind), Fraction(0))
    if t.share >= held:
        if t.share > held:
            raise ValueError(_("Le vendeur ne détient que %(held)s de ce lot.", held=str(held)))
        return sell(periods, t.day, t.seller_id, t.buyer_id, kind)
    bought = sum((p.share for p in open_rights if p.owner_id == t.buyer_id and p.kind == kind), Fraction(0))
    touched = [p for p in open_rights if p.owner_id in (t.seller_id, t.buyer_id) and p.kind == kind]
    kept = [p for p in periods if p not in touched] + [replace(p, end=t.day) for p in touched if p.start < t.day]
    if any(p.start > t.day for p in touched):
        raise ValueError(_("La cession précède le début d'un droit en cours."))
    return kept + [RightPeriod(t.seller_id, kind, held - t.share, t.day),
                   RightPeriod(t.buyer_id, kind, bought + t.share, t.day)]


async def transfer(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, data: TransferInput) -> list[qr.Right]:
    """A sale as one operation: on the date, the seller's right (or part of it) ends and the buyer's begins."""
    def contact(before: list[qr.Right]) -> list[UUID | None]:
        return [_current_contact(before), data.buyer_id]
    return await _change(conn, actor, unit_id, "transfer", lambda periods: _partial(periods, data), contact,
                         [data.seller_id, data.buyer_id])


async def choose_contact(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, owner_id: UUID) -> list[qr.Right]:
    """Make one of the lot's current holders its contact for mail and votes (no new deed)."""
    member = require(actor, "register.manage")
    async with conn.transaction():
        if await qu.lock(conn, member.org_id, unit_id) is None:
            await get_unit(conn, member, unit_id)  # raises NotFound
        before = await qr.of_unit(conn, member.org_id, unit_id)
        current = [r for r in before if r.end_date is None]
        chosen = next((r.id for r in current if r.owner_id == owner_id), None)
        if chosen is None:
            raise Invalid({"owner_id": _("Ce propriétaire ne détient pas ce lot aujourd'hui.")})
        await qr.set_contact(conn, member.org_id, [r.id for r in current], chosen)
        rights = await qr.of_unit(conn, member.org_id, unit_id)
        await record(conn, member, "choose_contact", "unit_ownership", unit_id, {"rights": before}, {"rights": rights})
    return rights
