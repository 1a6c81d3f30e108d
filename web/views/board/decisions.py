"""The register of decisions' pages: a building's register (overdue actions marked), an action with its proofs,
the import of a held assembly's adopted resolutions, and the board's yearly report as a PDF on the letterhead."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.board import decisions as svc
from domain.board import report
from domain.errors import Invalid
from domain.parse import FormInput
from domain.register.buildings import get_building
from domain.rules import tickets as ticket_rules
from web import db
from web.auth import current_actor
from web.documents import pdf, pdf_response
from web.htmx import page, see_other
from web.i18n import tr

bp = Blueprint("decisions", __name__)


def _labels() -> dict[str, Any]:
    return {"statuses": svc.STATUS_LABELS, "today": date.today(), "is_overdue": svc.is_overdue,
            "status_options": [(s, tr(label)) for s, label in svc.STATUS_LABELS.items()],
            "kind_options": [(k, tr(label)) for k, label in svc.PROOF_KINDS.items()], "kinds": svc.PROOF_KINDS,
            "ticket_states": ticket_rules.LABELS}


async def _register(conn: Any, actor: Any, building_id: UUID, form: Any, errors: dict[str, Any],
                    status: int = 200) -> ResponseReturnValue:
    building = await get_building(conn, actor, building_id)
    found = await svc.list_decisions(conn, actor, building_id)
    held = await svc.held_meetings(conn, actor, building_id) if allowed(actor, "decision.manage") else []
    return await page("board/decisions.html", None, status, building=building, decisions=found, form=form,
                      errors=errors, held=held, year=date.today().year - 1, **_labels())


@bp.get("/buildings/<uuid:building_id>/decisions")
async def index(building_id: UUID) -> ResponseReturnValue:
    return await _register(await db.conn(), current_actor(), building_id, {}, {})


@bp.post("/buildings/<uuid:building_id>/decisions")
async def create(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.add_decision(conn, actor, building_id, form)
    except Invalid as e:
        return await _register(conn, actor, building_id, form, e.errors, 422)
    return see_other(f"/buildings/{building_id}/decisions")


@bp.post("/meetings/<uuid:meeting_id>/decisions")
async def from_meeting(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    found = await svc.import_meeting(conn, actor, meeting_id, form)
    back = found[0].building_id if found else await svc.building_of_meeting(conn, actor, meeting_id)
    return see_other(f"/buildings/{back}/decisions")


async def _show(conn: Any, actor: Any, decision_id: UUID, form: Any, errors: dict[str, Any],
                status: int = 200) -> ResponseReturnValue:
    detail = await svc.decision_detail(conn, actor, decision_id)
    d = detail.decision
    kept = form or {"title": d.title, "description": d.description or "", "responsible": d.responsible or "",
                    "due_on": d.due_on.isoformat() if d.due_on else "", "status": d.status}
    return await page("board/decision.html", None, status, detail=detail, d=d, form=kept, errors=errors,
                      **_labels())


@bp.get("/decisions/<uuid:decision_id>")
async def show(decision_id: UUID) -> ResponseReturnValue:
    return await _show(await db.conn(), current_actor(), decision_id, None, {})


@bp.post("/decisions/<uuid:decision_id>")
async def update(decision_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.update_decision(conn, actor, decision_id, form)
    except Invalid as e:
        return await _show(conn, actor, decision_id, form, e.errors, 422)
    return see_other(f"/decisions/{decision_id}")


@bp.post("/decisions/<uuid:decision_id>/proofs")
async def add_proof(decision_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.add_proof(conn, actor, decision_id, form)
    except Invalid as e:
        return await _show(conn, actor, decision_id, None, e.errors, 422)
    return see_other(f"/decisions/{decision_id}")


@bp.get("/buildings/<uuid:building_id>/board-report.pdf")
async def board_report(building_id: UUID) -> ResponseReturnValue:
    today = date.today()
    year = report.report_year(request.args, today)
    r = await report.board_report(await db.conn(), current_actor(), building_id, year, today)
    data = await pdf("board/report_pdf.html", r=r, letterhead=r.letterhead, **_labels())
    return pdf_response(data, f"rapport-conseil-{r.year}.pdf")
