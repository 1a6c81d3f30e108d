"""/api/v1 personal data: a person's export, their erasure (refused with the reason while retention runs), an
owner's own contact correction, consents, the breach log."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.privacy import breaches, erasure, personal_data
from web import db
from web.auth import current_actor
from web.files import document_store
from web.jsonapi import json_body, json_response, optional_body
from web.openapi import op, path_id

bp = Blueprint("api_privacy", __name__, url_prefix="/api/v1")


@bp.get("/owners/<uuid:owner_id>/personal-data")
async def export(owner_id: UUID) -> ResponseReturnValue:
    return json_response(await personal_data.export(await db.conn(), current_actor(), owner_id))


@bp.post("/owners/<uuid:owner_id>/erase")
async def erase(owner_id: UUID) -> ResponseReturnValue:
    await optional_body()
    owner = await erasure.erase_owner(await db.conn(), current_actor(), document_store(), owner_id)
    return json_response({"id": owner.id, "anonymized_at": owner.anonymized_at, "erased": list(erasure.ERASED_FIELDS)})


@bp.put("/me/contact")
async def rectify() -> ResponseReturnValue:
    owner = await personal_data.rectify_my_contact(await db.conn(), current_actor(), await json_body())
    return json_response({k: getattr(owner, k) for k in ("id", *personal_data.CONTACT_FIELDS)})


def _consents(view: personal_data.ConsentView) -> dict[str, Any]:
    return {"in_force": view.in_force, "history": view.history}


@bp.get("/owners/<uuid:owner_id>/consents")
async def consents(owner_id: UUID) -> ResponseReturnValue:
    return json_response(_consents(await personal_data.consents(await db.conn(), current_actor(), owner_id)))


@bp.post("/owners/<uuid:owner_id>/consents")
async def give(owner_id: UUID) -> ResponseReturnValue:
    consent = await personal_data.give_consent(await db.conn(), current_actor(), owner_id, await optional_body() or {})
    return json_response(consent, 201)


@bp.post("/owners/<uuid:owner_id>/consents/withdraw")
async def withdraw(owner_id: UUID) -> ResponseReturnValue:
    data = await optional_body() or {}
    return json_response(await personal_data.withdraw_consent(await db.conn(), current_actor(), owner_id, data))


@bp.get("/privacy/breaches")
async def breach_log() -> ResponseReturnValue:
    log = await breaches.breach_log(await db.conn(), current_actor())
    return json_response({"data": [{**vars(v.breach), "deadline": v.deadline, "late": v.late} for v in log]})


@bp.post("/privacy/breaches")
async def add_breach() -> ResponseReturnValue:
    breach = await breaches.record_breach(await db.conn(), current_actor(), await json_body())
    return json_response(breach, 201)


_ONE = [path_id()]


def _optional_body(operation: dict[str, Any]) -> dict[str, Any]:
    """An operation whose JSON body may be left out."""
    operation["requestBody"]["required"] = False
    return operation
SPEC = {"paths": {
    "/api/v1/owners/{id}/personal-data": {"get": op("Everything held about a person (GDPR art. 15, 20): JSON", None,
                                                   params=_ONE, tag="privacy")},
    "/api/v1/owners/{id}/erase": {"post": op("Erase a former owner's personal data (syndic); 409 with the reason "
                                             "while they hold a lot or retention runs", None, params=_ONE,
                                             tag="privacy")},
    "/api/v1/me/contact": {"put": op("An owner corrects their own contact details (audited; fields not sent keep "
                                     "their value)", None, "ContactInput", tag="privacy")},
    "/api/v1/owners/{id}/consents": {
        "get": op("The consent to e-mail for legal notices and its history", None, params=_ONE, tag="privacy"),
        "post": _optional_body(op("Give it: {method: portal|paper|syndic|api, evidence?} (the body may be left "
                                  "out)", None, "ConsentInput", params=_ONE, status="201", tag="privacy"))},
    "/api/v1/owners/{id}/consents/withdraw": {"post": op("Withdraw it", None, params=_ONE, tag="privacy")},
    "/api/v1/privacy/breaches": {
        "get": op("The data-breach log with each 72-hour deadline", None, tag="privacy"),
        "post": op("Log a breach", None, "BreachInput", status="201", tag="privacy")},
}, "schemas": {
    "ContactInput": {"type": "object", "properties": {
        "email": {"type": "string", "format": "email", "maxLength": 254, "nullable": True},
        "phone": {"type": "string", "maxLength": 40, "nullable": True},
        "address": {"type": "string", "maxLength": 300, "nullable": True},
        "city": {"type": "string", "maxLength": 120, "nullable": True},
        "postal_code": {"type": "string", "maxLength": 20, "nullable": True},
        "country": {"type": "string", "maxLength": 80, "nullable": True}}},
    "ConsentInput": {"type": "object", "properties": {
        "method": {"type": "string", "enum": ["portal", "paper", "syndic", "api"]},
        "evidence": {"type": "string", "maxLength": 300, "nullable": True}}},
    "BreachInput": {"type": "object", "required": ["discovered_at", "description"], "properties": {
        "discovered_at": {"type": "string", "format": "date"}, "description": {"type": "string", "maxLength": 4000},
        "data_concerned": {"type": "string", "maxLength": 1000, "nullable": True},
        "people_affected": {"type": "integer", "minimum": 0, "maximum": 10000000, "nullable": True},
        "measures": {"type": "string", "maxLength": 4000, "nullable": True},
        "authority_notified_at": {"type": "string", "format": "date", "nullable": True},
        "people_notified_at": {"type": "string", "format": "date", "nullable": True}}},
}}
