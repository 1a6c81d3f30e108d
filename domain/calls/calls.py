"""Calls for funds: one call (ordinary or extraordinary provisions, working fund, reserve fund) or a year's schedule
from the voted budget, previewed (who pays what) without writing, then issued: the allocation stored, ONE entry in
the calls journal (each owner's account debited, the contributions or the fund credited), each owner's structured
communication for the fund, and the notices queued."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require, within
from domain.accounting.posting import EntryDraft, LineDraft, post_entries_many
from domain.calls.sharing import OwnerShare, allocate, allocate_rows, during, span
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _, money
from domain.notifications.notices import notify_owners_many
from domain.parse import Fields, given
from domain.platform.audit import record, record_many
from domain.register.buildings import building_of, get_building
from queries.calls import calls as q
from queries.calls import funds as qf
from queries.calls import lots as ql
from queries.calls.calls import Contact as Contact  # what the notices are written from, for the web layer
from queries.calls.funds import Fund as Fund
from queries.calls.lots import HeldRight
from queries.charges import keys as qk
from queries.platform import outbox as qoutbox
from queries.register import buildings as qb
from queries.register.buildings import Building

KINDS = ("ordinary", "extraordinary", "working_fund", "reserve_fund")
_REFERENCE_TRIES = 5


@dataclass(frozen=True)
class CallInput:
    kind: str
    label: str | None
    period: tuple[date, date] | None
    call_date: date
    due_date: date
    total: Decimal
    sharing_key_id: UUID | None
    fund_id: UUID | None

    @classmethod
    def parse(cls, data: Any) -> CallInput:
        """A call: kind, period (provisions) or date, due date, total, key, fund (a reserve call's)."""
        f = Fields(data if data is not None else {}, allowed={
            "kind", "label", "period_start", "period_end", "call_date", "due_date", "total", "sharing_key_id",
            "fund_id"})
        kind = f.choice("kind", KINDS, required=True)
        label = f.text("label", max_len=200)
        start, end = f.date("period_start"), f.date("period_end")
        if (start is None) != (end is None):
            f.error("period_end" if start else "period_start", _("Donnez le début et la fin de la période."))
        if start and end and end < start:
            f.error("period_end", _("La période finit avant de commencer."))
        call_date = f.date("call_date") or start
        if call_date is None and "period_start" not in f.errors:
            f.error("call_date", _("Ce champ est obligatoire."))
        due = f.date("due_date") or call_date
        if due and call_date and due < call_date:
            f.error("due_date", _("L'échéance précède la date de l'appel."))
        total = f.decimal("total", required=True, min=Decimal("0.01"), max=Decimal("1e11"), places=2)
        key, fund = f.uuid("sharing_key_id"), f.uuid("fund_id")
        f.done()
        return cls(given(kind), label, (start, end) if start and end else None, given(call_date), given(due),
                   given(total), key, fund)


@dataclass(frozen=True)
class CallView:
    """A call with each owner's share (computed for a draft or a preview, stored once issued)."""
    call: q.Call | q.NewCall
    shares: list[OwnerShare]
    references: dict[UUID, int]
    id: UUID | None = None

    @property
    def stored(self) -> q.Call:
        """The stored call (a preview has none)."""
        if not isinstance(self.call, q.Call):
            raise NotFound("call", self.id)
        return self.call


async def _fund_for(conn: asyncpg.Connection, member: Member, building: Building, kind: str,
                    fund_id: UUID | None) -> qf.Fund:
    """Provisions and the working fund are paid to the working fund's account; a reserve call to its fund's."""
    if kind != "reserve_fund":
        fund = await qf.working(conn, member.org_id, building.id)
        if fund is None:
            raise Conflict(_("Ouvrez d'abord le fonds de roulement du bâtiment (son compte en banque)."), "fund_id")
        return fund
    funds = [x for x in await qf.list_for_building(conn, member.org_id, building.id) if x.kind != "working"]
    chosen = [x for x in funds if x.id == fund_id] if fund_id else funds[:1] if len(funds) == 1 else []
    if not chosen:
        raise Invalid({"fund_id": _("Choisissez le fonds de réserve appelé.")})
    return chosen[0]


_LABELS = {"ordinary": _("Provisions ordinaires"), "extraordinary": _("Provisions extraordinaires"),
           "working_fund": _("Appel au fonds de roulement"), "reserve_fund": _("Appel au fonds de réserve")}


async def _new_call(conn: asyncpg.Connection, member: Member, building: Building, new: CallInput) -> q.NewCall:
    fund = await _fund_for(conn, member, building, new.kind, new.fund_id)
    key = new.sharing_key_id or (fund.sharing_key_id if new.kind == "reserve_fund" else None)
    if key is not None:
        found = await qk.get(conn, member.org_id, key)
        if found is None or found.building_id != building.id:
            raise Invalid({"sharing_key_id": _("Cette clé n'appartient pas à ce bâtiment.")})
    await _year_open(conn, member, building.id, new.call_date)
    start, end = new.period if new.period else (None, None)
    return q.NewCall(new.kind, fund.id, new.label or str(_LABELS[new.kind]), start, end, new.call_date,
                     new.due_date, new.total, key)


async def _year_open(conn: asyncpg.Connection, member: Member, building_id: UUID, day: date) -> None:
    if await q.year_state(conn, member.org_id, building_id, day) == "closed":
        raise Conflict(_("L'exercice du %(day)s est clôturé : rien ne s'y appelle plus.", day=day.isoformat()),
                       "call_date")


async def shares_of(conn: asyncpg.Connection, org_id: UUID, building: Building, call: q.Call | q.NewCall,
                    held: list[HeldRight] | None = None) -> list[OwnerShare]:
    """Who pays what of a call, computed now (`held`: the rights of the call's year, already read)."""
    period = (call.period_start, call.period_end) if call.period_start and call.period_end else None
    first, last = span(call.kind, period, call.call_date)
    return await allocate(conn, org_id, building, call.kind, call.total, call.sharing_key_id, first, last, held)


async def create_call(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any,
                      preview: bool = False) -> CallView:
    """A draft call (checked by allocating it), or with `preview` only its allocation, nothing written."""
    member = require(actor, "call.issue", building_id)
    new = CallInput.parse(data)
    async with conn.transaction():
        building = await get_building(conn, member, building_id)
        call = await _new_call(conn, member, building, new)
        shares = await shares_of(conn, member.org_id, building, call)
        if preview:
            return CallView(call, shares, {})
        [call_id] = await q.insert(conn, member.org_id, building.id, None, [call])
        stored = given(await q.get(conn, member.org_id, call_id))
        await record(conn, member, "create", "call", call_id, None, stored)
    return CallView(stored, shares, {}, call_id)


async def list_calls(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.Call]:
    """The building's calls by date."""
    member = require(actor, "call.read", building_id)
    building = await get_building(conn, member, building_id)
    return await q.list_for_building(conn, member.org_id, building.id)


async def _reached(conn: asyncpg.Connection, member: Member, call_id: UUID, lock: bool = False) -> q.Call:
    call = await (q.lock if lock else q.get)(conn, member.org_id, call_id)
    if call is None or not member.reaches(call.building_id):
        raise NotFound("call", call_id)
    return call


async def get_call(conn: asyncpg.Connection, actor: Actor, call_id: UUID) -> CallView:
    """One call with each owner's share and structured communication."""
    member = require(actor, "call.read")
    call = await _reached(conn, member, call_id)
    building = await building_of(conn, member, call.building_id)
    if call.status in ("issued", "cancelled"):  # a cancelled call keeps the shares it was issued with
        stored = await q.shares(conn, member.org_id, call.id)
        shares = [OwnerShare(s.unit_id, s.unit_number, s.owner_id, s.owner_name, s.weight, s.key_total, s.lot_amount,
                             s.days, s.amount, s.adjustment) for s in stored]
        return CallView(call, shares, {s.owner_id: s.reference for s in stored if s.reference is not None}, call.id)
    try:
        return CallView(call, await shares_of(conn, member.org_id, building, call), {}, call.id)
    except Invalid:
        return CallView(call, [], {}, call.id)


@dataclass(frozen=True)
class Notice:
    """What an owner's notice says, for the web layer to write in their language (`call`: as issued; its entry
    and issue time are being written while the notices are composed)."""
    call: q.Call
    building: Building
    fund: qf.Fund
    owner: q.Contact
    shares: list[OwnerShare]
    reference: int


Compose = Callable[[Notice], Awaitable[tuple[str, str]]]


async def issue_call(conn: asyncpg.Connection, actor: Actor, call_id: UUID, compose: Compose | None = None) -> CallView:
    """Issue a draft call in one transaction: shares stored, one entry posted, references given, e-mails queued."""
    member = require(actor, "call.issue")
    async with conn.transaction():
        found = await _reached(conn, member, call_id)
        building = given(await qb.lock(conn, member.org_id, found.building_id))  # the building, then its calls
        call = given(await q.lock(conn, member.org_id, call_id))
        if call.status != "draft":
            raise Conflict(_("Cet appel a déjà été émis."))
        await issue_many(conn, member, [call], {building.id: building}, compose)
        view = await get_call(conn, member, call.id)
    return view


@dataclass(frozen=True)
class Issued:
    """A call issued in a batch: the call as stored now, its shares, what it posted, the e-mails it queued."""
    call: q.Call
    shares: list[OwnerShare]
    entry_id: UUID
    emails: int


async def issue_many(conn: asyncpg.Connection, member: Member, drafts: list[q.Call], buildings: dict[UUID, Building],
                     compose: Compose | None = None, name_buildings: bool = False) -> list[Issued]:
    """Issue draft calls of one or many buildings, set-based, in the caller's transaction: the drafts (locked, by
    building and date) and their buildings (locked, before the calls) already read. Everything is read in a few
    statements for all the calls, allocated here, then written in one statement per kind of row (the entries per
    building through `post_entries`). `name_buildings`: a building's refusal names it (a firm's batch)."""
    if not drafts:
        return []
    org = member.org_id
    for c in drafts:
        within(member, c.building_id)
    closed = await q.closed_on(conn, org, sorted({(c.building_id, c.call_date) for c in drafts}))
    if closed:
        building_id, day = closed[0]
        reason = _("L'exercice du %(day)s est clôturé : rien ne s'y appelle plus.", day=day.isoformat())
        raise Conflict(_("%(building)s : %(reason)s", building=buildings[building_id].name, reason=reason)
                       if name_buildings else reason, "call_date")
    building_ids = sorted({c.building_id for c in drafts})
    funds = {f.id: f for f in await qf.of_buildings(conn, org, building_ids)}
    keys = sorted({c.sharing_key_id for c in drafts if c.sharing_key_id is not None})
    weights = await qk.weights_of(conn, org, keys) if keys else {}
    spans = {c.id: span(c.kind, (c.period_start, c.period_end) if c.period_start and c.period_end else None,
                        c.call_date) for c in drafts}
    held = await ql.held_in(conn, org, building_ids, min(f for f, _l in spans.values()),
                            max(last for _f, last in spans.values()))
    shares: dict[UUID, list[OwnerShare]] = {}
    errors: dict[str, str] = {}
    for c in drafts:
        first, last = spans[c.id]
        building = buildings[c.building_id]
        try:
            shares[c.id] = allocate_rows(
                building, c.kind, c.total, weights.get(c.sharing_key_id) if c.sharing_key_id else None, first, last,
                during(held[c.building_id], first, last))
        except Invalid as e:
            if not name_buildings:
                raise
            for field, message in e.errors.items():
                errors.setdefault(f"buildings[{building.id}].{field}", _(
                    "%(building)s : %(reason)s", building=building.name, reason=message))
    if errors:
        raise Invalid(errors)
    owners = {c.id: sorted({s.owner_id for s in shares[c.id]}) for c in drafts}
    wanted = sorted({(c.building_id, c.fund_id, o) for c in drafts for o in owners[c.id]})
    await _references(conn, org, wanted)
    references = await q.references_of(conn, org, wanted)
    contacts = {x.id: x for x in await q.contacts(conn, org, sorted({o for c in drafts for o in owners[c.id]}))} \
        if compose is not None else {}

    async def write() -> tuple[dict[UUID, UUID], dict[UUID, q.Call]]:
        """The entries, the shares, the calls marked issued, the in-app notices and the audit."""
        posted = await post_entries_many(conn, member, [(c.building_id, _entry(c, funds[c.fund_id], shares[c.id]))
                                                        for c in drafts])
        entries = {c.id: p.id for c, p in zip(drafts, posted, strict=True)}
        await q.store_shares_many(conn, org, [
            q.ShareRow(c.id, n, c.building_id, s.unit_id, s.unit_number, s.owner_id, s.weight, s.key_total,
                       s.lot_amount, s.days, s.amount, s.adjustment)
            for c in drafts for n, s in enumerate(shares[c.id], start=1)])
        issued = {x.id: x for x in await q.mark_issued_many(conn, org, member.user_id,
                                                             [(c.id, entries[c.id]) for c in drafts])}
        await notify_owners_many(conn, org, "call.issued", [
            (_("Appel de fonds « %(label)s » : %(total)s pour le bâtiment, à payer avant le %(day)s",
               label=c.label, total=money(c.total), day=c.due_date), "/portal", owners[c.id]) for c in drafts])
        await record_many(conn, member, "issue", "call", [
            (c.id, c, {"entry_id": str(entries[c.id]), "owners": len(owners[c.id])}) for c in drafts])
        return entries, issued

    # PostgreSQL writes while Python composes the e-mails (the connection is the writes' alone meanwhile)
    writing = asyncio.ensure_future(write())
    emails = {c.id: 0 for c in drafts}
    messages: list[tuple[str, str, str]] = []
    try:
        if compose is not None:
            await asyncio.sleep(0)  # the first statement sent before the e-mails are written
            for c in drafts:
                as_issued = replace(c, status="issued")
                by_owner: dict[UUID, list[OwnerShare]] = {}
                for s in shares[c.id]:
                    by_owner.setdefault(s.owner_id, []).append(s)
                for owner_id in owners[c.id]:
                    owner = contacts.get(owner_id)
                    ref = references.get((c.building_id, c.fund_id, owner_id))
                    if owner is None or not (owner.email and owner.accepts_email_notices) or ref is None:
                        continue
                    subject, body = await compose(Notice(as_issued, buildings[c.building_id], funds[c.fund_id],
                                                         owner, by_owner[owner_id], ref))
                    messages.append((owner.email, subject, body))
                    emails[c.id] += 1
                if writing.done() and writing.exception() is not None:
                    break  # refused meanwhile: no use writing the rest
                await asyncio.sleep(0)  # the writes' next statement
    finally:
        entries, issued = await writing
    await qoutbox.enqueue_many(conn, org, messages)
    return [Issued(issued[c.id], shares[c.id], entries[c.id], emails[c.id]) for c in drafts]


def _entry(call: q.Call, fund: qf.Fund, shares: list[OwnerShare]) -> EntryDraft:
    """Debit each owner's account (per lot), credit the contributions called or the fund."""
    owners_account = "owners_reserve" if call.kind == "reserve_fund" else "owners"
    credit = "charges_called" if call.kind in ("ordinary", "extraordinary") else fund.account_code
    lines = [LineDraft(owners_account, debit=s.amount, owner_id=s.owner_id, unit_id=s.unit_id,
                       key_id=call.sharing_key_id, label=call.label) for s in shares if s.amount > 0]
    lines.append(LineDraft(credit, credit=call.total, key_id=call.sharing_key_id, label=call.label))
    return EntryDraft("APF", call.call_date, call.label, tuple(lines), source=("call_for_funds", call.id))


async def _references(conn: asyncpg.Connection, org_id: UUID, wanted: list[tuple[UUID, UUID, UUID]]) -> None:
    """Each owner's stable reference for the fund (building, fund, owner); a random twin of another's is drawn
    again."""
    for attempt in range(_REFERENCE_TRIES):
        try:
            async with conn.transaction():
                await q.ensure_references_many(conn, org_id, wanted)
            return
        except asyncpg.UniqueViolationError:
            if attempt == _REFERENCE_TRIES - 1:
                raise


@dataclass(frozen=True)
class Notices:
    """What the notices of an issued call are printed from."""
    view: CallView
    building: Building
    fund: qf.Fund
    owners: list[q.Contact]


async def notices(conn: asyncpg.Connection, actor: Actor, call_id: UUID, printed_only: bool = False) -> Notices:
    """The owners' notices of an issued call (`printed_only`: those not sent by e-mail, the batch to post)."""
    member = require(actor, "call.read")
    view = await get_call(conn, member, call_id)
    call = view.call
    if not isinstance(call, q.Call) or call.status != "issued":
        raise Conflict(_("Les avis s'impriment une fois l'appel émis."))
    building = await building_of(conn, member, call.building_id)
    fund = given(await qf.get(conn, member.org_id, call.fund_id))
    return Notices(view, building, fund, await _owners(conn, member, view, printed_only))


async def _owners(conn: asyncpg.Connection, member: Member, view: CallView, by_post: bool) -> list[q.Contact]:
    owners = await q.contacts(conn, member.org_id, sorted({s.owner_id for s in view.shares}))
    return [o for o in owners if not (o.email and o.accepts_email_notices)] if by_post else owners


async def by_post(conn: asyncpg.Connection, actor: Actor, view: CallView) -> list[q.Contact]:
    """The owners of a call already read whose notice goes by post (no e-mail, or none accepted)."""
    return await _owners(conn, require(actor, "call.read"), view, True)


async def issue_batch(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any,
                      compose: Compose | None = None) -> list[CallView]:
    """Issue several draft calls of a building in ONE transaction: those named (`call_ids`), or every draft dated
    up to `until`; all or none."""
    member = require(actor, "call.issue", building_id)
    f = Fields(data if data is not None else {}, allowed={"call_ids", "until"})
    ids, until = f.uuid_list("call_ids", max_items=500), f.date("until")
    if ids is None and until is None and not f.errors:
        f.error("call_ids", _("Choisissez les appels à émettre ou une date."))
    f.done()
    async with conn.transaction():
        building = await get_building(conn, member, building_id)
        locked = given(await qb.lock(conn, member.org_id, building.id))  # the building, then its calls
        drafts = [c for c in await q.list_for_building(conn, member.org_id, building.id) if c.status == "draft"]
        chosen = [c for c in drafts if (ids is not None and c.id in ids) or (until is not None and c.call_date <= until)]
        if ids is not None and len(chosen) != len(set(ids)):
            raise Conflict(_("Un des appels n'est pas un brouillon de ce bâtiment."), "call_ids")
        calls = await q.lock_many(conn, member.org_id, [c.id for c in chosen])
        if any(c.status != "draft" for c in calls) or len(calls) != len(chosen):
            raise Conflict(_("Cet appel a déjà été émis."))
        done = await issue_many(conn, member, calls, {locked.id: locked}, compose)
        return [await get_call(conn, member, x.call.id) for x in done]
