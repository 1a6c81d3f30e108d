"""A lot's sale for the syndic: the notary's statement at a date (page and PDF) and the settlement form; every form
works without JavaScript."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.calls import notary, sale
from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.register import ownership
from domain.rules.ownership import held_on
from web import db
from web.auth import current_actor
from web.documents import pdf_response
from web.documents.notary import statement_pdf
from web.htmx import page, see_other

bp = Blueprint("calls_sale", __name__)


def _date_args() -> dict[str, str]:
    return {"date": request.args.get("date") or date.today().isoformat()}


async def _page(conn: Any, actor: Any, unit_id: UUID, args: dict[str, str], status: int = 200,
                block: str | None = None, **extra: Any) -> ResponseReturnValue:
    try:
        found, errors = await notary.notary_statement(conn, actor, unit_id, args), {}
    except Invalid as e:
        found, errors = None, e.errors
    form: dict[str, str] = {}
    buyers: list[Any] = []
    if found is not None and allowed(actor, "sale.settle"):
        buyers = held_on(await ownership.history(conn, actor, unit_id), found.day)
        form = {"transfer_date": found.day.isoformat(),
                "seller_id": str(found.sellers[0].owner_id) if found.sellers else "",
                "buyer_id": str(buyers[0].owner_id) if buyers else ""}
    lot = found.lot if found else await notary.statement_lot(conn, actor, unit_id)
    return await page("calls/notary.html", block, 422 if errors and status == 200 else status, s=found,
                      lot=lot, args=args, errors=errors, buyers=buyers,
                      **{"form": form, "sale_errors": {}, **extra})


@bp.get("/units/<uuid:unit_id>/notary-statement")
async def show(unit_id: UUID) -> ResponseReturnValue:
    return await _page(await db.conn(), current_actor(), unit_id, _date_args())


@bp.get("/units/<uuid:unit_id>/notary-statement.pdf")
async def as_pdf(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await notary.notary_statement(conn, actor, unit_id, _date_args())
    data = await statement_pdf(conn, actor, found)
    return pdf_response(data, f"etat-lot-{found.lot.number}-{found.day.isoformat()}.pdf")


@bp.post("/units/<uuid:unit_id>/sale-settlement")
async def settle(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        done = await sale.settle_sale(conn, actor, unit_id, form)
    except (Invalid, Conflict) as e:
        errors = e.errors if isinstance(e, Invalid) else {e.field or "transfer_date": e.reason}
        args = {"date": form.get("transfer_date") or date.today().isoformat()}
        return await _page(conn, actor, unit_id, args, 422 if isinstance(e, Invalid) else 409, "sale_form",
                           form=form, sale_errors=errors)
    return see_other(f"/units/{unit_id}/notary-statement?date={done.settlement.transfer_date.isoformat()}")
