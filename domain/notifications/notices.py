"""In-app notifications: each event an owner or a member should know of writes a notice for them and, by their
preference, an e-mail (the outbox), in the same transaction as the event.

For other areas, one function: `await notify(conn, org_id, kind, title, path, users=…, owners=…, building_id=…)`
inside the event's transaction, where
- `kind` is one of `KINDS` (add yours there: its label for the preferences page, whether it is legal);
- `title` a `Msg` (`_("Procès-verbal de « %(title)s » disponible", title=…)`): stored as its template and
  parameters, translated for each reader (the page, the JSON, the e-mail in the recipient's language);
- `path` the page the notice opens; the recipients: user ids, owner records (their linked accounts), and/or
  every owner holding a lot in `building_id` on `day` (today by default) — each once, members only.

A kind marked legal (a convocation, the minutes) is sent by the means the owner accepted, by its own area (the
meetings' mailings): its notice is in-app only and no preference can touch that channel.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from domain.access import Actor, allowed, require
from domain.errors import Invalid, NotFound
from domain.i18n import Msg, _, restored, stored
from domain.pagination import Page, PageRequest
from queries.db import dumps
from queries.notifications import notices as q
from queries.platform import outbox as qo


@dataclass(frozen=True)
class Kind:
    label: Msg
    legal: bool = False  # sent by a legal channel of its own: no e-mail here, no preference


KINDS: dict[str, Kind] = {
    "convocation.sent": Kind(_("Convocation à une assemblée générale"), legal=True),
    "minutes.available": Kind(_("Procès-verbal d'assemblée disponible"), legal=True),
    "document.shared": Kind(_("Document mis à disposition")),
    "payment.recorded": Kind(_("Paiement enregistré sur votre compte")),
    "agenda_request.answered": Kind(_("Réponse à votre demande de point à l'ordre du jour")),
    # the call's own notice (PDF and e-mail, by the means the owner accepted) is the calls area's: in-app only here
    "call.issued": Kind(_("Appel de fonds émis"), legal=True),
    "call.cancelled": Kind(_("Appel de fonds annulé")),
    # the settlement's own e-mail (to the owners who accept notices by e-mail) is the calls area's: in-app only here
    "settlement.posted": Kind(_("Décompte de charges passé sur votre compte"), legal=True),
    "ticket.answered": Kind(_("Suite donnée à votre signalement")),
    # the reminder's own letter (PDF and e-mail, the registered step by post) is the collection's: in-app only here
    "reminder.sent": Kind(_("Rappel de paiement"), legal=True),
}

# Lines an e-mail carries beyond the notice's title: messages (translated) or text as someone wrote it (a note).
Detail = Sequence[Msg | str]
# (recipient's language, title, path, detail) → the e-mail's (subject, body); the web layer installs one that
# translates (web/app.py); until then the French text and the bare path.
Compose = Callable[[str, Msg, str, Detail], tuple[str, str]]


def _french(_lang: str, title: Msg, path: str, detail: Detail = ()) -> tuple[str, str]:
    extra = "".join(f"{line}\n\n" for line in detail)
    return str(title), f"{title}\n\n{extra}{path}\n"


_composer: list[Compose] = [_french]


def use_composer(compose: Compose) -> None:
    """The web layer's way to write a notice's e-mail in the recipient's language, with a full link."""
    _composer[0] = compose


async def notify(conn: asyncpg.Connection, org_id: UUID, kind: str, title: Msg, path: str, *,
                 users: Iterable[UUID] = (), owners: Iterable[UUID] = (), building_id: UUID | None = None,
                 day: date | None = None, about_building: UUID | None = None, detail: Detail = ()) -> int:
    """Notify the recipients (see the module's docstring) in the caller's transaction; how many were. `detail`:
    lines the e-mail adds below the title (the in-app notice is the title and its link)."""
    spec = KINDS[kind]
    recipients = await q.notify(conn, org_id, list(users), list(owners), building_id, day or date.today(), kind,
                                title.template, stored(title.params), path, about_building or building_id)
    if not spec.legal:
        for r in recipients:
            if r.wants_email:
                subject, body = _composer[0](r.locale, title, path, detail)
                await qo.enqueue(conn, org_id, r.email, subject, body)
    return len(recipients)


def title_of(notice: q.Notice) -> Msg:
    """A stored notice's text as a message to translate."""
    return Msg(notice.template, **restored(notice.params))


async def my_notices(conn: asyncpg.Connection, actor: Actor, paging: PageRequest) -> Page[q.Notice]:
    """The member's own notices, newest first."""
    member = require(actor, "notification.read")
    items = await q.of_user(conn, member.org_id, member.user_id, paging.per_page, paging.offset)
    return Page(items, paging, await q.count(conn, member.org_id, member.user_id))


async def unread_count(conn: asyncpg.Connection, actor: Actor) -> int:
    """How many of the member's notices are unread (0 outside an organisation or without an active role)."""
    if actor.org_id is None or not allowed(actor, "notification.read"):
        return 0
    member = require(actor, "notification.read")
    return await q.unread(conn, member.org_id, member.user_id)


async def mark_read(conn: asyncpg.Connection, actor: Actor, notice_id: UUID) -> q.Notice:
    """Mark one of the member's notices read (another's is not found)."""
    member = require(actor, "notification.read")
    notice = await q.mark_read(conn, member.org_id, member.user_id, notice_id)
    if notice is None:
        raise NotFound("notice", notice_id)
    return notice


async def mark_all_read(conn: asyncpg.Connection, actor: Actor) -> None:
    """Mark every notice of the member read."""
    member = require(actor, "notification.read")
    await q.mark_all_read(conn, member.org_id, member.user_id)


@dataclass(frozen=True)
class Preference:
    kind: str
    label: Msg
    email: bool
    legal: bool


async def my_preferences(conn: asyncpg.Connection, actor: Actor) -> list[Preference]:
    """For each kind: whether an e-mail follows the notice (legal kinds: by their own channel, always)."""
    member = require(actor, "notification.read")
    chosen = await q.preferences(conn, member.org_id, member.user_id)
    return [Preference(k, spec.label, not spec.legal and chosen.get(k, True), spec.legal) for k, spec in KINDS.items()]


def parse_preferences(data: object, form: bool = False) -> dict[str, bool]:
    """{kind: e-mail wanted}; in a form, a kind left unticked is a no. A legal kind cannot be chosen."""
    if not isinstance(data, dict):
        raise Invalid({"body": _("Le corps de la requête doit être un objet JSON.")})
    errors: dict[str, Msg] = {}
    choices: dict[str, bool] = {}
    for name, value in data.items():
        if form and name == "csrf_token":
            continue
        spec = KINDS.get(name)
        if spec is None:
            errors[name] = _("Champ inconnu.")
        elif spec.legal:
            errors[name] = _("Ce canal est légal : il suit le mode d'envoi que vous avez accepté.")
        elif form:
            choices[name] = value in ("on", "1", "true")
        elif not isinstance(value, bool):
            errors[name] = _("Vrai ou faux attendu.")
        else:
            choices[name] = value
    if errors:
        raise Invalid(errors)
    if form:
        choices = {k: choices.get(k, False) for k, spec in KINDS.items() if not spec.legal}
    return choices


async def set_my_preferences(conn: asyncpg.Connection, actor: Actor, choices: dict[str, bool]) -> list[Preference]:
    """Store the member's e-mail choices."""
    member = require(actor, "notification.read")
    await q.set_preferences(conn, member.org_id, member.user_id, choices)
    return await my_preferences(conn, member)


async def notify_owners_many(conn: asyncpg.Connection, org_id: UUID, kind: str,
                             events: Sequence[tuple[Msg, str, Sequence[UUID]]]) -> int:
    """`notify` for many events at once, each (title, path, owners) notifying its owners' linked accounts, in one
    statement; how many notices were written. A kind that e-mails (not legal) goes event by event through
    `notify`, which queues each recipient's e-mail by their preference."""
    if not KINDS[kind].legal:
        return sum([await notify(conn, org_id, kind, title, path, owners=owners) for title, path, owners in events])
    rows = [(g, owner, title.template, dumps(stored(title.params)), path, None)
            for g, (title, path, owners) in enumerate(events) for owner in owners]
    return await q.notify_owners_many(conn, org_id, kind, rows)
