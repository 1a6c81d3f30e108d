"""Personal data pages: the owner's "Mes données personnelles" (export, rectify, consent), the syndic's view of
one person (export, consents, erasure), the register of processing and the breach log."""
from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson
from quart import Blueprint, Response, request
from quart.typing import ResponseReturnValue

from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.privacy import breaches, erasure, personal_data
from domain.privacy.processing import REGISTER
from domain.register.owners import get_owner
from domain.rules.retention import RETENTION
from web import db
from web.auth import current_actor
from web.documents import pdf_response
from web.documents.privacy import personal_data_pdf
from web.files import document_store
from web.htmx import page, see_other
from web.jsonapi import to_json

bp = Blueprint("privacy", __name__)


def json_download(data: Any, filename: str) -> Response:
    """Portable JSON, as an attachment."""
    body = orjson.dumps(to_json(data), option=orjson.OPT_INDENT_2)
    return Response(body, content_type="application/json", headers={
        "Content-Disposition": f'attachment; filename="{filename}"', "X-Content-Type-Options": "nosniff"})


async def _portal(status: int = 200, errors: dict[str, Any] | None = None, form: Any = None) -> Response:
    conn, actor = await db.conn(), current_actor()
    owner = await personal_data.my_owner(conn, actor)
    consent = await personal_data.consents(conn, actor, owner.id) if owner else None
    return await page("privacy/portal.html", None, status, owner=owner, consent=consent, errors=errors or {},
                      form=form if form is not None else (vars(owner) if owner else {}))


@bp.get("/portal/privacy")
async def portal() -> ResponseReturnValue:
    return await _portal()


@bp.post("/portal/privacy/contact")
async def rectify() -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await personal_data.rectify_my_contact(await db.conn(), current_actor(), form)
    except Invalid as e:
        return await _portal(422, e.errors, form)
    return see_other("/portal/privacy?saved=1")


@bp.post("/portal/privacy/consent")
async def consent() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    owner = await personal_data.my_owner(conn, actor)
    if owner is None:
        return see_other("/portal/privacy")
    try:
        if form.get("give"):
            await personal_data.give_consent(conn, actor, owner.id, {"method": "portal"})
        else:
            await personal_data.withdraw_consent(conn, actor, owner.id, {"method": "portal"})
    except (Invalid, Conflict) as e:
        return await _portal(422, e.errors if isinstance(e, Invalid) else {"consent": e.reason})
    return see_other("/portal/privacy")


@bp.get("/owners/<uuid:owner_id>/personal-data.json")
async def export_json(owner_id: UUID) -> ResponseReturnValue:
    data = await personal_data.export(await db.conn(), current_actor(), owner_id)
    return json_download(data, f"donnees-personnelles-{owner_id}.json")


@bp.get("/owners/<uuid:owner_id>/personal-data.pdf")
async def export_pdf(owner_id: UUID) -> ResponseReturnValue:
    data = await personal_data.export(await db.conn(), current_actor(), owner_id)
    return pdf_response(await personal_data_pdf(to_json(data)), f"donnees-personnelles-{owner_id}.pdf")


async def _owner_page(owner_id: UUID, status: int = 200, errors: dict[str, Any] | None = None) -> Response:
    conn, actor = await db.conn(), current_actor()
    owner = await get_owner(conn, actor, owner_id)
    return await page("privacy/owner.html", None, status, owner=owner, errors=errors or {},
                      consent=await personal_data.consents(conn, actor, owner_id),
                      rectified=await personal_data.rectifications(conn, actor, owner_id),
                      verdict=await erasure.erasure_status(conn, actor, owner_id))


@bp.get("/owners/<uuid:owner_id>/privacy")
async def owner_privacy(owner_id: UUID) -> ResponseReturnValue:
    return await _owner_page(owner_id)


@bp.post("/owners/<uuid:owner_id>/consents")
async def record_consent(owner_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        if form.get("withdraw"):
            await personal_data.withdraw_consent(conn, actor, owner_id, {"method": form.get("method") or "syndic"})
        else:
            await personal_data.give_consent(conn, actor, owner_id, {"method": form.get("method") or "paper",
                                                                     "evidence": form.get("evidence")})
    except Invalid as e:
        return await _owner_page(owner_id, 422, e.errors)
    except Conflict as e:
        return await _owner_page(owner_id, 409, {"consent": e.reason})
    return see_other(f"/owners/{owner_id}/privacy")


@bp.post("/owners/<uuid:owner_id>/erase")
async def erase(owner_id: UUID) -> ResponseReturnValue:
    try:
        await erasure.erase_owner(await db.conn(), current_actor(), document_store(), owner_id)
    except Conflict as e:
        return await _owner_page(owner_id, 409, {"erase": e.reason})
    return see_other(f"/owners/{owner_id}/privacy")


async def _register(status: int = 200, errors: dict[str, Any] | None = None, form: Any = None) -> Response:
    log = await breaches.breach_log(await db.conn(), current_actor())
    return await page("privacy/register.html", None, status, register=REGISTER, breaches=log,
                      retention=RETENTION, errors=errors or {}, form=form or {})


@bp.get("/privacy")
async def register() -> ResponseReturnValue:
    return await _register()


@bp.post("/privacy/breaches")
async def add_breach() -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await breaches.record_breach(await db.conn(), current_actor(), form)
    except Invalid as e:
        return await _register(422, e.errors, form)
    return see_other("/privacy#breaches")
