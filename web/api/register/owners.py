"""/api/v1/owners: owners searched by name or e-mail; an owner's lots, cumulative quota and history."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.pagination import PageRequest
from domain.register import owners as svc
from domain.rules.numbers import rounded
from web import db
from web.api.register.ownership import percentage
from web.auth import current_actor
from web.jsonapi import json_body, json_response, page_response
from web.openapi import PAGING, op, page_of, path_id, query, ref
from web.query import day_arg

bp = Blueprint("api_owners", __name__, url_prefix="/api/v1/owners")


def holding_json(h: svc.Holding) -> dict[str, Any]:
    """One right of the owner with its lot and the quota it carries (exact fraction as text)."""
    return {"unit_id": h.unit_id, "unit_number": h.unit_number, "building_id": h.building_id,
            "building_name": h.building_name, "quota": h.quota, "right_kind": h.right_kind,
            "share": str(h.share), "percentage": percentage(h.share), "quota_held": str(h.quota_held),
            "start_date": h.start_date, "end_date": h.end_date, "is_contact": h.is_contact}


def quota_json(q: svc.BuildingQuota) -> dict[str, Any]:
    """An owner's cumulative quota in one building, exact ("150" or "100/3") and rounded."""
    return {"building_id": q.building_id, "building_name": q.building_name, "total_quota": q.total_quota,
            "quota": str(q.quota), "quota_decimal": str(rounded(q.quota, 4))}


@bp.get("")
async def index() -> ResponseReturnValue:
    actor = current_actor()
    search = request.args.get("search") or request.args.get("q")
    page = await svc.list_owners(await db.conn(), actor, search, PageRequest.parse(request.args))
    return page_response(page, svc.to_api)


@bp.post("")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    owner = await svc.create_owner(await db.conn(), actor, svc.OwnerInput.parse(await json_body()))
    return json_response(svc.to_api(owner), 201)


@bp.get("/<uuid:owner_id>")
async def show(owner_id: UUID) -> ResponseReturnValue:
    return json_response(svc.to_api(await svc.view_owner(await db.conn(), current_actor(), owner_id)))


@bp.put("/<uuid:owner_id>")
async def update(owner_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    return json_response(svc.to_api(await svc.update_owner(await db.conn(), actor, owner_id, data)))


@bp.get("/<uuid:owner_id>/lots")
async def lots(owner_id: UUID) -> ResponseReturnValue:
    day = day_arg()
    rows = await svc.holdings(await db.conn(), current_actor(), owner_id)
    return json_response({"owner_id": owner_id, "date": day,
                          "lots": [holding_json(h) for h in svc.in_force(rows, day)],
                          "quota": [quota_json(q) for q in svc.cumulative_quota(rows, day)]})


@bp.get("/<uuid:owner_id>/quota")
async def quota(owner_id: UUID) -> ResponseReturnValue:
    day = day_arg()
    rows = await svc.holdings(await db.conn(), current_actor(), owner_id)
    return json_response({"owner_id": owner_id, "date": day,
                          "buildings": [quota_json(q) for q in svc.cumulative_quota(rows, day)]})


@bp.get("/<uuid:owner_id>/history")
async def history(owner_id: UUID) -> ResponseReturnValue:
    rows = await svc.holdings(await db.conn(), current_actor(), owner_id)
    return json_response({"owner_id": owner_id, "rights": [holding_json(h) for h in rows]})


_TEXT = {"type": "string"}
_FIELDS: dict[str, dict[str, Any]] = {
    "kind": {"type": "string", "enum": ["person", "company", "association"],
             "description": "company when company_name is sent without kind"},
    "first_name": {**_TEXT, "maxLength": 100}, "last_name": {**_TEXT, "maxLength": 100},
    "company_name": {**_TEXT, "maxLength": 200}, "company_number": {**_TEXT, "maxLength": 30},
    "email": {"type": "string", "format": "email"}, "phone": {**_TEXT, "maxLength": 40},
    "address": {**_TEXT, "maxLength": 300}, "city": {**_TEXT, "maxLength": 120},
    "postal_code": {**_TEXT, "maxLength": 20}, "country": {**_TEXT, "maxLength": 80},
    "language": {"type": "string", "enum": ["fr", "nl", "de", "en"], "default": "fr"},
    "accepts_email_notices": {"type": "boolean"},
    "shares_contact": {"type": "boolean", "description": "co-owners may see phone and e-mail in the portal"},
    "user_id": {"type": "string", "format": "uuid", "nullable": True, "description": "a member of the organisation"},
}
_OPTIONAL = ("first_name", "last_name", "company_name", "company_number", "phone", "address", "city", "postal_code",
             "country")
_HOLDING = {"type": "object", "properties": {
    "unit_id": {"type": "string"}, "unit_number": _TEXT, "building_id": {"type": "string"}, "building_name": _TEXT,
    "quota": {"type": "integer"}, "right_kind": _TEXT, "share": {"type": "string", "example": "1/2"},
    "percentage": _TEXT, "quota_held": {"type": "string", "example": "75"}, "start_date": _TEXT,
    "end_date": {**_TEXT, "nullable": True}, "is_contact": {"type": "boolean"}}}
_QUOTA = {"type": "object", "properties": {
    "building_id": _TEXT, "building_name": _TEXT, "total_quota": {"type": "integer"},
    "quota": {"type": "string", "description": "exact: sum of lot quota × share over full and bare ownership"},
    "quota_decimal": _TEXT}}
_DATE = query("date", description="YYYY-MM-DD, today by default")
SPEC = {
    "paths": {
        "/api/v1/owners": {
            "get": op("List owners, searched by name or e-mail (an owner: only themselves)", page_of("Owner"),
                      params=[query("search"), *PAGING], tag="owners"),
            "post": op("Record an owner (syndic)", ref("Owner"), "OwnerInput", status="201", tag="owners"),
        },
        "/api/v1/owners/{id}": {
            "get": op("One owner", ref("Owner"), params=[path_id()], tag="owners"),
            "put": op("Change an owner (syndic)", ref("Owner"), "OwnerInput", [path_id()], tag="owners"),
        },
        "/api/v1/owners/{id}/lots": {
            "get": op("The owner's lots on a date, with share and cumulative quota", {
                "type": "object", "properties": {"lots": {"type": "array", "items": _HOLDING},
                                                 "quota": {"type": "array", "items": _QUOTA}}},
                params=[path_id(), _DATE], tag="owners"),
        },
        "/api/v1/owners/{id}/quota": {
            "get": op("The owner's cumulative quota per building on a date (exact)", {
                "type": "object", "properties": {"buildings": {"type": "array", "items": _QUOTA}}},
                params=[path_id(), _DATE], tag="owners"),
        },
        "/api/v1/owners/{id}/history": {
            "get": op("Every right the owner ever held", {"type": "object", "properties": {
                "rights": {"type": "array", "items": _HOLDING}}}, params=[path_id()], tag="owners"),
        },
    },
    "schemas": {
        "OwnerInput": {"type": "object", "description": "a person needs last_name, a legal entity company_name",
                       "properties": _FIELDS},
        "Owner": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "organization_id": {"type": "string", "format": "uuid"},
            "name": _TEXT, **_FIELDS, **{k: {**_FIELDS[k], "nullable": True} for k in _OPTIONAL},
            "email": {"type": "string", "nullable": True}, "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"}}},
    },
}
