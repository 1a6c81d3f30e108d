"""Convening: the notice check, the recipients (e-mail or letter), the outbox, the second session, the minutes
sent, and the items owners ask for."""
from __future__ import annotations

from collections.abc import Awaitable, Container
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Conflict, Invalid
from domain.i18n import _
from domain.meetings.attendance import register_of, roll_on
from domain.meetings.meeting_input import parse_when
from domain.meetings.meetings import get_meeting, locked_meeting
from domain.notifications.notices import notify
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.platform.organizations import Letterhead, letterhead
from domain.register.buildings import building_of
from domain.rules.meeting import bears_costs, rules_for
from domain.rules.meeting_common import channel, minutes_due
from queries.meetings import meetings as qm
from queries.meetings import votes as qv
from queries.meetings.agenda_requests import subscribers
from queries.platform import outbox as qoutbox
from queries.register import buildings as qb
from queries.register.rights import lots_and_rights_on

MINUTES_WARNING_DAYS = 7


@dataclass(frozen=True)
class Document:
    """A rendered document to send: e-mail subject and text, and the PDF attached."""

    subject: str
    body: str
    pdf: bytes | None
    filename: str | None


class Render(Protocol):
    """render(meeting, building, agenda, language, letterhead) → the document in that language (owners.language),
    on the sender's letterhead."""

    def __call__(self, meeting: qm.Meeting, building: qb.Building, items: list[qm.Item], lang: str, /,
                 letterhead: Letterhead | None = None) -> Awaitable[Document]: ...


async def recipients(conn: asyncpg.Connection, org_id: UUID, meeting: qm.Meeting,
                     items: list[qm.Item] | None = None) -> list[qv.OwnerCard]:
    """Every lot's contact on the meeting date, every holder who bears the costs of a decision on the agenda (the
    bare owner of a lot in usufruct, for works), and the co-owners who asked for the convocations."""
    roll = await roll_on(conn, org_id, meeting.building_id, meeting.day)
    extra = await subscribers(conn, org_id, meeting.building_id, meeting.day)
    kinds = {i.decision_kind for i in items or await qm.items_of(conn, org_id, meeting.id) if i.is_resolution}
    rights = await lots_and_rights_on(conn, org_id, meeting.building_id, meeting.day)
    bearers = {r.owner_id for r in rights if r.owner_id is not None and r.right_kind not in (None, "full")
               and any(bears_costs(r.right_kind, k) for k in kinds)}
    return await qv.owner_cards(conn, org_id, list({*roll.voters, *extra, *bearers}))


def channel_of(card: qv.OwnerCard, reached_otherwise: Container[UUID] = ()) -> str:
    """E-mail only for those who accepted it for legal notices, a printed letter to a postal address, "other"
    for an owner the syndic marked as convened otherwise, "none" when nothing reaches them."""
    found = channel(card.accepts_email_notices, card.email, card.address)
    if found is None:
        return "other" if card.id in reached_otherwise else "none"
    return found


async def unreachable_owners(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID) -> list[qv.OwnerCard]:
    """The owners to convene whom neither an e-mail nor a letter reaches and who were not marked as convened
    otherwise: convening waits for each of them."""
    member = require(actor, "meeting.manage")
    meeting = await get_meeting(conn, member, meeting_id)
    marked = await qv.reached_otherwise(conn, member.org_id, meeting_id)
    return [c for c in await recipients(conn, member.org_id, meeting) if channel_of(c, marked) == "none"]


async def mark_reached_otherwise(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, data: object) -> None:
    """The syndic marks an owner without e-mail or postal address as convened otherwise (by hand …), noting how."""
    member = require(actor, "meeting.manage")
    f = Fields(data, allowed={"owner_id", "note"})
    owner_id = f.uuid("owner_id", required=True)
    note = f.text("note", required=True, max_len=300)
    f.done()
    async with conn.transaction():
        meeting = await locked_meeting(conn, member, meeting_id, "draft")
        if owner_id not in {c.id for c in await recipients(conn, member.org_id, meeting)}:
            raise Invalid({"owner_id": _("Ce copropriétaire n'est pas à convoquer à cette assemblée.")})
        assert owner_id is not None and note is not None  # required: f.done() refused them missing
        await qv.mark_reached_otherwise(conn, member.org_id, meeting_id, owner_id, note, member.user_id)
        await record(conn, member, "reached_otherwise", "meeting", meeting_id, None,
                     {"owner_id": str(owner_id), "note": note})


async def _send_to_all(conn: asyncpg.Connection, actor: Member, meeting: qm.Meeting, document: str,
                       render: Render, building: qb.Building, items: list[qm.Item]) -> int:
    """Queue the e-mails, each in its recipient's language, and note every recipient (letters are printed)."""
    cards = await recipients(conn, actor.org_id, meeting, items or None)
    marked = await qv.reached_otherwise(conn, actor.org_id, meeting.id)
    head = await letterhead(conn, actor, building)
    docs: dict[str, Document] = {}
    for card in cards:
        outbox_id = None
        how = channel_of(card, marked)
        if how == "email":
            if card.language not in docs:
                docs[card.language] = await render(meeting, building, items, card.language, letterhead=head)
            doc = docs[card.language]
            outbox_id = await qoutbox.enqueue(conn, actor.org_id, given(card.email), doc.subject, doc.body,
                                         doc.filename, doc.pdf)
        # an owner nobody can reach is listed as a letter to print, so the syndic sees it (convening refuses them)
        await qoutbox.add_mailing(conn, actor.org_id, meeting.id, card.id, document,
                                  "letter" if how == "none" else how, outbox_id)
    return len(cards)


async def convene(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, render: Render,
                  today: date | None = None) -> qm.Meeting:
    """The syndic convenes: refused when the notice is short; every owner is sent the convocation."""
    actor = require(actor, "meeting.manage")
    today = today or date.today()
    async with conn.transaction():
        before = await locked_meeting(conn, actor, meeting_id, "draft")
        building = await building_of(conn, actor, before.building_id)
        notice = rules_for(building.jurisdiction).notice_ok(today, before.day, building.notice_days)
        if not notice.ok:
            raise Invalid({"scheduled_date": _("%(reason)s (%(article)s)", reason=notice.reasons[-1],
                                               article=notice.article)})
        items = await qm.items_of(conn, actor.org_id, meeting_id)
        if not items:
            raise Conflict(_("L'ordre du jour est vide : ajoutez au moins un point avant de convoquer."))
        unreachable = await unreachable_owners(conn, actor, meeting_id)
        if unreachable:
            raise Invalid({"recipients": _(
                "Ni e-mail accepté pour les convocations ni adresse postale pour : %(names)s. Complétez leur fiche "
                "ou indiquez comment chacun est convoqué avant de convoquer.",
                names=", ".join(c.name for c in unreachable))})
        after = await qm.set_state(conn, actor.org_id, meeting_id, "convened", convened_on=today)
        sent = await _send_to_all(conn, actor, after, "convocation", render, building, items)
        await record(conn, actor, "convene", "meeting", meeting_id, before, {"status": "convened", "sent": sent})
        await notify(conn, actor.org_id, "convocation.sent",
                     _("Convocation : « %(title)s » le %(day)s", title=after.title,
                       day=after.scheduled_at.strftime("%d/%m/%Y %H:%M")),
                     f"/meetings/{meeting_id}", building_id=after.building_id, day=today)
    return after


async def convene_second_session(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, data: object,
                                 render: Render, today: date | None = None) -> qm.Meeting:
    """Without quorum (BE), one step: the first session is closed and the second convened, same agenda."""
    actor = require(actor, "meeting.manage")
    f = Fields(data, allowed={"scheduled_date", "location"})
    raw_when = parse_when(f, "scheduled_date", required=True)
    location = f.text("location", max_len=300)
    f.done()
    when = given(raw_when)
    async with conn.transaction():
        first = await locked_meeting(conn, actor, meeting_id, "convened", "open")
        building = await building_of(conn, actor, first.building_id)
        earliest = rules_for(building.jurisdiction).second_session_earliest(first.day)
        register = await register_of(conn, actor, meeting_id)
        met = first.quorum_met if first.status == "open" else register.quorum.met  # open: the opening's quorum
        if first.session != 1 or earliest is None or met:
            raise Conflict(_("Une deuxième séance n'est convoquée que si la première n'atteint pas le quorum."))
        if when.date() < earliest:
            raise Invalid({"scheduled_date": _("La deuxième assemblée se tient au moins 15 jours après la "
                                               "première : au plus tôt le %(day)s (C. civ., art. 3.87, § 5).",
                                               day=earliest.strftime("%d/%m/%Y"))})
        await qm.set_state(conn, actor.org_id, meeting_id, "closed", closed_at=datetime.now().astimezone(),
                           quorum_met=False)
        values = {"meeting_type": first.meeting_type, "title": first.title, "description": first.description,
                  "scheduled_at": when, "location": location or first.location, "video_url": first.video_url}
        second = await qm.insert(conn, actor.org_id, first.building_id, values, 2, first.id)
        await qm.copy_items(conn, actor.org_id, first.id, second.id)
        await record(conn, actor, "second_session", "meeting", second.id, first, second)
        return await convene(conn, actor, second.id, render, today)


async def cancel_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, render: Render) -> qm.Meeting:
    """The syndic cancels an assembly not yet held; if it was convened, everyone convened is told."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        before = await locked_meeting(conn, actor, meeting_id, "draft", "convened")
        after = await qm.set_state(conn, actor.org_id, meeting_id, "cancelled")
        sent = 0
        if before.status == "convened":
            building = await building_of(conn, actor, before.building_id)
            sent = await _send_to_all(conn, actor, after, "cancellation", render, building, [])
        await record(conn, actor, "cancel", "meeting", meeting_id, before, {"status": "cancelled", "sent": sent})
    return after


class Held(Protocol):
    """What the minutes deadline depends on (a meeting, or a meeting in a list)."""

    @property
    def day(self) -> date: ...
    @property
    def status(self) -> str: ...
    @property
    def minutes_sent_on(self) -> date | None: ...


def minutes_deadline(meeting: Held, jurisdiction: str) -> date | None:
    """BE: the minutes are due to the owners 30 days after the meeting; FR: to the opposing and absent owners
    within one month (loi 1965 art. 42)."""
    if jurisdiction == "FR":
        return minutes_due(meeting.day, "FR").due
    return minutes_due(meeting.day, "BE").due if jurisdiction == "BE" else None


def minutes_warning(meeting: Held, jurisdiction: str, today: date | None = None) -> str | None:
    """'late', 'soon' (within a week of the deadline) or None once sent or when not due."""
    deadline = minutes_deadline(meeting, jurisdiction)
    if deadline is None or meeting.status != "closed" or meeting.minutes_sent_on:
        return None
    today = today or date.today()
    if today > deadline:
        return "late"
    return "soon" if today >= deadline - timedelta(days=MINUTES_WARNING_DAYS) else None


async def send_minutes(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, render: Render,
                       today: date | None = None) -> qm.Meeting:
    """The syndic sends the minutes to every owner (e-mail or letter) and the date is kept."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        before = await locked_meeting(conn, actor, meeting_id, "closed")
        if before.minutes_sent_on:
            raise Conflict(_("Le procès-verbal a déjà été envoyé le %(day)s.",
                             day=before.minutes_sent_on.strftime("%d/%m/%Y")))
        building = await building_of(conn, actor, before.building_id)
        items = await qm.items_of(conn, actor.org_id, meeting_id)
        sent = await _send_to_all(conn, actor, before, "minutes", render, building, items)
        after = await qm.set_minutes_sent(conn, actor.org_id, meeting_id, today or date.today())
        await record(conn, actor, "send_minutes", "meeting", meeting_id, before, {"sent": sent})
        await notify(conn, actor.org_id, "minutes.available",
                     _("Procès-verbal de « %(title)s » disponible", title=before.title),
                     f"/meetings/{meeting_id}", building_id=before.building_id, day=today)
    return after
