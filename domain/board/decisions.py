"""The register of decisions: each resolution adopted at a held AG becomes an action (and actions are written by
hand), with the person responsible, a due date, a status and proofs (documents, tickets, expenses, works). The
office and the board read their buildings' register; the syndic keeps it."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import Msg, _
from domain.parse import Fields, FormInput, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from queries.board import decisions as q
from queries.board.decisions import Decision, Proof
from queries.meetings import meetings as qm

__all__ = ["STATUS_LABELS", "Decision", "DecisionDetail", "Proof"]
STATUSES = ("open", "in_progress", "done", "dropped")
STATUS_LABELS: Mapping[str, Msg] = {"open": _("À faire"), "in_progress": _("En cours"), "done": _("Fait"),
                                    "dropped": _("Abandonné")}
PROOF_KINDS: Mapping[str, Msg] = {"document": _("Document"), "ticket": _("Ticket"), "expense": _("Dépense"),
                                  "work": _("Travaux")}


@dataclass(frozen=True)
class DecisionDetail:
    decision: Decision
    proofs: list[Proof]


@dataclass(frozen=True)
class DecisionInput:
    title: str
    description: str | None
    responsible: str | None
    due_on: date | None
    status: str
    done_on: date | None

    @classmethod
    def parse(cls, data: Any, today: date | None = None) -> DecisionInput:
        """An action's form or JSON body (done needs its date: today when not given)."""
        f = Fields(data, allowed={"title", "description", "responsible", "due_on", "status", "done_on"})
        title = f.text("title", required=True)
        description = f.text("description", max_len=8000, multiline=True)
        responsible, due_on = f.text("responsible"), f.date("due_on")
        status = f.choice("status", STATUSES) or "open"
        done_on = f.date("done_on")
        f.done()
        if status == "done":
            done_on = done_on or today or date.today()
        else:
            done_on = None
        return cls(given(title), description, responsible, due_on, status, done_on)


async def list_decisions(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None = None,
                         status: str | None = None) -> list[Decision]:
    """The register of the buildings the actor reaches (of one building when given)."""
    member = require(actor, "decision.read", building_id)
    return await q.list_for(conn, member.org_id, member.building_ids, building_id, status)


async def get_decision(conn: asyncpg.Connection, actor: Actor, decision_id: UUID) -> Decision:
    """One action the actor reaches."""
    member = require(actor, "decision.read")
    found = await q.get(conn, member.org_id, decision_id, member.building_ids)
    if found is None:
        raise NotFound("decision", decision_id)
    return found


async def decision_detail(conn: asyncpg.Connection, actor: Actor, decision_id: UUID) -> DecisionDetail:
    """An action and its proofs."""
    decision = await get_decision(conn, actor, decision_id)
    return DecisionDetail(decision, await q.proofs(conn, decision.organization_id, [decision.id]))


async def _read(conn: asyncpg.Connection, member: Member, decision_id: UUID) -> Decision:
    found = await q.get(conn, member.org_id, decision_id, member.building_ids)
    if found is None:
        raise NotFound("decision", decision_id)
    return found


async def add_decision(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> Decision:
    """Write an action into a building's register by hand."""
    member = require(actor, "decision.manage", building_id)
    await get_building(conn, member, building_id)
    v = DecisionInput.parse(data)
    async with conn.transaction():
        new_id = await q.insert(conn, member.org_id, building_id, v.title, v.description, v.responsible, v.due_on,
                                v.status, v.done_on)
        decision = await _read(conn, member, new_id)
        await record(conn, member, "create", "decision", new_id, None, decision)
    return decision


async def import_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID, data: Any) -> list[Decision]:
    """The adopted resolutions of a held assembly into its building's register (those already there are left as
    they are), with a person responsible and a due date for them all when given."""
    member = require(actor, "decision.manage")
    f = Fields(data, allowed={"responsible", "due_on"})
    responsible, due_on = f.text("responsible"), f.date("due_on")
    f.done()
    meeting = await qm.get(conn, member.org_id, meeting_id)
    if meeting is None or not member.reaches(meeting.building_id):
        raise NotFound("meeting", meeting_id)
    if meeting.status != "closed":
        raise Conflict(_("Seules les résolutions d'une assemblée tenue et clôturée entrent au registre."))
    async with conn.transaction():
        ids = await q.from_meeting(conn, member.org_id, meeting_id, responsible, due_on)
        await record(conn, member, "import", "decision", meeting_id, None, {"decisions": ids})
    return await q.list_for(conn, member.org_id, [meeting.building_id], meeting.building_id, None)


async def update_decision(conn: asyncpg.Connection, actor: Actor, decision_id: UUID, data: Any) -> Decision:
    """Change an action: its responsible, due date, status (a form replaces every field; JSON only what it sends)."""
    member = require(actor, "decision.manage")
    async with conn.transaction():
        if not await q.lock(conn, member.org_id, decision_id):
            raise NotFound("decision", decision_id)
        before = await _read(conn, member, decision_id)
        payload = data if isinstance(data, FormInput) or not isinstance(data, Mapping) else {**_current(before), **data}
        v = DecisionInput.parse(payload)
        await q.update(conn, member.org_id, decision_id, v.title, v.description, v.responsible, v.due_on, v.status,
                       v.done_on)
        after = await _read(conn, member, decision_id)
        await record(conn, member, "update", "decision", decision_id, before, after)
    return after


def _current(d: Decision) -> dict[str, Any]:
    values = {"title": d.title, "description": d.description, "responsible": d.responsible,
              "due_on": d.due_on.isoformat() if d.due_on else None, "status": d.status,
              "done_on": d.done_on.isoformat() if d.done_on else None}
    return {k: v for k, v in values.items() if v is not None}


async def add_proof(conn: asyncpg.Connection, actor: Actor, decision_id: UUID, data: Any) -> Proof:
    """Link a document, ticket, expense or job of the same building to an action as its proof."""
    member = require(actor, "decision.manage")
    f = Fields(data, allowed={"kind", "ref_id", "note"})
    kind, ref_id, note = f.choice("kind", PROOF_KINDS, required=True), f.uuid("ref_id", required=True), f.text("note",
                                                                                                             max_len=500)
    f.done()
    async with conn.transaction():
        if not await q.lock(conn, member.org_id, decision_id):
            raise NotFound("decision", decision_id)
        decision = await _read(conn, member, decision_id)
        if not await q.proof_target_exists(conn, member.org_id, decision_id, decision.building_id, given(kind),
                                           given(ref_id)):
            raise Invalid({"ref_id": _("Introuvable dans ce bâtiment.")})
        proof = await q.add_proof(conn, member.org_id, decision_id, given(kind), given(ref_id), note)
        await record(conn, member, "add_proof", "decision", decision_id, None, proof)
    return proof


def is_overdue(decision: Decision, today: date) -> bool:
    """An open action past its due date."""
    return decision.status in ("open", "in_progress") and decision.due_on is not None and decision.due_on < today


async def held_meetings(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[qm.Meeting]:
    """The building's held (closed) assemblies, latest first, whose adopted resolutions may enter the register."""
    member = require(actor, "decision.manage", building_id)
    meetings, _total = await qm.list_page(conn, member.org_id, building_id, 50, 0)
    return [m for m in meetings if m.status == "closed"]


async def building_of_meeting(conn: asyncpg.Connection, actor: Actor, meeting_id: UUID) -> UUID:
    """The building of an assembly the actor keeps the register for."""
    member = require(actor, "decision.manage")
    meeting = await qm.get(conn, member.org_id, meeting_id)
    if meeting is None or not member.reaches(meeting.building_id):
        raise NotFound("meeting", meeting_id)
    return meeting.building_id
