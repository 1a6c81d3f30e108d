"""Quotes (devis): asked of several contractors for one job, received with their amounts, compared, one accepted;
and the building's competition threshold the AG set (BE art. 3.88 §1 1° c; FR art. 21 al. 2)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import Msg, _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.rules import competition
from domain.rules.allocation import VAT_RATES, vat_breakdown
from queries.maintenance import contractors as qc
from queries.maintenance import works as q
from queries.maintenance.works import Quote, Threshold

__all__ = ["Quote", "Threshold"]


async def list_quotes(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None = None) -> list[Quote]:
    """The quotes of the buildings the actor reaches."""
    member = require(actor, "quote.read", building_id)
    return await q.list_quotes(conn, member.org_id, member.building_ids, building_id)


async def get_quote(conn: asyncpg.Connection, actor: Actor, quote_id: UUID) -> Quote:
    """One quote the actor reaches."""
    member = require(actor, "quote.read")
    found = await q.get_quote(conn, member.org_id, quote_id, member.building_ids)
    if found is None:
        raise NotFound("quote", quote_id)
    return found


async def locked_work(conn: asyncpg.Connection, member: Member, work_id: UUID) -> q.Work:
    """A job the member reaches, locked for the transaction."""
    if not await q.lock_work(conn, member.org_id, work_id):
        raise NotFound("work", work_id)
    work = await q.get_work(conn, member.org_id, work_id, member.building_ids)
    if work is None:
        raise NotFound("work", work_id)
    return work


async def request_quotes(conn: asyncpg.Connection, actor: Actor, work_id: UUID, data: Any) -> list[Quote]:
    """Ask contractors of the firm for a quote for a job still being quoted."""
    member = require(actor, "quote.manage")
    f = Fields(data, allowed={"contractor_ids", "requested_on"})
    ids, day = f.uuid_list("contractor_ids", required=True, max_items=20), f.date("requested_on")
    if ids == []:
        f.error("contractor_ids", _("Choisissez au moins un entrepreneur."))
    f.done()
    async with conn.transaction():
        work = await locked_work(conn, member, work_id)
        if work.status != "quoting":
            raise Conflict(_("La commande est passée : on ne demande plus de devis pour ce travail."))
        for contractor_id in given(ids):
            if await qc.get(conn, member.org_id, contractor_id) is None:
                raise Invalid({"contractor_ids": _("Entrepreneur inconnu.")})
        await q.request_quotes(conn, member.org_id, work_id, sorted(set(given(ids))), day or date.today())
        quotes = await q.quotes_of(conn, member.org_id, work_id)
        await record(conn, member, "request_quotes", "work", work_id, None, {"contractors": ids})
    return quotes


@dataclass(frozen=True)
class Received:
    received_on: date
    valid_until: date | None
    amount_excl_vat: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    details: str | None


def _received(data: Any, jurisdiction: str) -> Received:
    f = Fields(data, allowed={"received_on", "valid_until", "amount_excl_vat", "vat_rate", "details"})
    received = f.date("received_on") or date.today()
    valid = f.date("valid_until")
    excl = f.decimal("amount_excl_vat", required=True, min=Decimal("0.01"), max=Decimal("1e11"))
    rate = f.decimal("vat_rate", min=Decimal(0), max=Decimal(99), places=1)
    rate = Decimal(0) if rate is None and "vat_rate" not in f.errors else rate
    if rate is not None and rate not in VAT_RATES[jurisdiction]:
        f.error("vat_rate", _("Taux de TVA non prévu en %(j)s : %(rates)s %%.", j=jurisdiction,
                              rates=", ".join(str(r) for r in VAT_RATES[jurisdiction])))
    if valid and valid < received:
        f.error("valid_until", _("La validité ne peut pas précéder la réception."))
    details = f.text("details", max_len=4000, multiline=True)
    f.done()
    vat, total = vat_breakdown(given(excl), given(rate))
    return Received(received, valid, given(excl), given(rate), vat, total, details)


async def record_quote(conn: asyncpg.Connection, actor: Actor, quote_id: UUID, data: Any) -> Quote:
    """The contractor's answer: its amount excluding VAT, the rate, the validity (received)."""
    member = require(actor, "quote.manage")
    quote = await get_quote(conn, member, quote_id)
    async with conn.transaction():
        work = await locked_work(conn, member, quote.work_id)
        values = _received(data, work.jurisdiction)
        if work.status != "quoting" or quote.status not in ("requested", "received"):
            raise Conflict(_("Ce devis n'est plus modifiable : un devis a été accepté ou la commande passée."))
        await q.receive_quote(conn, member.org_id, quote_id, values.received_on, values.valid_until,
                              values.amount_excl_vat, values.vat_rate, values.total, values.details)
        after = await get_quote(conn, member, quote_id)
        await record(conn, member, "receive", "quote", quote_id, quote, after)
    return after


async def accept_quote(conn: asyncpg.Connection, actor: Actor, quote_id: UUID) -> Quote:
    """Accept one received quote of a job being quoted (the others are rejected); the order comes next."""
    member = require(actor, "quote.manage")
    quote = await get_quote(conn, member, quote_id)
    async with conn.transaction():
        work = await locked_work(conn, member, quote.work_id)
        if work.status != "quoting":
            raise Conflict(_("La commande est déjà passée pour ce travail."))
        if quote.status not in ("received", "accepted"):
            raise Conflict(_("Seul un devis reçu (avec son montant) peut être accepté."))
        await q.accept_quote(conn, member.org_id, work.id, quote_id)
        await q.set_accepted(conn, member.org_id, work.id, quote_id)
        after = await get_quote(conn, member, quote_id)
        await record(conn, member, "accept", "quote", quote_id, quote, after)
    return after


def verdict(work: q.Work, threshold: Threshold | None, quotes: list[Quote]) -> competition.Verdict | None:
    """Whether the accepted quote may be ordered under the AG's threshold (None before one is accepted)."""
    accepted = next((x for x in quotes if x.id == work.accepted_quote_id), None)
    if accepted is None or accepted.total is None:
        return None
    rule = competition.Threshold(threshold.amount, threshold.quotes_required) if threshold else None
    answered = sum(1 for x in quotes if x.total is not None)
    return competition.judge(work.jurisdiction, rule, accepted.total, answered)


async def get_threshold(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> Threshold | None:
    """The AG's competition threshold for a building, if it set one."""
    member = require(actor, "quote.read", building_id)
    await get_building(conn, member, building_id)
    return await q.threshold(conn, member.org_id, building_id)


async def _check_resolution(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, meeting_id: UUID | None,
                            item_id: UUID | None) -> None:
    """The assembly and the resolution named are this building's (and the resolution that assembly's)."""
    errors: dict[str, Msg] = {}
    if meeting_id is not None and await q.meeting_building(conn, org_id, meeting_id) != building_id:
        errors["meeting_id"] = _("Cette assemblée n'est pas une assemblée de cet immeuble.")
    if item_id is not None:
        place = await q.item_place(conn, org_id, item_id)
        if place is None or place[1] != building_id:
            errors["agenda_item_id"] = _("Cette résolution n'est pas celle d'une assemblée de cet immeuble.")
        elif meeting_id is not None and place[0] != meeting_id and "meeting_id" not in errors:
            errors["agenda_item_id"] = _("Cette résolution n'est pas à l'ordre du jour de l'assemblée indiquée.")
    if errors:
        raise Invalid(errors)


async def set_threshold(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> Threshold:
    """Record the AG's decision: the amount (incl. VAT), the quotes needed above it, and the resolution."""
    member = require(actor, "quote.manage", building_id)
    await get_building(conn, member, building_id)
    f = Fields(data, allowed={"amount", "quotes_required", "meeting_id", "agenda_item_id", "decided_on",
                              "reference"})
    amount = f.decimal("amount", required=True, min=Decimal(0), max=Decimal("1e11"))
    need = f.integer("quotes_required", min=2, max=10) or 3
    meeting_id, item_id = f.uuid("meeting_id"), f.uuid("agenda_item_id")
    decided = f.date("decided_on", required=True)
    reference = f.text("reference", max_len=300)
    f.done()
    await _check_resolution(conn, member.org_id, building_id, meeting_id, item_id)
    async with conn.transaction():
        before = await q.threshold(conn, member.org_id, building_id)
        try:
            after = await q.set_threshold(conn, member.org_id, building_id, given(amount), need, meeting_id,
                                          item_id, given(decided), reference)
        except asyncpg.ForeignKeyViolationError:
            raise Invalid({"meeting_id": _("Assemblée ou résolution inconnue.")}) from None
        await record(conn, member, "set_threshold", "building", building_id, before, after)
    return after
