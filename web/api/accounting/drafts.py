"""/api/v1: draft manual entries — listed, read, edited, deleted, posted (numbered then). A draft is saved by
`POST /buildings/{id}/journal-entries` with `"draft": true`."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.accounting import drafts as svc
from web import db
from web.auth import current_actor
from web.jsonapi import json_body, json_response
from web.openapi import op, path_id, ref

bp = Blueprint("api_accounting_drafts", __name__, url_prefix="/api/v1")


def draft_json(d: svc.Draft) -> dict[str, Any]:
    """A draft as JSON: its lines as entered, amounts as decimal strings."""
    return {"id": d.id, "building_id": d.building_id, "entry_date": d.entry_date, "label": d.label,
            "document_ref": d.document_ref, "lines": d.lines, "posted_entry_id": d.posted_entry_id,
            "created_at": d.created_at, "updated_at": d.updated_at, "draft": d.posted_entry_id is None}


@bp.get("/buildings/<uuid:building_id>/entry-drafts")
async def building_drafts(building_id: UUID) -> ResponseReturnValue:
    found = await svc.building_drafts(await db.conn(), current_actor(), building_id)
    return json_response({"data": [draft_json(d) for d in found]})


@bp.get("/entry-drafts/<uuid:draft_id>")
async def get_draft(draft_id: UUID) -> ResponseReturnValue:
    return json_response(draft_json(await svc.get_draft(await db.conn(), current_actor(), draft_id)))


@bp.put("/entry-drafts/<uuid:draft_id>")
async def update_draft(draft_id: UUID) -> ResponseReturnValue:
    found = await svc.update_draft(await db.conn(), current_actor(), draft_id, await json_body())
    return json_response(draft_json(found))


@bp.delete("/entry-drafts/<uuid:draft_id>")
async def delete_draft(draft_id: UUID) -> ResponseReturnValue:
    await svc.delete_draft(await db.conn(), current_actor(), draft_id)
    return json_response(None, 204)


@bp.post("/journal-entries/<uuid:draft_id>/post")
async def post_draft(draft_id: UUID) -> ResponseReturnValue:
    posted = await svc.post_draft(await db.conn(), current_actor(), draft_id)
    return json_response({"id": posted.id, "journal": posted.journal, "number": posted.number,
                          "entry_date": posted.entry_date, "label": posted.label, "fiscal_year_id": posted.year_id},
                         201)


SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/entry-drafts": {
            "get": op("The building's draft manual entries waiting to be posted", ref("EntryDraftList"),
                      params=[path_id()], tag="accounting")},
        "/api/v1/entry-drafts/{id}": {
            "get": op("One draft manual entry", ref("EntryDraft"), params=[path_id()], tag="accounting"),
            "put": op("Replace a draft's date, label, document and lines (it need not balance); 409 once posted",
                      ref("EntryDraft"), "ManualEntry", [path_id()], tag="accounting"),
            "delete": op("Delete a draft; 409 once posted", None, params=[path_id()], status="204",
                         tag="accounting")},
        "/api/v1/journal-entries/{id}/post": {
            "post": op("Post a draft (the id is the draft's): numbered now in the miscellaneous journal; 422 naming "
                       "the lines when unbalanced, 409 in a closed year or posted already", ref("PostedEntry"),
                       params=[path_id()], status="201", tag="accounting")},
    },
    "schemas": {
        "EntryDraft": {"type": "object", "properties": {
            "id": {"type": "string", "format": "uuid"}, "building_id": {"type": "string", "format": "uuid"},
            "entry_date": {"type": "string", "format": "date"}, "label": {"type": "string"},
            "document_ref": {"type": "string", "nullable": True},
            "lines": {"type": "array", "items": {"type": "object"}},
            "posted_entry_id": {"type": "string", "format": "uuid", "nullable": True},
            "draft": {"type": "boolean"}, "created_at": {"type": "string", "format": "date-time"},
            "updated_at": {"type": "string", "format": "date-time"}}},
        "EntryDraftList": {"type": "object", "properties": {"data": {"type": "array", "items": ref("EntryDraft")}}},
    },
}
