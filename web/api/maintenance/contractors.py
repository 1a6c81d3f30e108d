"""/api/v1/contractors: the firm's contractors (identifiers checked), their insurance certificate (a file with
its expiry)."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import Invalid
from domain.i18n import _
from domain.maintenance import contacts
from domain.maintenance import contractors as svc
from domain.parse import Fields, FormInput
from domain.storage import check_document
from web import db
from web.auth import current_actor
from web.files import document_store, file_response
from web.jsonapi import json_body, json_response
from web.openapi import op, path_id, query, ref

bp = Blueprint("api_contractors", __name__, url_prefix="/api/v1")


def contractor_json(c: svc.Contractor) -> dict[str, Any]:
    """A contractor (never its file's storage key)."""
    body = {k: getattr(c, k) for k in ("id", "company_name", "country", "enterprise_number", "vat_number", "iban",
                                       "trades", "contact_name", "email", "phone", "insurer",
                                       "insurance_expires_on", "certificate_name", "notes", "created_at",
                                       "updated_at")}
    body["certificate_url"] = f"/api/v1/contractors/{c.id}/certificate" if c.certificate_key else None
    return body


@bp.get("/contractors")
async def index() -> ResponseReturnValue:
    trade = request.args.get("trade")
    if trade is not None and trade not in svc.TRADES:  # sent empty is refused too
        raise Invalid({"trade": _("Valeur non reconnue.")})
    found = await svc.list_contractors(await db.conn(), current_actor(), trade)
    return json_response({"data": [contractor_json(c) for c in found]})


@bp.post("/contractors")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    made = await svc.create_contractor(await db.conn(), actor, await json_body())
    return json_response(contractor_json(made), 201, {"Location": f"/api/v1/contractors/{made.id}"})


def contact_json(p: contacts.Contact) -> dict[str, Any]:
    """One of a contractor's further contacts."""
    return {k: getattr(p, k) for k in ("id", "name", "role", "email", "phone")}


@bp.get("/contractors/<uuid:contractor_id>")
async def show(contractor_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    body = contractor_json(await svc.get_contractor(conn, actor, contractor_id))
    body["contacts"] = [contact_json(p) for p in await contacts.contacts_of(conn, actor, contractor_id)]
    return json_response(body)


@bp.post("/contractors/<uuid:contractor_id>/contacts")
async def add_contact(contractor_id: UUID) -> ResponseReturnValue:
    made = await contacts.add_contact(await db.conn(), current_actor(), contractor_id, await json_body())
    return json_response(contact_json(made), 201)


@bp.delete("/contractors/<uuid:contractor_id>/contacts/<uuid:contact_id>")
async def remove_contact(contractor_id: UUID, contact_id: UUID) -> ResponseReturnValue:
    await contacts.remove_contact(await db.conn(), current_actor(), contractor_id, contact_id)
    return "", 204


@bp.put("/contractors/<uuid:contractor_id>")
async def update(contractor_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    changed = await svc.update_contractor(await db.conn(), actor, contractor_id, await json_body())
    return json_response(contractor_json(changed))


@bp.post("/contractors/<uuid:contractor_id>/certificate")
async def certificate(contractor_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    form = FormInput(await request.form)
    files = await request.files
    f = Fields(form)
    expires = f.date("insurance_expires_on")
    file = files.get("file")
    if file is None or not file.filename:
        f.error("file", _("Choisissez un fichier."))
    f.done()
    assert file is not None  # f.done() raised otherwise
    upload = check_document(file.filename, file.read())
    changed = await svc.attach_certificate(await db.conn(), actor, document_store(), contractor_id, upload, expires)
    return json_response(contractor_json(changed))


@bp.get("/contractors/<uuid:contractor_id>/certificate")
async def certificate_file(contractor_id: UUID) -> ResponseReturnValue:
    return file_response(*await svc.certificate_file(await db.conn(), current_actor(), document_store(),
                                                     contractor_id))


_TRADES = {"type": "array", "items": {"type": "string", "enum": list(svc.TRADES)}, "maxItems": 11}
_FIELDS = {
    "company_name": {"type": "string", "maxLength": 200}, "country": {"type": "string", "enum": ["BE", "FR"]},
    "enterprise_number": {"type": "string", "maxLength": 30,
                          "description": "BE: enterprise number (10 digits, mod 97); FR: SIREN (9 digits, Luhn)"},
    "vat_number": {"type": "string", "maxLength": 30, "description": "BE + enterprise number, or FR + key + SIREN"},
    "iban": {"type": "string", "maxLength": 50}, "trades": _TRADES, "contact_name": {"type": "string",
                                                                                      "maxLength": 200},
    "email": {"type": "string", "format": "email", "maxLength": 254}, "phone": {"type": "string", "maxLength": 40},
    "insurer": {"type": "string", "maxLength": 200}, "insurance_expires_on": {"type": "string", "format": "date"},
    "notes": {"type": "string", "maxLength": 4000}}
_NULLABLE = {"type": "string", "nullable": True}
_CONTRACTOR = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "company_name": {"type": "string"},
    "country": {"type": "string", "enum": ["BE", "FR"]}, "trades": {"type": "array", "items": {"type": "string"}},
    **{k: _NULLABLE for k in ("enterprise_number", "vat_number", "iban", "contact_name", "email", "phone",
                              "insurer", "certificate_name", "notes", "certificate_url")},
    "insurance_expires_on": {"type": "string", "format": "date", "nullable": True},
    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"}}}
_CONTACT = {"type": "object", "properties": {
    "id": {"type": "string", "format": "uuid"}, "name": {"type": "string"},
    **{k: _NULLABLE for k in ("role", "email", "phone")}}}
_CONTACT_INPUT = {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string", "maxLength": 200}, "role": {"type": "string", "maxLength": 100},
    "email": {"type": "string", "format": "email", "maxLength": 254}, "phone": {"type": "string", "maxLength": 40}}}
_upload = op("File the insurance certificate (syndic): PDF or image, with its expiry", ref("Contractor"),
             params=[path_id()], tag="maintenance")
_upload["requestBody"] = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary"},
        "insurance_expires_on": {"anyOf": [{"type": "string", "format": "date"},
                                           {"type": "string", "maxLength": 0}]}}}}}}
SPEC = {
    "paths": {
        "/api/v1/contractors": {
            "get": op("The contractors the caller sees (a board member: those at work in their building)",
                      {"type": "object", "properties": {"data": {"type": "array", "items": ref("Contractor")}}},
                      params=[{**query("trade", description="a trade"),
                               "schema": {"type": "string", "enum": list(svc.TRADES)}}], tag="maintenance"),
            "post": op("Add a contractor (syndic)", ref("Contractor"), "ContractorInput", status="201",
                       tag="maintenance")},
        "/api/v1/contractors/{id}": {
            "get": op("One contractor, with its further contacts", ref("ContractorWithContacts"), params=[path_id()],
                      tag="maintenance"),
            "put": op("Change a contractor (syndic; the fields sent)", ref("Contractor"), "ContractorInput",
                      [path_id()], tag="maintenance")},
        "/api/v1/contractors/{id}/contacts": {
            "post": op("Add a contact to a contractor (syndic)", ref("ContractorContact"), "ContractorContactInput",
                       [path_id()], status="201", tag="maintenance")},
        "/api/v1/contractors/{id}/contacts/{contact_id}": {
            "delete": op("Remove a contractor's contact (syndic)", None,
                         params=[path_id(), path_id("contact_id")], status="204", tag="maintenance")},
        "/api/v1/contractors/{id}/certificate": {
            "post": _upload,
            "get": op("The insurance certificate's file", None, params=[path_id()], tag="maintenance")},
    },
    "schemas": {"Contractor": _CONTRACTOR, "ContractorContact": _CONTACT, "ContractorContactInput": _CONTACT_INPUT,
                "ContractorWithContacts": {"allOf": [ref("Contractor"), {"type": "object", "properties": {
                    "contacts": {"type": "array", "items": ref("ContractorContact")}}}]},
                "ContractorInput": {"type": "object", "required": ["company_name"], "properties": _FIELDS}},
}
