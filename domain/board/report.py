"""The board's yearly report to the ordinary AG (BE, Code civil art. 3.90 §4: "lors de l'assemblée générale
ordinaire, le conseil de copropriété adresse aux copropriétaires un rapport annuel circonstancié sur l'exercice de
sa mission"), drafted from the register of decisions and the year's tickets; the board edits and signs it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.board.decisions import is_overdue
from domain.errors import Invalid
from domain.i18n import _
from domain.platform.organizations import Letterhead, letterhead
from domain.register.buildings import get_building
from queries.board import decisions as q
from queries.board.decisions import Decision, Proof
from queries.maintenance import tickets as qt
from queries.register.buildings import Building

LAW = _("Code civil, art. 3.90 §4 : lors de l'assemblée générale ordinaire, le conseil de copropriété adresse aux "
        "copropriétaires un rapport annuel circonstancié sur l'exercice de sa mission.")


@dataclass(frozen=True)
class BoardReport:
    building: Building
    year: int
    today: date
    letterhead: Letterhead
    decisions: list[Decision]
    proofs: dict[UUID, list[Proof]]
    done: int
    open: int
    overdue: int
    tickets: dict[str, int]
    law: str


def report_year(args: Any, today: date) -> int:
    """The year asked (?year=YYYY), last year by default (the report goes to the AG that follows it)."""
    raw = str(args.get("year") or "").strip()
    if not raw:
        return today.year - 1
    if not raw.isascii() or not raw.isdigit() or not 2000 <= int(raw) <= 2200:
        raise Invalid({"year": _("Année attendue (AAAA, entre 2000 et 2200).")})
    return int(raw)


async def board_report(conn: asyncpg.Connection, actor: Actor, building_id: UUID, year: int,
                       today: date | None = None) -> BoardReport:
    """The draft of the board's report for a year: the register's actions, what was done, what is late."""
    member = require(actor, "board_report.draft", building_id)
    building = await get_building(conn, member, building_id)
    today = today or date.today()
    decisions = await q.of_year(conn, member.org_id, building_id, year)
    proofs: dict[UUID, list[Proof]] = {}
    for proof in await q.proofs(conn, member.org_id, [d.id for d in decisions]):
        proofs.setdefault(proof.decision_id, []).append(proof)
    return BoardReport(
        building, year, today, await letterhead(conn, member, building), decisions, proofs,
        sum(d.status == "done" for d in decisions), sum(d.status in ("open", "in_progress") for d in decisions),
        sum(is_overdue(d, today) for d in decisions), await qt.year_counts(conn, member.org_id, building_id, year),
        LAW)
