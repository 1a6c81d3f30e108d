"""The register of decisions: actions from the AG's adopted resolutions (or written by hand) and their proofs."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from queries.rows import reader

FIELDS = ("title", "description", "responsible", "due_on", "status", "done_on")


@dataclass(frozen=True)
class Decision:
    id: UUID
    organization_id: UUID
    building_id: UUID
    building_name: str
    meeting_id: UUID | None
    meeting_title: str | None
    meeting_day: date | None
    agenda_item_id: UUID | None
    title: str
    description: str | None
    responsible: str | None
    due_on: date | None
    status: str
    done_on: date | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Proof:
    id: UUID
    decision_id: UUID
    kind: str
    ref_id: UUID
    note: str | None
    created_at: datetime


@dataclass(frozen=True)
class Overdue:
    """Open actions past their due date in one building."""
    building_id: UUID
    building_name: str
    count: int
    due_on: date
    decision_id: UUID
    title: str


_decision, _proof, _overdue = reader(Decision), reader(Proof), reader(Overdue)
_SELECT = """SELECT d.id, d.organization_id, d.building_id, b.name AS building_name, d.meeting_id,
       m.title AS meeting_title, m.scheduled_at::date AS meeting_day, d.agenda_item_id, d.title, d.description,
       d.responsible, d.due_on, d.status, d.done_on, d.created_at, d.updated_at
  FROM decisions d
  JOIN buildings b ON b.organization_id = d.organization_id AND b.id = d.building_id
  LEFT JOIN meetings m ON m.organization_id = d.organization_id AND m.id = d.meeting_id
 WHERE d.organization_id = $1 AND ($2::uuid[] IS NULL OR d.building_id = ANY($2))"""
_LIST = (_SELECT + " AND ($3::uuid IS NULL OR d.building_id = $3) AND ($4::text IS NULL OR d.status = $4)"
         " ORDER BY (d.status IN ('done', 'dropped')), d.due_on NULLS LAST, d.created_at, d.id LIMIT 500")
_GET = _SELECT + " AND d.id = $3"
_LOCK = "SELECT id FROM decisions WHERE organization_id = $1 AND id = $2 FOR UPDATE"
# the year's register for the board's report: actions of the year's assemblies, or due, done or still open in it
_OF_YEAR = (_SELECT + """ AND d.building_id = $3
   AND (extract(year FROM m.scheduled_at) = $4 OR extract(year FROM d.due_on) = $4
        OR extract(year FROM d.done_on) = $4 OR d.status IN ('open', 'in_progress'))
 ORDER BY m.scheduled_at NULLS LAST, d.created_at, d.id""")
_INSERT = """INSERT INTO decisions (organization_id, building_id, title, description, responsible, due_on, status,
    done_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id"""
# every adopted resolution of an assembly not yet in the register (an assembly may be imported twice)
_FROM_MEETING = """INSERT INTO decisions (organization_id, building_id, meeting_id, agenda_item_id, title, description,
    responsible, due_on)
  SELECT a.organization_id, m.building_id, m.id, a.id, a.title, coalesce(a.draft_resolution, a.description), $3, $4
    FROM agenda_items a JOIN meetings m ON m.organization_id = a.organization_id AND m.id = a.meeting_id
   WHERE a.organization_id = $1 AND a.meeting_id = $2 AND a.adopted
   ORDER BY a.position
  ON CONFLICT (organization_id, agenda_item_id) DO NOTHING RETURNING id"""
_UPDATE = """UPDATE decisions SET title = $3, description = $4, responsible = $5, due_on = $6, status = $7,
    done_on = $8, updated_at = now() WHERE organization_id = $1 AND id = $2"""
_PROOFS = """SELECT id, decision_id, kind, ref_id, note, created_at FROM decision_proofs
 WHERE organization_id = $1 AND decision_id = ANY($2::uuid[]) ORDER BY created_at, id"""
_ADD_PROOF = """INSERT INTO decision_proofs (organization_id, decision_id, kind, ref_id, note)
  VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organization_id, decision_id, kind, ref_id) DO UPDATE SET note = $5
  RETURNING id, decision_id, kind, ref_id, note, created_at"""
# whether a proof's target is a row of the decision's building ($3 the building, $4 the kind, $5 the id)
_PROOF_TARGET = """SELECT CASE $4::text
    WHEN 'document' THEN EXISTS (SELECT 1 FROM documents x WHERE x.organization_id = $1 AND x.id = $5
                                 AND x.building_id = $3)
    WHEN 'ticket' THEN EXISTS (SELECT 1 FROM tickets x WHERE x.organization_id = $1 AND x.id = $5 AND x.building_id = $3)
    WHEN 'expense' THEN EXISTS (SELECT 1 FROM expenses x WHERE x.organization_id = $1 AND x.id = $5
                                AND x.building_id = $3)
    WHEN 'work' THEN EXISTS (SELECT 1 FROM works x WHERE x.organization_id = $1 AND x.id = $5 AND x.building_id = $3)
    ELSE false END AND $2::uuid IS NOT NULL"""
_OVERDUE = """SELECT DISTINCT ON (d.building_id) d.building_id, b.name AS building_name,
       count(*) OVER (PARTITION BY d.building_id) AS count, d.due_on, d.id AS decision_id, d.title
  FROM decisions d JOIN buildings b ON b.organization_id = d.organization_id AND b.id = d.building_id
 WHERE d.organization_id = $1 AND d.status IN ('open', 'in_progress') AND d.due_on < $2
   AND ($3::uuid[] IS NULL OR d.building_id = ANY($3))
 ORDER BY d.building_id, d.due_on, d.id"""


async def list_for(conn: asyncpg.Connection, org_id: UUID, among: list[UUID] | None, building_id: UUID | None,
                   status: str | None) -> list[Decision]:
    """The register of the buildings reached: open actions first, by due date."""
    return [_decision(r) for r in await conn.fetch(_LIST, org_id, among, building_id, status)]


async def get(conn: asyncpg.Connection, org_id: UUID, decision_id: UUID,
              among: list[UUID] | None = None) -> Decision | None:
    """One action."""
    row = await conn.fetchrow(_GET, org_id, among, decision_id)
    return _decision(row) if row else None


async def lock(conn: asyncpg.Connection, org_id: UUID, decision_id: UUID) -> bool:
    """Lock an action for the transaction (False: none)."""
    return await conn.fetchval(_LOCK, org_id, decision_id) is not None


async def of_year(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year: int) -> list[Decision]:
    """The actions a board reports on for a year, in the order of the assemblies."""
    return [_decision(r) for r in await conn.fetch(_OF_YEAR, org_id, None, building_id, year)]


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, title: str, description: str | None,
                 responsible: str | None, due_on: date | None, status: str, done_on: date | None) -> UUID:
    """An action written by hand."""
    new_id: UUID = await conn.fetchval(_INSERT, org_id, building_id, title, description, responsible, due_on, status,
                                       done_on)
    return new_id


async def from_meeting(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, responsible: str | None,
                       due_on: date | None) -> list[UUID]:
    """The assembly's adopted resolutions not yet in the register, added: their ids."""
    return [r["id"] for r in await conn.fetch(_FROM_MEETING, org_id, meeting_id, responsible, due_on)]


async def update(conn: asyncpg.Connection, org_id: UUID, decision_id: UUID, title: str, description: str | None,
                 responsible: str | None, due_on: date | None, status: str, done_on: date | None) -> None:
    """Replace an action's fields."""
    await conn.execute(_UPDATE, org_id, decision_id, title, description, responsible, due_on, status, done_on)


async def proofs(conn: asyncpg.Connection, org_id: UUID, decision_ids: list[UUID]) -> list[Proof]:
    """The proofs of some actions."""
    return [_proof(r) for r in await conn.fetch(_PROOFS, org_id, decision_ids)]


async def add_proof(conn: asyncpg.Connection, org_id: UUID, decision_id: UUID, kind: str, ref_id: UUID,
                    note: str | None) -> Proof:
    """Link a proof to an action (linking it again replaces its note)."""
    row = await conn.fetchrow(_ADD_PROOF, org_id, decision_id, kind, ref_id, note)
    if row is None:
        raise LookupError("proof not written")
    return _proof(row)


async def proof_target_exists(conn: asyncpg.Connection, org_id: UUID, decision_id: UUID, building_id: UUID,
                              kind: str, ref_id: UUID) -> bool:
    """Whether the document, ticket, expense or job is one of the decision's building."""
    return bool(await conn.fetchval(_PROOF_TARGET, org_id, decision_id, building_id, kind, ref_id))


async def overdue(conn: asyncpg.Connection, org_id: UUID, today: date, among: list[UUID] | None) -> list[Overdue]:
    """Per building reached, the open actions past their due date."""
    return [_overdue(r) for r in await conn.fetch(_OVERDUE, org_id, today, among)]
