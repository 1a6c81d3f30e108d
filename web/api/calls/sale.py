"""/api/v1 for a lot's sale: the notary's statement at a date (JSON or one PDF) and the sale settlement."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.calls import notary, sale
from web import db
from web.auth import current_actor
from web.documents import pdf_response
from web.documents.notary import statement_pdf
from web.jsonapi import json_body, json_response, to_json
from web.openapi import op, path_id, query

bp = Blueprint("api_calls_sale", __name__, url_prefix="/api/v1")


def statement_json(s: notary.NotaryStatement) -> dict[str, Any]:
    """The statement as JSON (money as decimal strings, dates ISO 8601)."""
    return {"unit_id": s.lot.id, "unit_number": s.lot.number, "building_id": s.lot.building_id,
            "building_name": s.lot.building_name, "jurisdiction": s.lot.jurisdiction, "date": s.day,
            "quota": s.lot.quota, "total_quota": s.lot.total_quota,
            "sellers": [{**to_json(x), "share": str(x.share)} for x in s.sellers],
            "owed": s.owed, "unpaid_calls": to_json(s.unpaid), "upcoming_total": s.upcoming_total,
            "upcoming_calls": to_json(s.upcoming), "funds": to_json(s.funds), "works": to_json(s.works),
            "settlements": to_json(s.settlements)}


@bp.get("/lots/<uuid:unit_id>/notary-statement")
async def statement(unit_id: UUID) -> ResponseReturnValue:
    found = await notary.notary_statement(await db.conn(), current_actor(), unit_id, dict(request.args))
    return json_response(statement_json(found))


@bp.get("/lots/<uuid:unit_id>/notary-statement.pdf")
async def statement_as_pdf(unit_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await notary.notary_statement(conn, actor, unit_id, dict(request.args))
    data = await statement_pdf(conn, actor, found)
    return pdf_response(data, f"etat-lot-{found.lot.number}-{found.day.isoformat()}.pdf")


@bp.post("/lots/<uuid:unit_id>/sale-settlement")
async def settle(unit_id: UUID) -> ResponseReturnValue:
    done = await sale.settle_sale(await db.conn(), current_actor(), unit_id, await json_body())
    return json_response({**to_json(done.settlement), "buyer_call": to_json(done.call)}, 201)


_T = "calls"
_DATE_ARG = {**query("date", description="the transfer date (required): the seller holds the lot the day before"),
             "required": True, "schema": {"type": "string", "format": "date"}}
_SALE = {"type": "object", "required": ["transfer_date", "seller_id", "buyer_id"], "properties": {
    "transfer_date": {"type": "string", "format": "date"},
    "seller_id": {"type": "string", "format": "uuid"}, "buyer_id": {"type": "string", "format": "uuid"},
    "due_date": {"type": "string", "format": "date", "description": "the buyer's call (default: 30 days after)"}}}
SPEC: dict[str, Any] = {
    "paths": {
        "/api/v1/lots/{id}/notary-statement": {
            "get": op("The notary's statement at a date: what the seller owes, the calls decided not yet due, the "
                      "funds' shares, the works under way", None, params=[path_id(), _DATE_ARG], tag=_T)},
        "/api/v1/lots/{id}/notary-statement.pdf": {
            "get": op("The notary's statement as one printable PDF", None, params=[path_id(), _DATE_ARG], tag=_T)},
        "/api/v1/lots/{id}/sale-settlement": {
            "post": op("Settle the sale recorded in the register: the seller's working-fund share refunded, the "
                       "buyer called for it (409 when already settled)", None, "SaleSettlement", [path_id()],
                       status="201", tag=_T)},
    },
    "schemas": {"SaleSettlement": _SALE},
}
