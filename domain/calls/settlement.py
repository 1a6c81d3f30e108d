"""The charge settlement (décompte) of a period: each owner's actual charges (the expenses allocated to them in the
period) set against the provisions called for it — ordinary provisions against ordinary charges, extraordinary
provisions against works. A positive balance is to pay; a negative one is the owner's credit, never lost (it is
carried to the next call).

Computed on demand (`settle`), then posted by the syndic (`post_settlement`): ONE regularisation entry in the
miscellaneous journal bringing each owner's account from what it holds (the provisions called, and the charges
posted at approval when no provisions covered them) to the actual charges: owner debited X − P − Y (credited when
negative), the charges called (701) the other side. An expense of a period covered by issued provisions is not
posted to the owners at approval (domain/accounting/charges.py): the settlement does it."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.errors import Conflict, NotFound
from domain.i18n import _, money
from domain.notifications.notices import notify
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.rules.double_entry import sides
from domain.rules.settlement import regularisation
from queries.calls import calls as qc
from queries.calls import funds as qf
from queries.calls import settlement as q
from queries.platform import outbox as qoutbox
from queries.register import buildings as qb
from queries.register.buildings import Building

_KINDS = {"ordinary": ("ordinary", "ordinary"), "extraordinary": ("extraordinary", "works")}
CALL_KIND_OF_NATURE = {nature: kind for kind, nature in _KINDS.values()}
KIND_LABELS = {"ordinary": _("Provisions ordinaires"), "extraordinary": _("Provisions extraordinaires")}
DUE_AFTER_DAYS = 30  # a balance to pay is due 30 days after posting unless the syndic gives its due date


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


@dataclass(frozen=True)
class PostedSettlement:
    """A posted settlement with its owners' lines."""
    settlement: q.Posted
    lines: list[q.Line]


@dataclass(frozen=True)
class Notice:
    """What an owner's settlement notice says, for the web layer to write in their language."""
    building: Building
    line: q.Line
    owner: qc.Contact


Compose = Callable[[Notice], Awaitable[tuple[str, str]]]


def _parse(data: Any) -> tuple[date, date, str, date]:
    """The period, the kind and the due date of a balance to pay (by default 30 days after posting, or after the
    period when it has not ended yet)."""
    f = Fields(data if data is not None else {}, allowed={"from", "to", "kind", "due_date"})
    first, last = f.date("from", required=True), f.date("to", required=True)
    kind = f.choice("kind", _KINDS) or "ordinary"
    due = f.date("due_date")
    if first and last and last < first:
        f.error("to", _("La période finit avant de commencer."))
    if first and last and (last - first).days > 550:
        f.error("to", _("Une période de décompte tient en un exercice (dix-huit mois au plus)."))
    if due and last and due < last:
        f.error("due_date", _("L'échéance du solde suit la fin de la période."))
    f.done()
    last = given(last)
    return given(first), last, kind, due or max(date.today(), last) + timedelta(days=DUE_AFTER_DAYS)


async def settle(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> Settlement:
    """The settlement of [from, to] for the building's owners."""
    member = require(actor, "call.read", building_id)
    first, last, kind, _due = _parse(data)
    building = await get_building(conn, member, building_id)
    call_kind, nature = _KINDS[kind]
    owners = await q.settlement(conn, member.org_id, building.id, first, last, call_kind, nature)
    return Settlement(building.id, first, last, kind, owners)


async def awaits_settlement(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, nature: str,
                            day: date) -> bool:
    """True when an expense of the nature dated `day` is funded by issued provisions not settled yet: its
    allocation reaches the owners' accounts at the settlement, not at approval."""
    return await q.awaits_settlement(conn, org_id, building_id, CALL_KIND_OF_NATURE[nature], day)


def _entry(settlement_id: UUID, first: date, last: date, kind: str,
           owners: list[q.OwnerSettlement]) -> EntryDraft | None:
    """The regularisation: each owner X − P − Y, the charges called the other side (None: nothing to post)."""
    amounts, total = regularisation([(o.charges, o.already_posted, o.provisions) for o in owners])
    label = _("Décompte %(kind)s du %(a)s au %(b)s", kind=KIND_LABELS[kind], a=first, b=last)
    # each owner's line says why (the owner's account shows it): the period, the provisions, the charges
    lines = [LineDraft("owners", *sides(a), owner_id=o.owner_id, label=str(_(
        "Décompte du %(a)s au %(b)s : provisions %(provisions)s, charges %(charges)s", a=first, b=last,
        provisions=money(o.provisions), charges=money(o.charges)))[:500])
        for o, a in zip(owners, amounts, strict=True) if a != 0]
    if not lines:
        return None
    if total != 0:
        lines.append(LineDraft("charges_called", *sides(-total), label=str(label)))
    return EntryDraft("OD", last, str(label)[:200], tuple(lines), source=("settlement", settlement_id))


async def _open_period(conn: asyncpg.Connection, member: Member, building_id: UUID, first: date, last: date) -> None:
    for day in (first, last):
        if await qc.year_state(conn, member.org_id, building_id, day) == "closed":
            raise Conflict(_("L'exercice du %(day)s est clôturé : rien ne s'y régularise plus.",
                             day=day.isoformat()), "from")


async def post_settlement(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any,
                          compose: Compose | None = None) -> PostedSettlement:
    """Post the settlement of [from, to] in one transaction: the regularisation entry, the owners' lines stored,
    each owner told (in-app, and by e-mail as they chose). Refused twice for an overlapping period, or in a closed
    year (409)."""
    member = require(actor, "settlement.post", building_id)
    first, last, kind, due = _parse(data)
    async with conn.transaction():
        building = await get_building(conn, member, building_id)
        await qb.lock(conn, member.org_id, building.id)  # approvals wait: none slips between the sums and the entry
        await _open_period(conn, member, building.id, first, last)
        if await q.overlapping(conn, member.org_id, building.id, kind, first, last) is not None:
            raise Conflict(_("Un décompte de ces provisions est déjà passé sur cette période."), "from")
        call_kind, nature = _KINDS[kind]
        owners = await q.settlement(conn, member.org_id, building.id, first, last, call_kind, nature)
        settlement_id = uuid4()
        draft = _entry(settlement_id, first, last, kind, owners)
        entry = await post_entry(conn, member, building.id, draft) if draft is not None else None
        posted = await q.insert(conn, member.org_id, settlement_id, building.id, kind, first, last, member.user_id,
                                entry.id if entry else None, owners, due)
        await _references(conn, member, building.id, [o.owner_id for o in owners if o.balance > 0])
        for o in owners:
            await notify(conn, member.org_id, "settlement.posted", _(
                "Décompte des charges du %(a)s au %(b)s : provisions %(provisions)s, charges %(charges)s, "
                "solde %(balance)s", a=first, b=last, provisions=money(o.provisions), charges=money(o.charges),
                balance=money(o.balance)), "/portal", owners=[o.owner_id])
        found = PostedSettlement(posted, await q.lines(conn, member.org_id, posted.id))
        if compose is not None:
            await _queue_notices(conn, member, building, found, compose)
        await record(conn, member, "post", "settlement", posted.id, None,
                     {**vars(posted), "owners": len(owners)})
    return found


async def _references(conn: asyncpg.Connection, member: Member, building_id: UUID, owner_ids: list[UUID]) -> None:
    """The owners with a balance to pay hold a structured communication for the working fund, where it is paid."""
    working = await qf.working(conn, member.org_id, building_id)
    if working is None or not owner_ids:
        return
    for attempt in range(3):  # a random twin of another owner's reference is drawn again
        try:
            async with conn.transaction():
                await qc.ensure_references(conn, member.org_id, building_id, working.id, owner_ids)
            return
        except asyncpg.UniqueViolationError:
            if attempt == 2:
                raise


async def _queue_notices(conn: asyncpg.Connection, member: Member, building: Building, found: PostedSettlement,
                         compose: Compose) -> None:
    """One e-mail per owner who accepts notices by e-mail, in their language."""
    lines = {x.owner_id: x for x in found.lines}
    for owner in await qc.contacts(conn, member.org_id, list(lines)):
        if owner.email and owner.accepts_email_notices:
            subject, body = await compose(Notice(building, lines[owner.id], owner))
            await qoutbox.enqueue(conn, member.org_id, owner.email, subject, body)


async def list_settlements(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[PostedSettlement]:
    """The building's posted settlements, with their lines, the latest period first."""
    member = require(actor, "call.read", building_id)
    building = await get_building(conn, member, building_id)
    by_id: dict[UUID, list[q.Line]] = {}
    for line in await q.lines_of_building(conn, member.org_id, building.id):
        by_id.setdefault(line.settlement_id, []).append(line)
    return [PostedSettlement(s, by_id.get(s.id, [])) for s in await q.list_for_building(conn, member.org_id,
                                                                                        building.id)]


async def get_settlement(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                         settlement_id: UUID) -> PostedSettlement | None:
    """One posted settlement of the building (None: not this building's)."""
    found = [s for s in await list_settlements(conn, actor, building_id) if s.settlement.id == settlement_id]
    return found[0] if found else None


@dataclass(frozen=True)
class Notices:
    """What a posted settlement's notices are printed from."""
    found: PostedSettlement
    building: Building
    owners: list[qc.Contact]


async def notices(conn: asyncpg.Connection, actor: Actor, building_id: UUID, settlement_id: UUID) -> Notices:
    """The owners' notices of a posted settlement of the building."""
    member = require(actor, "call.read", building_id)
    found = await get_settlement(conn, member, building_id, settlement_id)
    if found is None:
        raise NotFound("settlement", settlement_id)
    building = await get_building(conn, member, building_id)
    return Notices(found, building, await qc.contacts(conn, member.org_id, [x.owner_id for x in found.lines]))
