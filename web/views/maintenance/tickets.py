"""Tickets' pages: report a problem from a phone (a plain form with a photo: no JavaScript needed), the lists, a
ticket with its comments, the syndic's triage, moves and comments; the photo."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.board import decisions
from domain.errors import Invalid
from domain.maintenance import tickets as svc
from domain.pagination import PageRequest
from domain.parse import FormInput
from domain.register.buildings import list_buildings
from domain.rules import tickets as rules
from web import db
from web.auth import current_actor
from web.files import document_store, file_response
from web.htmx import page, see_other
from web.i18n import tr

bp = Blueprint("tickets", __name__)


def _labels() -> dict[str, Any]:
    return {"states": rules.LABELS, "urgencies": rules.URGENCY_LABELS, "today": date.today(),
            "urgency_options": [(u, tr(label)) for u, label in rules.URGENCY_LABELS.items()]}


async def _report_page(conn: Any, actor: Any, building_id: UUID, form: Any, errors: dict[str, Any],
                       status: int = 200) -> ResponseReturnValue:
    building, lots = await svc.report_form(conn, actor, building_id)
    return await page("maintenance/report.html", "report", status, building=building, form=form, errors=errors,
                      lot_options=[(str(i), number) for i, number in lots], **_labels())


@bp.get("/buildings/<uuid:building_id>/tickets/new")
async def new(building_id: UUID) -> ResponseReturnValue:
    return await _report_page(await db.conn(), current_actor(), building_id, {}, {})


@bp.post("/buildings/<uuid:building_id>/tickets")
async def report(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    errors: dict[str, Any] = {}
    photos = []
    try:
        svc.Report.parse(form)
    except Invalid as e:
        errors.update(e.errors)
    try:
        photos = [svc.check_photo(f.filename, f.read()) for f in (await request.files).getlist("photo") if f.filename]
    except Invalid as e:
        errors.update(e.errors)
    try:
        if errors:
            raise Invalid(errors)
        ticket = await svc.report_ticket(conn, actor, document_store(), building_id, form, photos)
    except Invalid as e:
        return await _report_page(conn, actor, building_id, form, e.errors, 422)
    return see_other(f"/tickets/{ticket.id}")


@bp.get("/tickets")
async def index() -> ResponseReturnValue:
    found = await svc.list_tickets(await db.conn(), current_actor(), None, None, request.args.get("all") != "1")
    return await page("maintenance/tickets.html", None, tickets=found, building=None,
                      show_all=request.args.get("all") == "1", **_labels())


@bp.get("/buildings/<uuid:building_id>/tickets")
async def of_building(building_id: UUID) -> ResponseReturnValue:
    overdue = date.today() if request.args.get("overdue") == "1" else None
    building, found = await svc.tickets_of_building(await db.conn(), current_actor(), building_id,
                                                    request.args.get("all") != "1", overdue)
    return await page("maintenance/tickets.html", None, tickets=found, building=building,
                      show_all=request.args.get("all") == "1", **_labels())


async def _show(conn: Any, actor: Any, ticket_id: UUID, form: Any, errors: dict[str, Any],
                status: int = 200) -> ResponseReturnValue:
    detail = await svc.ticket_detail(conn, actor, ticket_id)
    contractors = await svc.contractor_choices(conn, actor) if allowed(actor, "ticket.triage") else []
    t = detail.ticket
    kept = form or {"urgency": t.urgency or "normal", "due_on": t.due_on.isoformat() if t.due_on else "",
                    "contractor_id": str(t.contractor_id or "")}
    return await page("maintenance/ticket.html", None, status, detail=detail, t=t, form=kept, errors=errors,
                      contractor_options=[("", "—"), *[(str(i), name) for i, name in contractors]], **_labels())


@bp.get("/tickets/<uuid:ticket_id>")
async def show(ticket_id: UUID) -> ResponseReturnValue:
    return await _show(await db.conn(), current_actor(), ticket_id, None, {})


@bp.post("/tickets/<uuid:ticket_id>/triage")
async def triage(ticket_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.triage_ticket(conn, actor, ticket_id, form)
    except Invalid as e:
        return await _show(conn, actor, ticket_id, form, e.errors, 422)
    return see_other(f"/tickets/{ticket_id}")


@bp.post("/tickets/<uuid:ticket_id>/<any(assign, start, finish, close, reopen):move>")
async def move(ticket_id: UUID, move: str) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.move_ticket(conn, actor, ticket_id, move, form)
    except Invalid as e:
        return await _show(conn, actor, ticket_id, form, e.errors, 422)
    return see_other(f"/tickets/{ticket_id}")


@bp.post("/tickets/<uuid:ticket_id>/comments")
async def comment(ticket_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.comment_ticket(conn, actor, ticket_id, form)
    except Invalid as e:
        return await _show(conn, actor, ticket_id, form, e.errors, 422)
    return see_other(f"/tickets/{ticket_id}#comments")


@bp.get("/tickets/<uuid:ticket_id>/photo", defaults={"position": 1})
@bp.get("/tickets/<uuid:ticket_id>/photos/<int:position>")
async def photo(ticket_id: UUID, position: int) -> ResponseReturnValue:
    return file_response(*await svc.photo_file(await db.conn(), current_actor(), document_store(), ticket_id,
                                               position))


async def maintenance_section(conn: Any, actor: Any, building: Any) -> tuple[str, dict[str, Any]] | None:
    """The building page's card: open tickets (to report one), and for the office and the board the works and
    the register of decisions with its overdue actions."""
    if not allowed(actor, "ticket.read"):
        return None
    _building, found = await svc.tickets_of_building(conn, actor, building.id)
    late = []
    if allowed(actor, "decision.read"):
        late = [d for d in await decisions.list_decisions(conn, actor, building.id) if
                decisions.is_overdue(d, date.today())]
    return "maintenance/_section.html", {"building": building, "tickets": found[:5], "count": len(found),
                                         "late": late, **_labels()}


async def my_tickets(conn: Any, actor: Any) -> tuple[str, dict[str, Any]] | None:
    """The portal's "Mes signalements": the owner's tickets and where to report a new one."""
    if not allowed(actor, "portal.use") or not allowed(actor, "ticket.report"):
        return None
    found = await svc.list_tickets(conn, actor, None, None, False)
    mine = await list_buildings(conn, actor, None, PageRequest(1, 100))
    return "maintenance/_portal.html", {"tickets": found[:10], "buildings": mine.items, **_labels()}
