"""/api/v1 documents: a building's library (list, search, upload), one document's metadata, download, new
version (PUT), delete (syndic, audited); the invoice behind a charge line."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.documents import invoices
from domain.documents import library as svc
from domain.errors import Invalid
from domain.i18n import _
from domain.pagination import PageRequest
from domain.parse import FormInput
from domain.rules.documents import VISIBILITIES
from domain.storage import Upload, check_document
from web import db
from web.auth import current_actor
from web.files import document_store, file_response
from web.jsonapi import json_response, page_response, raw_body
from web.openapi import PAGING, op, page_of, path_id, query, ref

bp = Blueprint("api_documents", __name__, url_prefix="/api/v1")


def document_json(d: svc.Document) -> dict[str, Any]:
    """A document's metadata (never its storage key)."""
    body = {k: getattr(d, k) for k in ("id", "building_id", "category", "title", "document_date", "visibility",
                                       "owner_id", "meeting_id", "expense_id", "ref_kind", "ref_id", "source",
                                       "current_version", "file_name", "content_type", "size", "sha256",
                                       "created_at", "updated_at")}
    body["download_url"] = f"/api/v1/documents/{d.id}/download"
    return body


async def _upload() -> Upload:
    """The file: multipart field `file`, or the raw body with ?filename=."""
    files = await request.files
    if "file" in files:
        return check_document(files["file"].filename, files["file"].read())
    data = await raw_body()
    if not data and not request.args.get("filename"):
        raise Invalid({"file": _("Choisissez un fichier.")})
    return check_document(request.args.get("filename"), data)


@bp.get("/buildings/<uuid:building_id>/documents")
async def index(building_id: UUID) -> ResponseReturnValue:
    flt, paging = svc.DocumentFilter.parse(request.args), PageRequest.parse(request.args)
    found = await svc.list_documents(await db.conn(), current_actor(), building_id, flt, paging)
    return page_response(found, document_json)


@bp.post("/buildings/<uuid:building_id>/documents")
async def create(building_id: UUID) -> ResponseReturnValue:
    actor = current_actor()  # who asks first: a client without credentials learns nothing of the form's rules
    form = FormInput(await request.form)  # multipart: the metadata fields beside `file`
    errors: dict[str, Any] = {}
    try:
        svc.DocumentInput.parse(form)
    except Invalid as e:
        errors.update(e.errors)
    try:
        upload = await _upload()
    except Invalid as e:
        errors.update(e.errors)
    if errors:
        raise Invalid(errors)
    doc = await svc.upload_document(await db.conn(), actor, document_store(), building_id, form, upload)
    return json_response(document_json(doc), 201, {"Location": f"/api/v1/documents/{doc.id}"})


@bp.get("/documents/<uuid:document_id>")
async def show(document_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    doc = await svc.get_document(conn, actor, document_id)
    versions = await svc.versions(conn, actor, document_id)
    return json_response({**document_json(doc), "versions": [
        {k: getattr(v, k) for k in ("version", "file_name", "content_type", "size", "sha256", "uploaded_at")}
        for v in versions]})


@bp.get("/documents/<uuid:document_id>/download")
async def download(document_id: UUID) -> ResponseReturnValue:
    version = request.args.get("version", "")
    if version and not version.isdigit():
        raise Invalid({"version": _("Doit être un entier entre 1 et %(max)s.", max=100000)})
    name, content_type, data = await svc.download(await db.conn(), current_actor(), document_store(), document_id,
                                                  int(version) if version else None)
    return file_response(name, content_type, data)


@bp.put("/documents/<uuid:document_id>")
async def replace(document_id: UUID) -> ResponseReturnValue:
    doc = await svc.new_version(await db.conn(), current_actor(), document_store(), document_id, await _upload())
    return json_response(document_json(doc))


@bp.delete("/documents/<uuid:document_id>")
async def delete(document_id: UUID) -> ResponseReturnValue:
    await svc.delete_document(await db.conn(), current_actor(), document_store(), document_id)
    return json_response(None, 204)


@bp.get("/charge-lines/<uuid:line_id>/invoice")
async def line_invoice(line_id: UUID) -> ResponseReturnValue:
    name, content_type, data = await invoices.invoice_of_line(await db.conn(), current_actor(), document_store(),
                                                              line_id)
    return file_response(name, content_type, data)


_DOC = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "building_id": {"type": "string", "format": "uuid"},
    "category": {"type": "string", "enum": list(svc.CATEGORIES)}, "title": {"type": "string"},
    "document_date": {"type": "string", "format": "date"}, "visibility": {"type": "string", "enum": list(VISIBILITIES)},
    "owner_id": {"type": "string", "format": "uuid", "nullable": True}, "current_version": {"type": "integer"},
    "meeting_id": {"type": "string", "format": "uuid", "nullable": True},
    "expense_id": {"type": "string", "format": "uuid", "nullable": True},
    "ref_kind": {"type": "string", "nullable": True}, "ref_id": {"type": "string", "format": "uuid", "nullable": True},
    "source": {"type": "string"}, "file_name": {"type": "string"}, "content_type": {"type": "string"},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
    "sha256": {"type": "string"}, "size": {"type": "integer"}, "download_url": {"type": "string"}}}
_UPLOAD = {"required": True, "content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
    "file": {"type": "string", "format": "binary"}, "title": {"type": "string", "maxLength": 200},
    "category": {"type": "string", "enum": list(svc.CATEGORIES)}, "document_date": {"type": "string", "format": "date"},
    "visibility": {"type": "string", "enum": list(VISIBILITIES)}, "owner_id": {"type": "string", "format": "uuid"},
    "meeting_id": {"type": "string", "format": "uuid"}, "expense_id": {"type": "string", "format": "uuid"},
    "ref_kind": {"type": "string", "enum": list(svc.REF_KINDS)}, "ref_id": {"type": "string", "format": "uuid"}},
    "required": ["file", "title", "category", "visibility"]}}}}
_SEARCH = [query("q", description="title contains"), query("category", description="a category"),
           query("from", description="date from"), query("to", description="date to"), *PAGING]

_post = op("File a document (syndic): PDF, image or office file, checked by its bytes, 10 MB at most",
           ref("Document"), params=[path_id()], status="201", tag="documents")
_post["requestBody"] = _UPLOAD
_put = op("A new version (syndic): multipart `file`, or the raw body with ?filename=", ref("Document"),
          params=[path_id()], tag="documents")
SPEC = {
    "paths": {
        "/api/v1/buildings/{id}/documents": {
            "get": op("The building's documents the caller may see, searched", page_of("Document"),
                      params=[path_id(), *_SEARCH], tag="documents"),
            "post": _post},
        "/api/v1/documents/{id}": {
            "get": op("A document's metadata and versions", ref("Document"), params=[path_id()], tag="documents"),
            "put": _put,
            "delete": op("Delete a document and its versions (syndic, audited)", None, params=[path_id()],
                         status="204", tag="documents")},
        "/api/v1/documents/{id}/download": {
            "get": op("The file (attachment; ?version=n for an older one, the firm only)", None,
                      params=[path_id(), query("version", "integer", "a version number")], tag="documents")},
        "/api/v1/charge-lines/{id}/invoice": {
            "get": op("The invoice of the expense behind a charge line (an owner: their own lines)", None,
                      params=[path_id()], tag="documents")},
    },
    "schemas": {"Document": _DOC},
}
