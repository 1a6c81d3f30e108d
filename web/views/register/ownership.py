"""The syndic's ownership forms: set a lot's owners with shares (indivision, usufruct) and record a sale."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import require
from domain.errors import Invalid
from domain.i18n import _
from domain.pagination import PageRequest
from domain.register import buildings, owners, units
from domain.register import ownership as svc
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("ownership", __name__)
ROWS = 4


def owners_payload(form: Any) -> dict[str, Any]:
    """The rows of the owners form (those with an owner chosen) as the API's {"date", "owners"} body."""
    rows = []
    for i in range(ROWS):
        if form.get(f"owner_id_{i}"):
            rows.append({"owner_id": form.get(f"owner_id_{i}"), "right_kind": form.get(f"right_kind_{i}") or "full",
                         "share": form.get(f"share_{i}", ""), "is_contact": form.get("contact") == str(i)})
    return {"date": form.get("date") or None, "owners": rows}


async def _context(conn: Any, actor: Any, unit_id: UUID) -> dict[str, Any]:
    unit = await units.get_unit(conn, actor, unit_id)
    building = await buildings.get_building(conn, actor, unit.building_id)
    everyone = await owners.list_owners(conn, actor, None, PageRequest(1, 1000))
    held = await svc.owners_on(conn, actor, unit_id, date.today())
    return {"unit": unit, "building": building, "choices": everyone.items, "held": held, "rows": ROWS}


def _current_form(held: list[Any]) -> dict[str, Any]:
    form: dict[str, Any] = {"date": date.today().isoformat()}
    for i, r in enumerate(held[:ROWS]):
        pct = r.share * 100
        share = f"{pct.numerator}" if pct.denominator == 1 else f"{r.share.numerator}/{r.share.denominator}"
        form |= {f"owner_id_{i}": str(r.owner_id), f"right_kind_{i}": r.right_kind, f"share_{i}": share}
        if r.is_contact:
            form["contact"] = str(i)
    return form


@bp.get("/units/<uuid:unit_id>/owners/edit")
async def edit_owners(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "register.manage")
    ctx = await _context(conn, actor, unit_id)
    return await page("units/owners_form.html", "form", form=_current_form(ctx["held"]), errors={}, **ctx)


@bp.post("/units/<uuid:unit_id>/owners")
async def set_owners(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "register.manage")
    form = await request.form
    try:
        day, shares = svc.parse_owners(owners_payload(form))
        await svc.set_owners(conn, actor, unit_id, day, shares)
    except Invalid as e:
        ctx = await _context(conn, actor, unit_id)
        return await page("units/owners_form.html", "form", 422, form=form, errors=e.errors, **ctx)
    return see_other(f"/units/{unit_id}")


@bp.post("/units/<uuid:unit_id>/contact")
async def choose_contact(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = await request.form
    try:
        owner_id = UUID(form.get("owner_id", ""))
    except ValueError:
        raise Invalid({"owner_id": _("Identifiant invalide.")}) from None
    await svc.choose_contact(conn, actor, unit_id, owner_id)
    return see_other(f"/units/{unit_id}")


@bp.get("/units/<uuid:unit_id>/sale")
async def sale_form(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "register.manage")
    ctx = await _context(conn, actor, unit_id)
    form = {"date": date.today().isoformat(), "seller_id": str(ctx["held"][0].owner_id) if ctx["held"] else ""}
    return await page("units/sale.html", "form", form=form, errors={}, **ctx)


@bp.post("/units/<uuid:unit_id>/sale")
async def record_sale(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "register.manage")
    form = await request.form
    data = {k: form.get(k) for k in ("date", "seller_id", "buyer_id", "share", "right_kind") if form.get(k)}
    try:
        await svc.transfer(conn, actor, unit_id, svc.TransferInput.parse(data))
    except Invalid as e:
        ctx = await _context(conn, actor, unit_id)
        return await page("units/sale.html", "form", 422, form=form, errors=e.errors, **ctx)
    return see_other(f"/units/{unit_id}")
