"""The minutes (procès-verbal) and the meeting's screen, drawn from the register, the votes and the results."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.i18n import Msg
from domain.meetings.attendance import Register, register_of
from domain.meetings.convocation import minutes_deadline, minutes_warning
from domain.meetings.meetings import meeting_and_building
from domain.meetings.results import compute_result, msg_of
from domain.rules.meeting import MAJORITY_LABELS, Majority, QuorumResult
from queries.meetings import meetings as qm
from queries.meetings import votes as qv
from queries.platform import outbox as qoutbox
from queries.register import buildings as qb


@dataclass(frozen=True)
class AttendanceRow:
    owner_id: UUID
    name: str
    lots: list[str]
    quota: int
    status: str
    holder: str | None
    postal_received_on: date | None
    recorded_at: Any


@dataclass(frozen=True)
class MovementRow:
    """An arrival, a departure or a change of the register after the opening, with its time."""
    owner_id: UUID
    name: str
    status: str
    holder: str | None
    at: datetime


@dataclass(frozen=True)
class ResolutionView:
    item: qm.Item
    majority_label: str
    result: dict[str, Any] | None
    reasons: list[Msg]


@dataclass(frozen=True)
class MeetingView:
    meeting: qm.Meeting
    building: qb.Building
    items: list[qm.Item]
    resolutions: list[ResolutionView]
    attendance: list[AttendanceRow]
    quorum: QuorumResult
    total_quota: int
    total_owners: int
    lots_without_owner: list[str]
    minutes_deadline: date | None
    minutes_warning: str | None
    opening: dict[str, Any] | None = None  # the quorum and attendance at the opening, kept with the meeting
    movements: list[MovementRow] = field(default_factory=list)

    @property
    def opening_reasons(self) -> list[Msg]:
        """The opening quorum's reasoning, translatable."""
        return [msg_of(r) for r in (self.opening or {}).get("reasons", [])]

    @property
    def present_quota(self) -> int:
        """Quotas present or represented."""
        return self.quorum.quota_present


def attendance_rows(register: Register) -> list[AttendanceRow]:
    """Each voter with their lots, quota and status (absent when not recorded)."""
    rows = []
    for owner_id, voter in register.roll.voters.items():
        line = register.lines.get(owner_id)
        rows.append(AttendanceRow(owner_id, voter.name, voter.lots, voter.quota,
                                  line.status if line else "absent", line.proxy_holder_name if line else None,
                                  line.postal_received_on if line else None, line.recorded_at if line else None))
    return rows


def resolution_view(item: qm.Item, result: dict[str, Any] | None) -> ResolutionView:
    """A resolution with its rule's label and the result's reasons as translatable messages."""
    reasons = [msg_of(r) for r in (result or {}).get("reasons", [])]
    return ResolutionView(item, MAJORITY_LABELS[Majority(str(item.majority))], result, reasons)


async def _results(conn: asyncpg.Connection, actor: Member, jurisdiction: str, items: list[qm.Item],
                   register: Register) -> dict[UUID, dict[str, Any]]:
    """Each resolution's result: kept when closed, counted now from the votes when open (the live screen)."""
    kept = {i.id: i.result for i in items if i.result is not None}
    open_items = [i for i in items if i.is_resolution and i.vote_status == "open"]
    if not open_items:
        return kept
    votes = await qv.votes_of_meeting(conn, actor.org_id, open_items[0].meeting_id)
    return kept | {i.id: compute_result(jurisdiction, i, register, [v for v in votes if v.agenda_item_id == i.id])
                   for i in open_items}


async def meeting_view(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID,
                       today: date | None = None) -> MeetingView:
    """Everything the meeting page, the live screen and the minutes show (a few set-based queries)."""
    actor = require(actor, "meeting.read")
    meeting, building = await meeting_and_building(conn, actor, meeting_id)
    items = await qm.items_of(conn, actor.org_id, meeting_id)
    register = await register_of(conn, actor, meeting_id, (meeting, building))
    results = await _results(conn, actor, building.jurisdiction, items, register)
    resolutions = [resolution_view(i, results.get(i.id)) for i in items if i.is_resolution]
    moves = await qv.movements_after(conn, actor.org_id, meeting_id, meeting.opened_at) if meeting.opened_at else []
    names = {o: v.name for o, v in register.roll.voters.items()}
    movements = [MovementRow(m.owner_id, names.get(m.owner_id, ""), m.status, m.proxy_holder_name, m.at)
                 for m in moves]
    return MeetingView(meeting, building, items, resolutions, attendance_rows(register), register.quorum,
                       register.roll.total_quota, register.roll.total_owners, register.roll.lots_without_owner,
                       minutes_deadline(meeting, building.jurisdiction),
                       minutes_warning(meeting, building.jurisdiction, today), meeting.opening_quorum, movements)


async def mailings(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID) -> list[qoutbox.Mailing]:
    """Each recipient of the convocation and minutes with their e-mail's delivery status (syndic)."""
    actor = require(actor, "meeting.mailings")
    await meeting_and_building(conn, actor, meeting_id)
    return await qoutbox.mailings(conn, actor.org_id, meeting_id)


def minutes_json(view: MeetingView) -> dict[str, Any]:
    """The minutes as data for the API."""
    return {
        "meeting_id": view.meeting.id, "building": view.building.name, "date": view.meeting.scheduled_at,
        "location": view.meeting.location, "session": view.meeting.session, "status": view.meeting.status,
        "total_quota": view.total_quota, "total_owners": view.total_owners,
        "attendance": [r.__dict__ for r in view.attendance],
        "quorum": {"met": view.quorum.met, "owners_present": view.quorum.owners_present,
                   "quota_present": view.quorum.quota_present, "article": view.quorum.article,
                   "reasons": list(view.quorum.reasons)},
        "opened_at": view.meeting.opened_at, "closed_at": view.meeting.closed_at,
        "opening": None if view.opening is None else {
            **{k: v for k, v in view.opening.items() if k not in ("reasons", "attendance")},
            "opened_at": view.meeting.opened_at, "reasons": list(view.opening_reasons)},
        "movements": [{"owner_id": m.owner_id, "name": m.name, "status": m.status, "holder": m.holder, "at": m.at}
                      for m in view.movements],
        "resolutions": [{"id": r.item.id, "position": r.item.position, "title": r.item.title,
                         "draft_resolution": r.item.draft_resolution, "majority": r.item.majority,
                         "majority_label": r.majority_label, "vote_status": r.item.vote_status,
                         "result": r.result} for r in view.resolutions],
        "minutes_deadline": view.minutes_deadline, "minutes_sent_on": view.meeting.minutes_sent_on,
        "minutes_warning": view.minutes_warning,
    }
