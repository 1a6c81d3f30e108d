"""General assemblies: create, list, read, change, cancel; the agenda and its resolutions."""
from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, allowed, require
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.meetings.meeting_input import ItemInput, MeetingInput
from domain.pagination import Page, PageRequest
from domain.parse import given
from domain.platform.audit import record
from domain.register.buildings import building_of, get_building
from queries.meetings import meetings as q
from queries.meetings.meetings import Item as Item  # re-exported for the handlers
from queries.meetings.meetings import Listed as Listed
from queries.meetings.meetings import Meeting as Meeting
from queries.register import buildings as qb
from queries.register.buildings import Building as Building
from queries.register.rights import owners_of_user


async def visible_building(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> qb.Building:
    """The building if the actor may see its assemblies (an owner: only where they hold a lot)."""
    return await get_building(conn, require(actor, "meeting.read", building_id), building_id)


async def get_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID) -> q.Meeting:
    """One meeting the actor may see (owners: convened ones of their buildings)."""
    member = require(actor, "meeting.read")
    meeting = await q.get(conn, member.org_id, meeting_id)
    if meeting is None or not member.reaches(meeting.building_id) or (
            meeting.status == "draft" and not allowed(member, "meeting.read_drafts")):
        raise NotFound("meeting", meeting_id)
    await visible_building(conn, actor, meeting.building_id)
    return meeting


async def meeting_and_building(conn: asyncpg.Connection, actor: Actor,
                               meeting_id: UUID) -> tuple[q.Meeting, qb.Building]:
    """A visible meeting with its building."""
    meeting = await get_meeting(conn, actor, meeting_id)
    return meeting, await visible_building(conn, actor, meeting.building_id)


async def list_meetings(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None,
                        page: PageRequest) -> Page[q.Meeting]:
    """The meetings of a building, or of every building the actor reaches (None), latest first; owners see
    neither drafts nor the buildings where they hold no lot."""
    member = require(actor, "meeting.read")
    drafts = allowed(member, "meeting.read_drafts")
    if building_id is not None:
        await visible_building(conn, member, building_id)
        among: list[UUID] | None = [building_id]
    elif member.own_only is not None:
        among = [b.id for b in await my_buildings(conn, member)]
    else:
        among = member.building_ids
    rows, total = await q.org_page(conn, member.org_id, among, drafts, page.per_page, page.offset)
    return Page(rows, page, total)


async def org_meetings(conn: asyncpg.Connection, actor: Actor) -> list[q.Listed]:
    """Staff: every building's assemblies, those to come first."""
    member = require(actor, "meeting.follow")
    return await q.for_org(conn, member.org_id, member.building_ids)


async def my_buildings(conn: asyncpg.Connection, actor: Actor) -> list[qb.Building]:
    """The buildings where the owner holds a lot (at most a hundred, by name)."""
    member = require(actor, "portal.use")
    rows, _total = await qb.list_page(conn, member.org_id, None, 100, 0, member.user_id)
    return rows


async def meetings_of_buildings(conn: asyncpg.Connection, actor: Actor,
                                buildings: list[qb.Building]) -> list[q.Meeting]:
    """The convened, held or closed assemblies of these buildings (an owner's portal)."""
    member = require(actor, "meeting.read")
    return await q.for_buildings(conn, member.org_id, [b.id for b in buildings if member.reaches(b.id)])


async def get_item(conn: asyncpg.Connection, actor: Actor, item_id: UUID) -> q.Item | None:
    """An agenda item of a meeting the actor may see, or None."""
    member = require(actor, "meeting.read")
    item = await q.item(conn, member.org_id, item_id)
    if item is None:
        return None
    await get_meeting(conn, member, item.meeting_id)
    return item


async def create_meeting(conn: asyncpg.Connection, actor: Actor, data: object) -> q.Meeting:
    """The syndic drafts an assembly of a building."""
    actor = require(actor, "meeting.manage")
    raw_id, values = MeetingInput.parse(data)
    building_id = given(raw_id)  # a new meeting names its building (the parser required it)
    async with conn.transaction():
        await visible_building(conn, actor, building_id)
        meeting = await q.insert(conn, actor.org_id, building_id, asdict(values))
        await record(conn, actor, "create", "meeting", meeting.id, None, meeting)
    return meeting


async def locked_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID,
                         *statuses: str) -> q.Meeting:
    """The syndic's meeting, locked; Conflict unless it is in one of `statuses`."""
    actor = require(actor, "meeting.manage")
    meeting = await q.lock(conn, actor.org_id, meeting_id)
    if meeting is None:
        raise NotFound("meeting", meeting_id)
    if statuses and meeting.status not in statuses:
        raise Conflict(STATUS_CONFLICT.get(meeting.status, STATUS_CONFLICT["closed"]))
    return meeting


STATUS_CONFLICT = {
    "draft": _("L'assemblée n'est pas encore convoquée."),
    "convened": _("L'assemblée est déjà convoquée : son ordre du jour et sa date ne changent plus."),
    "open": _("La séance est ouverte."),
    "closed": _("L'assemblée est clôturée."),
    "cancelled": _("L'assemblée est annulée."),
}


async def update_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, data: object) -> q.Meeting:
    """The syndic changes a draft meeting."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        before = await locked_meeting(conn, actor, meeting_id, "draft")
        building_id, values = MeetingInput.parse(data, current=before)
        if building_id and building_id != before.building_id:
            raise Invalid({"building_id": _("Une assemblée ne change pas de bâtiment.")})
        after = await q.update(conn, actor.org_id, meeting_id, asdict(values))
        await record(conn, actor, "update", "meeting", meeting_id, before, after)
    return after


async def agenda(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID) -> list[q.Item]:
    """The agenda of a visible meeting."""
    actor = require(actor, "meeting.read")
    meeting = await get_meeting(conn, actor, meeting_id)
    return await q.items_of(conn, actor.org_id, meeting.id)


async def add_item(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, data: object) -> q.Item:
    """The syndic adds an item to a draft meeting's agenda."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        meeting = await locked_meeting(conn, actor, meeting_id, "draft")
        building = await building_of(conn, actor, meeting.building_id)
        values = ItemInput.parse(data, building.jurisdiction)
        item = await q.add_item(conn, actor.org_id, meeting_id, asdict(values))
        await record(conn, actor, "create", "agenda_item", item.id, None, item)
    return item


async def _locked_item(conn: asyncpg.Connection, actor: Member, meeting_id: UUID, item_id: UUID,
                       *statuses: str) -> tuple[q.Meeting, q.Item]:
    meeting = await locked_meeting(conn, actor, meeting_id, *statuses)
    item = await q.item(conn, actor.org_id, item_id, for_update=True)
    if item is None or item.meeting_id != meeting_id:
        raise NotFound("agenda_item", item_id)
    return meeting, item


async def update_item(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, item_id: UUID,
                      data: object) -> q.Item:
    """The syndic rewrites an item of a draft agenda."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        meeting, before = await _locked_item(conn, actor, meeting_id, item_id, "draft")
        building = await building_of(conn, actor, meeting.building_id)
        values = ItemInput.parse(data, building.jurisdiction)
        after = await q.update_item(conn, actor.org_id, item_id, asdict(values))
        await record(conn, actor, "update", "agenda_item", item_id, before, after)
    return after


async def delete_item(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, item_id: UUID) -> None:
    """The syndic removes an item of a draft agenda (the others are renumbered)."""
    actor = require(actor, "meeting.manage")
    async with conn.transaction():
        _meeting, before = await _locked_item(conn, actor, meeting_id, item_id, "draft")
        try:
            async with conn.transaction():
                await q.delete_item(conn, actor.org_id, meeting_id, item_id)
        except asyncpg.ForeignKeyViolationError:
            raise Conflict(_("Ce point répond à une demande d'un copropriétaire : répondez-lui plutôt.")) from None
        await record(conn, actor, "delete", "agenda_item", item_id, before, None)


async def my_owner_ids(conn: asyncpg.Connection, actor: Member) -> list[UUID]:
    """The owner records of the acting user (none for staff)."""
    return await owners_of_user(conn, actor.org_id, actor.user_id)


def item_json(item: q.Item) -> dict[str, Any]:
    """An agenda item for the API, with its rule's label."""
    from domain.rules.meeting import MAJORITY_LABELS, Majority
    label = MAJORITY_LABELS[Majority(item.majority)] if item.majority else None
    return {**asdict(item), "is_resolution": item.is_resolution, "majority_label": label}
