"""Contractors' pages: the firm's list and a new contractor, one contractor (edit, contacts, insurance
certificate)."""
from __future__ import annotations

from datetime import date
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
from web.htmx import page, see_other
from web.i18n import tr

bp = Blueprint("contractors", __name__)


async def _form() -> FormInput:
    raw = await request.form
    form = FormInput(raw)
    form["trades"] = raw.getlist("trades")  # checkboxes: every value
    return form


def _options() -> dict[str, Any]:
    return {"trade_options": [(code, tr(label)) for code, label in svc.TRADES.items()], "trades": svc.TRADES,
            "today": date.today()}


@bp.get("/contractors")
async def index() -> ResponseReturnValue:
    found = await svc.list_contractors(await db.conn(), current_actor())
    return await page("maintenance/contractors.html", None, contractors=found, form={"country": "BE"}, errors={},
                      **_options())


@bp.post("/contractors")
async def create() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = await _form()
    try:
        made = await svc.create_contractor(conn, actor, form)
    except Invalid as e:
        found = await svc.list_contractors(conn, actor)
        return await page("maintenance/contractors.html", None, 422, contractors=found, form=form, errors=e.errors,
                          **_options())
    return see_other(f"/contractors/{made.id}")


def _kept(c: svc.Contractor) -> dict[str, Any]:
    values: dict[str, Any] = {k: getattr(c, k) or "" for k in ("company_name", "country", "enterprise_number",
                                                               "vat_number", "iban", "contact_name", "email", "phone",
                                                               "insurer", "notes")}
    values["insurance_expires_on"] = c.insurance_expires_on.isoformat() if c.insurance_expires_on else ""
    values["trades"] = c.trades
    return values


async def _show(conn: Any, actor: Any, contractor_id: UUID, form: Any, errors: dict[str, Any],
                status: int = 200, contact: Any = None, contact_errors: Any = None) -> ResponseReturnValue:
    c = await svc.get_contractor(conn, actor, contractor_id)
    return await page("maintenance/contractor.html", None, status, c=c, form=form or _kept(c), errors=errors,
                      contacts=await contacts.contacts_of(conn, actor, contractor_id), contact=contact or {},
                      contact_errors=contact_errors or {}, **_options())


@bp.get("/contractors/<uuid:contractor_id>")
async def show(contractor_id: UUID) -> ResponseReturnValue:
    return await _show(await db.conn(), current_actor(), contractor_id, None, {})


@bp.post("/contractors/<uuid:contractor_id>")
async def update(contractor_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = await _form()
    try:
        await svc.update_contractor(conn, actor, contractor_id, form)
    except Invalid as e:
        return await _show(conn, actor, contractor_id, form, e.errors, 422)
    return see_other(f"/contractors/{contractor_id}")


@bp.post("/contractors/<uuid:contractor_id>/contacts")
async def add_contact(contractor_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        await contacts.add_contact(conn, actor, contractor_id, form)
    except Invalid as e:
        return await _show(conn, actor, contractor_id, None, {}, 422, form, e.errors)
    return see_other(f"/contractors/{contractor_id}#contacts")


@bp.post("/contractors/<uuid:contractor_id>/contacts/<uuid:contact_id>/delete")
async def remove_contact(contractor_id: UUID, contact_id: UUID) -> ResponseReturnValue:
    await contacts.remove_contact(await db.conn(), current_actor(), contractor_id, contact_id)
    return see_other(f"/contractors/{contractor_id}#contacts")


@bp.post("/contractors/<uuid:contractor_id>/certificate")
async def certificate(contractor_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        f = Fields(form)
        expires = f.date("insurance_expires_on")
        file = (await request.files).get("file")
        if file is None or not file.filename:
            f.error("file", _("Choisissez un fichier."))
        f.done()
        assert file is not None  # f.done() raised otherwise
        await svc.attach_certificate(conn, actor, document_store(), contractor_id,
                                     check_document(file.filename, file.read()), expires)
    except Invalid as e:
        return await _show(conn, actor, contractor_id, None, e.errors, 422)
    return see_other(f"/contractors/{contractor_id}")


@bp.get("/contractors/<uuid:contractor_id>/certificate")
async def certificate_file(contractor_id: UUID) -> ResponseReturnValue:
    return file_response(*await svc.certificate_file(await db.conn(), current_actor(), document_store(),
                                                     contractor_id))
