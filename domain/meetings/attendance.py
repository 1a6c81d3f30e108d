"""Who votes for which lots on the meeting date, the attendance register, proxies and quorum."""
from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Invalid
from domain.i18n import _
from domain.meetings.meetings import locked_meeting, meeting_and_building
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import building_of
from domain.rules.meeting import Attendee, QuorumResult, rules_for, status_of
from domain.rules.meeting_common import names_the_syndic
from queries.meetings import meetings as qm
from queries.meetings import votes as qv
from queries.register import buildings as qb
from queries.register.rights import lots_and_rights_on

KIND_ORDER = {"full": 0, "usufruct": 1, "bare": 2}
POSTAL_FREE_DAYS = 3  # FR, décret 67-223 art. 9 bis: received at least three clear days before the meeting
SYNDIC_HOLDER = "syndic"


@dataclass
class Voter:
    """An owner who votes for one or more lots (as their contact), with the quotas of those lots."""

    owner_id: UUID
    name: str
    user_id: UUID | None
    quota: int = 0
    lots: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Roll:
    """The voters of a building on a date: each lot's contact holds the lot's votes."""

    voters: dict[UUID, Voter]
    total_quota: int
    lots_without_owner: list[str]

    @property
    def total_owners(self) -> int:
        """Owners with a vote."""
        return len(self.voters)


async def roll_on(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, day: date) -> Roll:
    """Voters from the register on the meeting date (the lot's contact, else its first full owner)."""
    rights = await lots_and_rights_on(conn, org_id, building_id, day)
    by_lot: dict[UUID, list[Any]] = {}
    for right in rights:
        by_lot.setdefault(right.unit_id, []).append(right)
    voters: dict[UUID, Voter] = {}
    empty: list[str] = []
    total = 0
    for lot in by_lot.values():
        total += lot[0].quota
        holders = [r for r in lot if r.owner_id is not None]
        if not holders:
            empty.append(lot[0].unit_number)
            continue
        chosen = min(holders, key=lambda r: (not r.is_contact, KIND_ORDER.get(r.right_kind, 9), str(r.owner_id)))
        voter = voters.setdefault(chosen.owner_id, Voter(chosen.owner_id, chosen.owner_name or "",
                                                         chosen.owner_user_id))
        voter.quota += chosen.quota
        voter.lots.append(chosen.unit_number)
    return Roll(dict(sorted(voters.items(), key=lambda kv: kv[1].name.lower())), total, empty)


def idle_proxies(register: list[qv.Presence], voters: Container[UUID]) -> set[UUID]:
    """Owners represented by another owner of the building who is not present himself: their proxy is not
    exercised. A holder who votes for no lot here (an owner record elsewhere, like a named outsider) needs no line
    of the register: the syndic recorded the proxy with the holder in the room."""
    lines = {p.owner_id: p for p in register}
    return {p.owner_id for p in register if p.status == "represented" and p.proxy_holder_owner_id is not None
            and p.proxy_holder_owner_id in voters
            and (lines.get(p.proxy_holder_owner_id) is None or lines[p.proxy_holder_owner_id].status != "present")}


def attendees(roll: Roll, register: list[qv.Presence], syndic_owner_ids: set[UUID]) -> list[Attendee]:
    """The register as the rules see it (postal voters count as present; unlisted voters, and those whose
    holder is not in the room, are absent)."""
    lines = {p.owner_id: p for p in register}
    idle = idle_proxies(register, roll.voters)
    out = []
    for owner_id, voter in roll.voters.items():
        line = lines.get(owner_id)
        status = "absent" if line is None or owner_id in idle else (
            "present" if line.status == "postal" else line.status)
        holder = holder_key(line) if line is not None and status == "represented" else None
        out.append(Attendee(owner_id, voter.quota, status_of(status), holder, owner_id in syndic_owner_ids))
    return out


def holder_key(line: qv.Presence) -> object:
    """Who holds a proxy: an owner by id, anyone else by name, the syndic as such."""
    if line.proxy_holder_owner_id is not None:
        return line.proxy_holder_owner_id
    return (line.proxy_holder_name or "").strip().lower()


def quorum_of(jurisdiction: str, roll: Roll, register: list[qv.Presence], syndics: set[UUID]) -> QuorumResult:
    """The quorum from the register, with its reasoning."""
    people = attendees(roll, register, syndics)
    result = rules_for(jurisdiction).quorum(people, max(roll.total_quota, 1), max(roll.total_owners, 1))
    idle = [_("La procuration de %(who)s n'est pas comptée : son mandataire n'est pas présent.",
              who=roll.voters[o].name) for o in idle_proxies(register, roll.voters) if o in roll.voters]
    return replace(result, reasons=[*idle, *result.reasons]) if idle else result


@dataclass(frozen=True)
class PresenceInput:
    owner_id: UUID
    status: str
    holder_owner_id: UUID | None
    holder_name: str | None
    holder_is_syndic: bool
    postal_received_on: date | None

    @classmethod
    def parse(cls, data: object) -> PresenceInput:
        """One line of the register: present, represented (by an owner or a named person), absent, postal."""
        f = Fields(data, allowed={"owner_id", "status", "proxy_holder_owner_id", "proxy_holder_name",
                                  "postal_received_on"})
        owner_id = f.uuid("owner_id", required=True)
        status = f.choice("status", ("present", "represented", "absent", "postal"), required=True)
        raw_holder = f.text("proxy_holder_owner_id", max_len=40)
        syndic = raw_holder == SYNDIC_HOLDER
        holder_id = None if syndic or raw_holder is None else f.uuid("proxy_holder_owner_id")
        name = f.text("proxy_holder_name", max_len=200)
        received = f.date("postal_received_on")
        if status == "represented" and not (holder_id or name or syndic):
            f.error("proxy_holder_name", _("Indiquez qui détient la procuration."))
        if status == "postal" and received is None:
            f.error("postal_received_on", _("Indiquez la date de réception du formulaire."))
        f.done()
        if status != "represented":
            holder_id, name, syndic = None, None, False
        return cls(given(owner_id), given(status), holder_id, name, syndic, received if status == "postal" else None)


async def register_presence(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, data: object) -> qv.Presence:
    """The syndic records one owner's attendance; proxy and postal-vote rules are enforced."""
    actor = require(actor, "meeting.manage")
    entry = PresenceInput.parse(data)
    async with conn.transaction():
        meeting = await locked_meeting(conn, actor, meeting_id, "convened", "open")
        building = await building_of(conn, actor, meeting.building_id)
        roll = await roll_on(conn, actor.org_id, meeting.building_id, meeting.day)
        if entry.owner_id not in roll.voters:
            raise Invalid({"owner_id": _("Ce copropriétaire ne vote pour aucun lot à la date de l'assemblée.")})
        register = await qv.attendance(conn, actor.org_id, meeting_id)
        names = await _holder_label(conn, actor, entry)
        await _check_rules(conn, actor, building, meeting, roll, register, entry)
        line = await qv.record_presence(conn, actor.org_id, meeting_id, entry.owner_id, entry.status,
                                        entry.holder_owner_id, names, entry.postal_received_on)
        await qv.record_movement(conn, actor.org_id, meeting_id, entry.owner_id, entry.status, names)
        await record(conn, actor, "attendance", "meeting", meeting_id, None, line)
    return line


async def _holder_label(conn: asyncpg.Connection, actor: Member, entry: PresenceInput) -> str | None:
    """The proxy holder's name as the register shows it."""
    if entry.holder_owner_id is not None:
        cards = await qv.owner_cards(conn, actor.org_id, [entry.holder_owner_id])
        if not cards:
            raise Invalid({"proxy_holder_owner_id": _("Mandataire inconnu.")})
        return cards[0].name
    return "Syndic" if entry.holder_is_syndic else entry.holder_name


async def _check_rules(conn: asyncpg.Connection, actor: Member, building: qb.Building, meeting: qm.Meeting,
                       roll: Roll, register: list[qv.Presence], entry: PresenceInput) -> None:
    """Postal votes (FR only, before the cut-off) and the proxy limits of the holder."""
    if entry.status == "postal":
        _check_postal(building.jurisdiction, meeting.day, given(entry.postal_received_on))
    if entry.status != "represented":
        return
    if entry.holder_owner_id == entry.owner_id:
        raise Invalid({"proxy_holder_owner_id": _("Un copropriétaire ne peut pas être son propre mandataire.")})
    key = entry.holder_owner_id or (entry.holder_name or "").strip().lower()
    others = [p for p in register if p.status == "represented" and p.owner_id != entry.owner_id
              and holder_key(p) == key]
    holder = roll.voters.get(entry.holder_owner_id) if entry.holder_owner_id else None
    is_syndic = entry.holder_is_syndic or await _names_the_syndic(conn, actor, entry)
    quotas = [roll.voters[p.owner_id].quota for p in others if p.owner_id in roll.voters]
    check = rules_for(building.jurisdiction).check_proxies(
        key, holder.quota if holder else 0, [*quotas, roll.voters[entry.owner_id].quota],
        max(roll.total_quota, 1), is_syndic)
    if not check.allowed:
        raise Invalid({"proxy_holder_name": _("%(reason)s (%(article)s)", reason=check.reasons[0],
                                              article=check.article)})


async def _names_the_syndic(conn: asyncpg.Connection, actor: Member, entry: PresenceInput) -> bool:
    """The syndic may hold no proxy, however entered: their owner record (linked to a syndic's account), or a
    name that is the firm's, a syndic's name or e-mail (case, accents and spaces aside)."""
    names = await qv.syndic_names(conn, actor.org_id)
    if entry.holder_owner_id is not None:
        cards = await qv.owner_cards(conn, actor.org_id, [entry.holder_owner_id])
        return any(c.is_syndic or names_the_syndic(c.name, names) or names_the_syndic(c.email or "", names)
                   for c in cards)
    return names_the_syndic(entry.holder_name or "", names)


def _check_postal(jurisdiction: str, meeting_day: date, received: date) -> None:
    """FR: the postal form must reach the syndic three clear days before; BE has no postal vote."""
    if jurisdiction != "FR":
        raise Invalid({"status": _("Le vote par correspondance n'est pas prévu en droit belge.")})
    cutoff = meeting_day - timedelta(days=POSTAL_FREE_DAYS + 1)
    if received > cutoff:
        raise Invalid({"postal_received_on": _(
            "Formulaire reçu le %(received)s : il devait parvenir au syndic au plus tard le %(cutoff)s, trois "
            "jours francs avant l'assemblée (décret n° 67-223, art. 9 bis).",
            received=received.strftime("%d/%m/%Y"), cutoff=cutoff.strftime("%d/%m/%Y"))})


@dataclass(frozen=True)
class Register:
    """Everything the meeting screen shows about attendance."""

    roll: Roll
    lines: dict[UUID, qv.Presence]
    quorum: QuorumResult
    syndics: set[UUID]


async def register_of(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID,
                      loaded: tuple[qm.Meeting, qb.Building] | None = None) -> Register:
    """The attendance register and the live quorum of a visible meeting (`loaded`: meeting and building read)."""
    actor = require(actor, "meeting.read")
    meeting, building = loaded or await meeting_and_building(conn, actor, meeting_id)
    roll = await roll_on(conn, actor.org_id, building.id, meeting.day)
    lines = await qv.attendance(conn, actor.org_id, meeting_id)
    cards = await qv.owner_cards(conn, actor.org_id, list(roll.voters))
    syndics = {c.id for c in cards if c.is_syndic}
    return Register(roll, {p.owner_id: p for p in lines}, quorum_of(building.jurisdiction, roll, lines, syndics),
                    syndics)
