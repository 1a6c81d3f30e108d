"""Charges pages: a building's year (by category and month, SVG chart), why an owner owes a line, the building
page's section and the owners' portal section."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.charges import expenses as svc
from domain.charges import owner_ledger, summary
from domain.charges.expense_input import CATEGORIES
from domain.documents import invoices
from domain.pagination import PageRequest
from domain.rules.numbers import rounded
from web import db
from web.auth import current_actor
from web.htmx import page
from web.i18n import N_, gettext
from web.query import year_arg

bp = Blueprint("charges", __name__)
STATUS_LABELS = {"draft": N_("Brouillon"), "approved": N_("Approuvée"), "paid": N_("Payée"),
                 "cancelled": N_("Annulée")}


def status_label(status: str) -> str:
    """An expense status in the reader's language."""
    return gettext(STATUS_LABELS.get(status, status))


MONTHS = (N_("janv."), N_("févr."), N_("mars"), N_("avr."), N_("mai"), N_("juin"), N_("juil."), N_("août"),
          N_("sept."), N_("oct."), N_("nov."), N_("déc."))


@bp.get("/buildings/<uuid:building_id>/charges")
async def building_charges(building_id: UUID) -> ResponseReturnValue:
    conn, actor, year = await db.conn(), current_actor(), year_arg()
    report = await summary.year_summary(conn, actor, building_id, year)
    paging = PageRequest.lenient(request.args, default_per_page=50)
    flt = svc.ExpenseFilter(building_id, start=date(year, 1, 1), end=date(year, 12, 31))
    listed = await svc.list_expenses(conn, actor, flt, paging)
    return await page("charges/building.html", "expenses", report=report, listed=listed,
                      bars=summary.bars(report.months), months=MONTHS, categories=CATEGORIES, year=year)


@bp.get("/charges/lines/<uuid:line_id>")
async def explain(line_id: UUID) -> ResponseReturnValue:
    conn = await db.conn()
    actor = current_actor()
    why = await owner_ledger.explain_line(conn, actor, line_id)
    return await page("charges/explain.html", "explanation", why=why, decimal_of=rounded, categories=CATEGORIES,
                      has_invoice=await invoices.has_invoice(conn, actor, why.facts.expense_id))


async def charges_section(conn: Any, actor: Any, building: Any) -> tuple[str, dict[str, Any]] | None:
    """The building page's charges card: this year's total, drafts waiting, links."""
    if not allowed(actor, "expense.read"):
        return None
    report = await summary.year_summary(conn, actor, building.id, date.today().year)
    return "charges/_section.html", {"building": building, "report": report}


async def my_charges(conn: Any, actor: Any) -> tuple[str, dict[str, Any]] | None:
    """The owner's balance per building and latest charges, each with its explanation."""
    account = await owner_ledger.my_account(conn, actor)
    if account is None:
        return None
    return "portal/_charges.html", {"account": account, "year": date.today().year}
