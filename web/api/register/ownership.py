"""/api/v1/units/{id}/…: who holds a lot, on which date; assign, set several owners, transfer, history."""
from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.register import ownership as svc
from domain.rules.numbers import rounded
from domain.rules.ownership import held_on
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response
from web.openapi import op, path_id, query, ref
from web.query import day_arg

bp = Blueprint("api_ownership", __name__, url_prefix="/api/v1/units")


def percentage(share: Fraction) -> str:
    """A share as a percentage with two decimals (for display; `share` is the exact value)."""
    return str(rounded(share * 100, 2))


def right_json(right: svc.Right) -> dict[str, Any]:
    """A right with its exact share ("1/3") and a rounded percentage."""
    return {"id": right.id, "unit_id": right.unit_id, "owner_id": right.owner_id, "owner_name": right.owner_name,
            "right_kind": right.right_kind, "share": str(right.share), "share_num": right.share.numerator,
            "share_den": right.share.denominator, "percentage": percentage(right.share),
            "start_date": right.start_date, "end_date": right.end_date, "is_contact": right.is_contact}


def _current(unit_id: UUID, rights: list[svc.Right], day: date) -> dict[str, Any]:
    held = held_on(rights, day)
    return {"unit_id": unit_id, "date": day, "owners": [right_json(r) for r in held]}


@bp.get("/<uuid:unit_id>/owners")
async def owners(unit_id: UUID) -> ResponseReturnValue:
    day = day_arg()
    rights = await svc.history(await db.conn(), current_actor(), unit_id)
    return json_response(_current(unit_id, rights, day))


@bp.get("/<uuid:unit_id>/history")
async def history(unit_id: UUID) -> ResponseReturnValue:
    rights = await svc.history(await db.conn(), current_actor(), unit_id)
    return json_response({"unit_id": unit_id, "rights": [right_json(r) for r in rights]})


@bp.put("/<uuid:unit_id>/assign-owner/<uuid:owner_id>")
async def assign(unit_id: UUID, owner_id: UUID) -> ResponseReturnValue:
    rights = await svc.assign_owner(await db.conn(), current_actor(), unit_id, owner_id)
    return json_response(_current(unit_id, rights, date.today()))


@bp.put("/<uuid:unit_id>/contact/<uuid:owner_id>")
async def contact(unit_id: UUID, owner_id: UUID) -> ResponseReturnValue:
    rights = await svc.choose_contact(await db.conn(), current_actor(), unit_id, owner_id)
    return json_response(_current(unit_id, rights, date.today()))


@bp.put("/<uuid:unit_id>/owners")
async def set_owners(unit_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    day, shares = svc.parse_owners(await json_body())
    rights = await svc.set_owners(await db.conn(), actor, unit_id, day, shares)
    return json_response(_current(unit_id, rights, day))


@bp.post("/<uuid:unit_id>/transfer")
async def transfer(unit_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = svc.TransferInput.parse(await json_body())
    rights = await svc.transfer(await db.conn(), actor, unit_id, data)
    return json_response(_current(unit_id, rights, data.day))


_HOLDERS = {"type": "object", "properties": {
    "unit_id": {"type": "string", "format": "uuid"}, "date": {"type": "string", "format": "date"},
    "owners": {"type": "array", "items": ref("Right")}}}
_SHARE = {"description": "exact: \"1/3\", \"50 %\", \"33,5\" or a JSON number of percent",
          "oneOf": [{"type": "string"}, {"type": "number"}]}
_KIND = {"type": "string", "enum": ["full", "usufruct", "bare"], "default": "full"}
SPEC = {
    "paths": {
        "/api/v1/units/{id}/owners": {
            "get": op("Who held the lot on a date (\"who owned lot 12 on 1 March?\")", _HOLDERS,
                      params=[path_id(), query("date", description="YYYY-MM-DD, today by default")], tag="ownership"),
            "put": op("A new deed: from `date`, the lot is held by exactly these shares (syndic); full + bare "
                      "must total 100 % and usufruct equal bare", _HOLDERS, "OwnersInput", [path_id()],
                      tag="ownership"),
        },
        "/api/v1/units/{id}/history": {
            "get": op("Every right ever held on the lot", {"type": "object", "properties": {
                "unit_id": {"type": "string"}, "rights": {"type": "array", "items": ref("Right")}}},
                params=[path_id()], tag="ownership"),
        },
        "/api/v1/units/{id}/assign-owner/{owner_id}": {
            "put": op("Make the owner the sole full owner from today (syndic)", _HOLDERS,
                      params=[path_id(), path_id("owner_id")], tag="ownership"),
        },
        "/api/v1/units/{id}/contact/{owner_id}": {
            "put": op("Make a current holder the lot's contact for mail and votes (syndic; no new deed)", _HOLDERS,
                      params=[path_id(), path_id("owner_id")], tag="ownership"),
        },
        "/api/v1/units/{id}/transfer": {
            "post": op("Sale on a date, in one operation: the seller's right (or `share` of it) passes to the buyer",
                       _HOLDERS, "TransferInput", [path_id()], tag="ownership"),
        },
    },
    "schemas": {
        "Right": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "unit_id": {"type": "string", "format": "uuid"},
            "owner_id": {"type": "string", "format": "uuid"}, "owner_name": {"type": "string"},
            "right_kind": _KIND, "share": {"type": "string", "example": "1/3"},
            "share_num": {"type": "integer"}, "share_den": {"type": "integer"},
            "percentage": {"type": "string", "example": "33.33", "description": "rounded, for display"},
            "start_date": {"type": "string", "format": "date"},
            "end_date": {"type": "string", "format": "date", "nullable": True, "description": "excluded"},
            "is_contact": {"type": "boolean"}}},
        "OwnersInput": {"type": "object", "required": ["owners"], "properties": {
            "date": {"type": "string", "format": "date"},
            "owners": {"type": "array", "minItems": 1, "maxItems": 50, "items": {
                "type": "object", "required": ["owner_id", "share"], "properties": {
                    "owner_id": {"type": "string", "format": "uuid"}, "right_kind": _KIND, "share": _SHARE,
                    "is_contact": {"type": "boolean"}}}}}},
        "TransferInput": {"type": "object", "required": ["seller_id", "buyer_id"], "properties": {
            "date": {"type": "string", "format": "date"}, "seller_id": {"type": "string", "format": "uuid"},
            "buyer_id": {"type": "string", "format": "uuid"}, "share": _SHARE, "right_kind": _KIND}},
    },
}
