"""/desk: the syndic's and the accountant's home — what needs doing across their buildings, each item a link to
where it is done, counts by building and kind, filters; the charts (charges by category and year for the
building filtered on, arrears by age). The building page's section for the ordinary assembly's window."""
from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.charges.expense_input import CATEGORIES
from domain.desk import desk as svc
from domain.errors import Invalid
from domain.parse import FormInput
from domain.register.buildings import get_building
from web import charts, db
from web.auth import current_actor
from web.htmx import page, see_other
from web.i18n import N_, gettext, tr

bp = Blueprint("desk", __name__)

AGES = (N_("jusqu'à 30 jours"), N_("31 à 60 jours"), N_("61 à 90 jours"), N_("plus de 90 jours"))


def chart_context(found: svc.Charts) -> dict[str, Any]:
    """The charts' geometry in the reader's language."""
    labels = {code: tr(c.label) for code, c in CATEGORIES.items()}
    stacked = charts.stacked_by_year([(r.year, r.category, r.amount) for r in found.by_category], labels)
    amounts = {b.bucket: b.amount for b in found.arrears}
    owners = {b.bucket: b.owners for b in found.arrears}
    ages = charts.horizontal([(gettext(a), amounts.get(i, Decimal(0))) for i, a in enumerate(AGES)])
    return {"stacked": stacked, "ages": ages, "owners": owners, "arrears_total": svc.total(found.arrears),
            "chart_building": found.building_name}


async def _desk(status: int = 200, errors: dict[str, Any] | None = None) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    try:
        flt = svc.DeskFilter.parse(request.args)
    except Invalid as e:
        flt, errors, status = svc.DeskFilter(), e.errors, 422
    found = await svc.desk(conn, actor, flt, paging=svc.page_request(request.args, lenient=True))
    drawn = await svc.charts(conn, actor, flt.building_id)
    return await page("desk/index.html", "items", status, desk=found, flt=flt, errors=errors or {},
                      kind_labels=svc.KIND_LABELS, **chart_context(drawn))


@bp.get("/desk")
async def index() -> ResponseReturnValue:
    return await _desk()


async def window_section(conn: Any, actor: Any, building: Any, **extra: Any) -> tuple[str, dict[str, Any]] | None:
    """The building page's section: the bylaws' period for the ordinary assembly (the desk's reminder)."""
    if not allowed(actor, "desk.read"):
        return None
    window = await svc.assembly_window(conn, actor, building.id)
    form = extra.pop("form", None) or ({"starts_month": window.starts_month, "starts_day": window.starts_day,
                                        "days": window.days} if window else {"days": 15})
    return "desk/_window.html", {"building": building, "window": window, "form": form, "errors": {}} | extra


@bp.post("/buildings/<uuid:building_id>/assembly-window")
async def set_window(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.set_assembly_window(conn, actor, building_id, form)
    except Invalid as e:
        building = await get_building(conn, actor, building_id)
        section = await window_section(conn, actor, building, form=form, errors=e.errors)
        return await page("desk/window.html", status=422, building=building, section=section)
    return see_other(f"/buildings/{building_id}#assembly-window")
