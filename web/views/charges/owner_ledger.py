"""Owners' accounts: payment entry for a building, and an owner's statement as a page and as a PDF."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.charges import owner_ledger as svc
from domain.charges.payment_request import payment_request
from domain.errors import Invalid
from domain.parse import FormInput
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.documents import pdf_response
from web.documents.charges import statement_pdf as statement_pdf_document
from web.htmx import page, see_other
from web.i18n import gettext

bp = Blueprint("charges_accounts", __name__)


async def _payments_context(conn: Any, actor: Any, building_id: UUID) -> dict[str, Any]:
    building = await get_building(conn, actor, building_id)
    owners, payments = await svc.building_payments(conn, actor, building.id)
    return {"building": building, "payments": payments,
            "owner_options": [("", gettext("— choisir —")), *[(str(o.id), o.name) for o in owners]]}


@bp.get("/buildings/<uuid:building_id>/payments")
async def payments(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    ctx = await _payments_context(conn, actor, building_id)
    return await page("charges/payments.html", "form", form={"paid_on": date.today().isoformat()}, errors={},
                      saved=request.args.get("saved") == "payment", **ctx)


@bp.post("/buildings/<uuid:building_id>/payments")
async def record_payment(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await svc.record_payment(conn, actor, building_id, form)
    except Invalid as e:
        ctx = await _payments_context(conn, actor, building_id)
        return await page("charges/payments.html", "form", 422, form=form, errors=e.errors, **ctx)
    return see_other(f"/buildings/{building_id}/payments?saved=payment")


async def _statement(owner_id: UUID) -> tuple[svc.Statement | None, dict[str, Any]]:
    """The statement asked for, or the query's errors to show in the form."""
    try:
        return await svc.statement(await db.conn(), current_actor(), owner_id, request.args), {}
    except Invalid as e:
        return None, e.errors


@bp.get("/owners/<uuid:owner_id>/statement")
async def statement(owner_id: UUID) -> ResponseReturnValue:
    result, errors = await _statement(owner_id)
    return await page("charges/statement.html", None, 422 if errors else 200, statement=result, errors=errors,
                      owner_id=owner_id, form=dict(request.args), pdf=False)


@bp.get("/owners/<uuid:owner_id>/statement.pdf")
async def statement_pdf(owner_id: UUID) -> ResponseReturnValue:
    found = await payment_request(await db.conn(), current_actor(), owner_id, request.args)
    name = f"decompte-{found.statement.start.isoformat()}-{found.statement.end.isoformat()}.pdf"
    return pdf_response(await statement_pdf_document(found), name, inline=True)
