"""/api/v1/desk: the same list as the desk page (the most urgent first), counts by building and kind, filtered
by building and kind; /api/v1/desk/charts: the figures behind the charts."""
from __future__ import annotations

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.desk import desk as svc
from domain.desk.item import DeskItem
from web import db
from web.auth import current_actor
from web.i18n import tr
from web.jsonapi import json_response
from web.openapi import op, query, ref

bp = Blueprint("api_desk", __name__, url_prefix="/api/v1/desk")


def _item(i: DeskItem, found: svc.Desk) -> dict:
    return {"kind": i.kind, "title": tr(i.title), "path": i.path, "building_id": i.building_id,
            "building_name": i.building_name, "due": i.due, "days_left": i.days_left(found.today),
            "urgency": i.urgency(found.today), "count": i.count}


@bp.get("")
async def index() -> ResponseReturnValue:
    actor = current_actor()
    flt, paging = svc.DeskFilter.parse(request.args), svc.page_request(request.args)
    found = await svc.desk(await db.conn(), actor, flt, paging=paging)
    return json_response({"data": [_item(i, found) for i in found.items], "pagination": found.page.meta(),
                          "today": found.today,
                          "by_building": [{"building_id": b, "building_name": n, "count": c}
                                          for b, n, c in found.by_building],
                          "by_kind": [{"kind": k, "count": c} for k, c in found.by_kind]})


@bp.get("/charts")
async def charts() -> ResponseReturnValue:
    actor = current_actor()
    flt = svc.DeskFilter.parse(request.args)
    drawn = await svc.charts(await db.conn(), actor, flt.building_id)
    return json_response({"building_id": drawn.building_id,
                          "charges_by_category": [{"year": r.year, "category": r.category, "amount": r.amount}
                                                  for r in drawn.by_category],
                          "arrears_by_age": [{"bucket": ("0-30", "31-60", "61-90", "90+")[b.bucket],
                                              "amount": b.amount, "owners": b.owners} for b in drawn.arrears]})


_FILTERS = [query("building", description="only this building (its id)"),
            query("kind", description="only this kind of item: " + ", ".join(svc.KIND_LABELS))]
_PAGING = [{**query("page", "integer", "from 1"), "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000}},
           {**query("per_page", "integer", "1 to 100 (default 50)"),
            "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
           {**query("limit", "integer", "the same as per_page"),
            "schema": {"type": "integer", "minimum": 1, "maximum": 100}}]
_ITEM = {"type": "object", "properties": {
    "kind": {"type": "string"}, "title": {"type": "string"}, "path": {"type": "string"},
    "building_id": {"type": "string", "format": "uuid", "nullable": True},
    "building_name": {"type": "string", "nullable": True}, "due": {"type": "string", "format": "date", "nullable": True},
    "days_left": {"type": "integer", "nullable": True}, "urgency": {"type": "string", "enum": ["late", "soon", "normal"]},
    "count": {"type": "integer"}}}
SPEC = {
    "paths": {
        "/api/v1/desk": {"get": op(
            "What needs doing across the member's buildings, most urgent first (syndic, accountant)",
            {"type": "object", "properties": {
                "data": {"type": "array", "items": ref("DeskItem")}, "pagination": ref("Pagination"),
                "today": {"type": "string", "format": "date"},
                "by_building": {"type": "array", "items": {"type": "object", "properties": {
                    "building_id": {"type": "string", "format": "uuid"}, "building_name": {"type": "string"},
                    "count": {"type": "integer"}}}},
                "by_kind": {"type": "array", "items": {"type": "object", "properties": {
                    "kind": {"type": "string"}, "count": {"type": "integer"}}}}}},
            params=[*_FILTERS, *_PAGING], tag="desk")},
        "/api/v1/desk/charts": {"get": op(
            "The desk's charts: a building's charges by category and year, arrears by age",
            {"type": "object", "properties": {
                "building_id": {"type": "string", "format": "uuid", "nullable": True},
                "charges_by_category": {"type": "array", "items": {"type": "object", "properties": {
                    "year": {"type": "integer"}, "category": {"type": "string"},
                    "amount": {"type": "string", "format": "decimal"}}}},
                "arrears_by_age": {"type": "array", "items": {"type": "object", "properties": {
                    "bucket": {"type": "string", "enum": ["0-30", "31-60", "61-90", "90+"]},
                    "amount": {"type": "string", "format": "decimal"}, "owners": {"type": "integer"}}}}}},
            params=_FILTERS[:1], tag="desk")},
    },
    "schemas": {"DeskItem": _ITEM},
}
