"""/api/v1/notifications: the member's notices (title in the reader's language), the unread count, marked read,
e-mail preferences per kind (legal channels are not preferences)."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.notifications import notices as svc
from domain.pagination import PageRequest
from web import db
from web.auth import current_actor
from web.i18n import tr
from web.jsonapi import json_body, json_response
from web.openapi import PAGING, op, path_id, ref

bp = Blueprint("api_notifications", __name__, url_prefix="/api/v1/notifications")


def _notice(n: svc.q.Notice) -> dict:
    return {"id": n.id, "kind": n.kind, "title": tr(svc.title_of(n)), "path": n.path, "building_id": n.building_id,
            "created_at": n.created_at, "read_at": n.read_at}


def _prefs(prefs: list[svc.Preference]) -> dict:
    return {"data": [{"kind": p.kind, "label": tr(p.label), "email": p.email, "legal": p.legal} for p in prefs]}


@bp.get("")
async def index() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    listed = await svc.my_notices(conn, actor, PageRequest.parse(request.args))
    return json_response({"data": [_notice(n) for n in listed.items], "pagination": listed.meta(),
                          "unread": await svc.unread_count(conn, actor)})


@bp.post("/<uuid:notice_id>/read")
async def read(notice_id: UUID) -> ResponseReturnValue:
    return json_response(_notice(await svc.mark_read(await db.conn(), current_actor(), notice_id)))


@bp.post("/read-all")
async def read_all() -> ResponseReturnValue:
    await svc.mark_all_read(await db.conn(), current_actor())
    return json_response({"unread": 0})


@bp.get("/preferences")
async def preferences() -> ResponseReturnValue:
    return json_response(_prefs(await svc.my_preferences(await db.conn(), current_actor())))


@bp.put("/preferences")
async def set_preferences() -> ResponseReturnValue:
    actor = current_actor()
    choices = svc.parse_preferences(await json_body())
    return json_response(_prefs(await svc.set_my_preferences(await db.conn(), actor, choices)))


_NOTICE = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "kind": {"type": "string"}, "title": {"type": "string"},
    "path": {"type": "string"}, "building_id": {"type": "string", "format": "uuid", "nullable": True},
    "created_at": {"type": "string", "format": "date-time"},
    "read_at": {"type": "string", "format": "date-time", "nullable": True}}}
_PREFS = {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "object", "properties": {
    "kind": {"type": "string"}, "label": {"type": "string"}, "email": {"type": "boolean"},
    "legal": {"type": "boolean"}}}}}}
_CHOICES = {name: {"type": "boolean"} for name, spec in svc.KINDS.items() if not spec.legal}
SPEC = {
    "paths": {
        "/api/v1/notifications": {"get": op(
            "The member's notices, newest first, and how many are unread",
            {"type": "object", "properties": {"data": {"type": "array", "items": ref("Notice")},
                                              "pagination": ref("Pagination"), "unread": {"type": "integer"}}},
            params=PAGING, tag="notifications")},
        "/api/v1/notifications/{id}/read": {"post": op("Mark one notice read", ref("Notice"), params=[path_id()],
                                                       tag="notifications")},
        "/api/v1/notifications/read-all": {"post": op(
            "Mark every notice read", {"type": "object", "properties": {"unread": {"type": "integer"}}},
            tag="notifications")},
        "/api/v1/notifications/preferences": {
            "get": op("Whether an e-mail follows each kind of notice (legal kinds: their own channel)", _PREFS,
                      tag="notifications"),
            "put": op("Choose, per kind, whether an e-mail follows (a legal kind cannot be chosen: 422)", _PREFS,
                      "NoticePreferences", tag="notifications"),
        },
    },
    "schemas": {
        "Notice": _NOTICE,
        "NoticePreferences": {"type": "object", "properties": _CHOICES},
    },
}
