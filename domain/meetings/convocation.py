"""Convening: the notice check, the recipients (e-mail or letter), the outbox, the second session, the minutes
sent, and the items owners ask for."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
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
from domain.meetings.meetings import locked_meeting
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import building_of
from domain.rules.meeting import rules_for
from queries.meetings import meetings as qm
from queries.meetings import votes as qv
from queries.meetings.agenda_requests import subscribers
from queries.platform import outbox as qoutbox
from queries.register import buildings as qb

MINUTES_DAYS = 30  # BE: C. civ. art. 3.87, § 12: minutes sent to owners within 30 days
MINUTES_WARNING_DAYS = 7


@dataclass(frozen=True)
class Document:
    """A rendered document to send: e-mail subject and text, and the PDF attached."""

    subject: str
    body: str
    pdf: bytes | None
    filename: str | None


# render(meeting, building, agenda, language) → the document in that language (owners.language)
Render = Callable[[qm.Meeting, qb.Building, list[qm.Item], str], Awaitable[Document]]


async def recipients(conn: asyncpg.Connection, org_id: UUID, meeting: qm.Meeting) -> list[qv.OwnerCard]:
    """Every lot's contact on the meeting date, and the co-owners who asked for the convocations."""
    roll = await roll_on(conn, org_id, meeting.building_id, meeting.day)
    extra = await subscribers(conn, org_id, meeting.building_id, meeting.day)
    return await qv.owner_cards(conn, org_id, list({*roll.voters, *extra}))


def channel_of(card: qv.OwnerCard) -> str:
    """E-mail only for those who accepted it for legal notices, a printed letter otherwise."""
    return "email" if card.accepts_email_notices and card.email else "letter"


async def _send_to_all(conn: asyncpg.Connection, actor: Member, meeting: qm.Meeting, document: str,
                       render: Render, building: qb.Building, items: list[qm.Item]) -> int:
    """Queue the e-mails, each in its recipient's language, and note every recipient (letters are printed)."""
    cards = await recipients(conn, actor.org_id, meeting)
    docs: dict[str, Document] = {}
    for card in cards:
        outbox_id = None
        if channel_of(card) == "email":
            if card.language not in docs:
                docs[card.language] = await render(meeting, building, items, card.language)
            doc = docs[card.language]
            outbox_id = await qoutbox.enqueue(conn, actor.org_id, given(card.email), doc.subject, doc.body,
                                         doc.filename, doc.pdf)
        await qoutbox.add_mailing(conn, actor.org_id, meeting.id, card.id, document, channel_of(card), outbox_id)
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
        after = await qm.set_state(conn, actor.org_id, meeting_id, "convened", convened_on=today)
        sent = await _send_to_all(conn, actor, after, "convocation", render, building, items)
        await record(conn, actor, "convene", "meeting", meeting_id, before, {"status": "convened", "sent": sent})
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
        if first.session != 1 or earliest is None or register.quorum.met:
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
    """BE: the minutes are due to the owners 30 days after the meeting."""
    return meeting.day + timedelta(days=MINUTES_DAYS) if jurisdiction == "BE" else None


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
    return after
