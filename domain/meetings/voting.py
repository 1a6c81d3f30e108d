"""Holding the meeting: open it, open and close resolutions, cast votes, count them exactly, close it."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, allowed, require
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.i18n import _
from domain.meetings.attendance import Register, Roll, idle_proxies, register_of, roll_on
from domain.meetings.meeting_input import LOCAL
from domain.meetings.meetings import get_meeting, locked_meeting, my_owner_ids
from domain.meetings.results import compute_result, msg_json, msg_of
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import building_of
from domain.rules.meeting_common import check_opening
from queries.meetings import meetings as qm
from queries.meetings import votes as qv

CHOICE_ALIASES = {"pour": "for", "contre": "against", "abstention": "abstain", "yes": "for", "no": "against"}


def _now() -> datetime:
    return datetime.now(UTC)


def local_now() -> datetime:
    """The building's local time now (meetings are scheduled in local time)."""
    return datetime.now(LOCAL).replace(tzinfo=None)


async def open_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID,
                       now: datetime | None = None) -> qm.Meeting:
    """The syndic opens the session, not before the convened date and time: the attendance and the quorum at
    this moment are recorded — in Belgium the assembly deliberates validly or not from its opening (C. civ.
    art. 3.87 § 5); later arrivals and departures change the votes cast, not the validity."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        before = await locked_meeting(conn, actor, meeting_id, "convened")
        check = check_opening(before.scheduled_at, now or local_now())
        if not check.ok:
            raise Conflict(check.reasons[0])
        register = await register_of(conn, actor, meeting_id)
        met = register.quorum.met or before.session == 2
        after = await qm.set_state(conn, actor.org_id, meeting_id, "open", opened_at=_now(), quorum_met=met,
                                   opening_quorum=opening_json(register))
        await record(conn, actor, "open", "meeting", meeting_id, before, after)
    return after


def opening_json(register: Register) -> dict[str, Any]:
    """The quorum and the attendance at the opening, as kept with the meeting (and shown in the minutes)."""
    quorum = register.quorum
    return {"met": quorum.met, "route": quorum.route, "owners_present": quorum.owners_present,
            "total_owners": quorum.total_owners, "quota_present": quorum.quota_present,
            "total_quota": quorum.total_quota, "article": quorum.article,
            "reasons": [msg_json(r) for r in quorum.reasons],
            "attendance": {str(o): line.status for o, line in register.lines.items()}}


async def _locked_resolution(conn: asyncpg.Connection, actor: Member, item_id: UUID) -> qm.Item:
    item = await qm.item(conn, actor.org_id, item_id, for_update=True)
    if item is None or not item.is_resolution:
        raise NotFound("resolution", item_id)
    return item


async def open_resolution(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, item_id: UUID) -> qm.Item:
    """The syndic puts a resolution to the vote (first session in Belgium: only with quorum)."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        meeting = await locked_meeting(conn, actor, meeting_id, "open")
        item = await _locked_resolution(conn, actor, item_id)
        if item.meeting_id != meeting.id:
            raise NotFound("resolution", item_id)
        if item.vote_status != "pending":
            raise Conflict(_("Le vote sur cette résolution a déjà été ouvert."))
        if meeting.session == 1 and not meeting.quorum_met:
            opening = meeting.opening_quorum or {}
            raise Conflict(_("Le quorum n'était pas atteint à l'ouverture de la séance : l'assemblée ne peut pas "
                             "délibérer (les arrivées ultérieures n'y changent rien). %(reason)s",
                             reason=msg_of(opening["reasons"][-1]) if opening.get("reasons") else ""))
        after = await qm.set_vote_state(conn, actor.org_id, item_id, "open", opened_at=_now())
        await record(conn, actor, "open_vote", "agenda_item", item_id, item, after)
    return after


async def cast_vote(conn: asyncpg.Connection, actor: Actor, item_id: UUID, data: object) -> qv.Vote:
    """A vote for one voter's lots: by the voter present, their proxy holder, or recorded by the syndic."""
    actor = require(actor, "meeting.read")
    f = Fields(data, allowed={"owner_id", "choice"})
    owner_id = f.uuid("owner_id")
    choice = f.choice("choice", ("for", "against", "abstain"), required=True, aliases=CHOICE_ALIASES)
    f.done()
    async with conn.transaction():
        item = await _locked_resolution(conn, actor, item_id)
        meeting = await get_meeting(conn, actor, item.meeting_id)
        if item.vote_status != "open" or meeting.status != "open":
            raise Conflict(_("Le vote sur cette résolution n'est pas ouvert.") if item.vote_status == "pending"
                           else _("Le vote sur cette résolution est clos."), "choice")
        roll = await roll_on(conn, actor.org_id, meeting.building_id, meeting.day)
        lines = {p.owner_id: p for p in await qv.attendance(conn, actor.org_id, meeting.id)}
        owner_id = await _voter_for(conn, actor, owner_id, roll, lines)
        try:
            async with conn.transaction():
                vote = await qv.insert_vote(conn, actor.org_id, meeting.id, item_id, owner_id, given(choice),
                                            roll.voters[owner_id].quota, actor.user_id)
        except asyncpg.UniqueViolationError:
            raise Conflict(_("Un vote est déjà enregistré pour %(name)s (lots %(lots)s).",
                             name=roll.voters[owner_id].name, lots=", ".join(roll.voters[owner_id].lots)),
                           "owner_id") from None
        await record(conn, actor, "vote", "agenda_item", item_id, None, vote)
    return vote


async def _voter_for(conn: asyncpg.Connection, actor: Member, owner_id: UUID | None, roll: Roll,
                     lines: dict[UUID, qv.Presence]) -> UUID:
    """Whose lots this vote is for, and whether the actor may cast it."""
    mine = set(await my_owner_ids(conn, actor)) if actor.own_only is not None else set()
    if owner_id is None:
        if len(mine) != 1:
            raise Invalid({"owner_id": _("Indiquez pour quel copropriétaire vous votez.")})
        owner_id = next(iter(mine))
    voter, line = roll.voters.get(owner_id), lines.get(owner_id)
    if voter is None:
        raise Invalid({"owner_id": _("Ce copropriétaire ne vote pour aucun lot à la date de l'assemblée.")})
    if line is None or line.status == "absent" or owner_id in idle_proxies(list(lines.values()), roll.voters):
        raise Invalid({"owner_id": _("%(name)s n'est ni présent ni représenté par un mandataire présent.",
                                     name=voter.name)})
    if allowed(actor, "meeting.manage"):  # the syndic records the votes of those in the room
        return owner_id
    require(actor, "meeting.vote")
    present_me = {o for o in mine if lines.get(o) and lines[o].status == "present"}
    if (owner_id in present_me) or (line.status == "represented" and line.proxy_holder_owner_id in present_me):
        return owner_id
    raise Forbidden(_("Vous ne pouvez voter que pour vos lots ou ceux dont vous détenez la procuration, "
                      "une fois inscrit présent."))


async def close_resolution(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, item_id: UUID) -> qm.Item:
    """The syndic closes a vote: the result is counted and kept with its reasoning."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        meeting = await locked_meeting(conn, actor, meeting_id, "open")
        item = await _locked_resolution(conn, actor, item_id)
        if item.meeting_id != meeting.id:
            raise NotFound("resolution", item_id)
        if item.vote_status != "open":
            raise Conflict(_("Le vote sur cette résolution n'est pas ouvert."))
        return await _close(conn, actor, meeting, item)


async def _close(conn: asyncpg.Connection, actor: Member, meeting: qm.Meeting, item: qm.Item) -> qm.Item:
    building = await building_of(conn, actor, meeting.building_id)
    register = await register_of(conn, actor, meeting.id)
    votes = await qv.votes_on(conn, actor.org_id, item.id)
    result = compute_result(building.jurisdiction, item, register, votes)
    after = await qm.set_vote_state(conn, actor.org_id, item.id, "closed", closed_at=_now(),
                                    adopted=result["adopted"], result=result)
    await record(conn, actor, "close_vote", "agenda_item", item.id, item, after)
    return after


async def close_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID) -> qm.Meeting:
    """The syndic closes the meeting: open votes are counted, the quorum is kept, the minutes can be drawn."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        before = await locked_meeting(conn, actor, meeting_id, "open")
        for item in await qm.items_of(conn, actor.org_id, meeting_id):
            if item.vote_status == "open":
                await _close(conn, actor, before, await _locked_resolution(conn, actor, item.id))
        after = await qm.set_state(conn, actor.org_id, meeting_id, "closed", closed_at=_now())  # quorum: the opening's
        await record(conn, actor, "close", "meeting", meeting_id, before, after)
    return after


async def set_officers(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, data: object) -> qm.Meeting:
    """The syndic records the chair, the secretary and the tellers the assembly chose (while it sits or once
    closed, before the minutes are sent); they sign the minutes."""
    actor = require(actor, "meeting.manage")
    f = Fields(data, allowed={"chair", "secretary", "tellers"})
    chair, secretary = f.text("chair", max_len=200), f.text("secretary", max_len=200)
    tellers = f.text("tellers", max_len=400)
    f.done()
    async with conn.transaction():
        before = await locked_meeting(conn, actor, meeting_id, "open", "closed")
        if before.minutes_sent_on:
            raise Conflict(_("Le procès-verbal est déjà envoyé : son bureau ne change plus."))
        after = await qm.set_officers(conn, actor.org_id, meeting_id, chair, secretary, tellers)
        await record(conn, actor, "officers", "meeting", meeting_id, before, after)
    return after


async def votes_list(conn: asyncpg.Connection, actor: Actor, item_id: UUID) -> list[qv.Vote]:
    """The votes cast on a visible resolution."""
    actor = require(actor, "meeting.read")
    item = await qm.item(conn, actor.org_id, item_id)
    if item is None or not item.is_resolution:
        raise NotFound("resolution", item_id)
    await get_meeting(conn, actor, item.meeting_id)
    return await qv.votes_on(conn, actor.org_id, item_id)


async def lot_has_votes(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> bool:
    """Whether the lot's votes were cast in an assembly (the register then refuses quota changes)."""
    return await qv.unit_has_votes(conn, org_id, unit_id)


async def voted_lot(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> str | None:
    """The register's hook: a lot whose quota weighed in a vote keeps it."""
    if await lot_has_votes(conn, org_id, unit_id):
        return _("Cette quote-part a déjà pesé dans un vote d'assemblée générale : elle ne peut plus changer.")
    return None
