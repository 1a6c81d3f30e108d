"""The document library's pages: a building's documents (search, upload), a document (versions, new version,
delete), downloads; the building page's card, the portal's "Mes documents", the invoice behind a charge."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.charges import owner_ledger
from domain.documents import invoices
from domain.documents import library as svc
from domain.errors import Invalid
from domain.i18n import _
from domain.pagination import PageRequest
from domain.parse import FormInput
from domain.register.buildings import get_building
from domain.storage import check_document
from web import db
from web.auth import current_actor
from web.documents import filing, pdf
from web.files import document_store, file_response
from web.htmx import page, see_other
from web.i18n import tr

bp = Blueprint("documents", __name__)


def _options() -> dict[str, Any]:
    return {"category_options": [(code, tr(label)) for code, label in svc.CATEGORIES.items()],
            "visibility_options": [(code, tr(label)) for code, label in svc.VISIBILITY_LABELS.items()],
            "categories": svc.CATEGORIES, "visibilities": svc.VISIBILITY_LABELS}


async def _context(conn: Any, actor: Any, building_id: UUID) -> dict[str, Any]:
    building = await get_building(conn, actor, building_id)
    flt = svc.DocumentFilter.parse(request.args)
    found = await svc.list_documents(conn, actor, building.id, flt, PageRequest.lenient(request.args))
    owners: list[tuple[str, str]] = []
    if allowed(actor, "document.manage"):
        owners = [(str(i), name) for i, name in await svc.addressees(conn, actor, building.id)]
    return {"building": building, "page": found, "flt": flt, "args": dict(request.args),
            "owner_options": [("", "—"), *owners], **_options()}


@bp.get("/buildings/<uuid:building_id>/documents")
async def index(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    ctx = await _context(conn, actor, building_id)
    return await page("documents/list.html", "results", form={"visibility": "owners"}, errors={}, **ctx)


async def _file(field: str = "file") -> Any:
    files = await request.files
    file = files.get(field)
    if file is None or not file.filename:
        raise Invalid({field: _("Choisissez un fichier.")})
    return check_document(file.filename, file.read(), field)


@bp.post("/buildings/<uuid:building_id>/documents")
async def upload(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        errors: dict[str, Any] = {}
        try:
            svc.DocumentInput.parse(form)
        except Invalid as e:
            errors.update(e.errors)
        try:
            file = await _file()
        except Invalid as e:
            errors.update(e.errors)
        if errors:
            raise Invalid(errors)
        doc = await svc.upload_document(conn, actor, document_store(), building_id, form, file)
    except Invalid as e:
        ctx = await _context(conn, actor, building_id)
        return await page("documents/list.html", "upload", 422, form=form, errors=e.errors, **ctx)
    return see_other(f"/documents/{doc.id}")


@bp.get("/documents/<uuid:document_id>")
async def show(document_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    doc = await svc.get_document(conn, actor, document_id)
    return await page("documents/show.html", None, doc=doc, versions=await svc.versions(conn, actor, document_id),
                      errors={}, **_options())


@bp.post("/documents/<uuid:document_id>/versions")
async def add_version(document_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    try:
        await svc.new_version(conn, actor, document_store(), document_id, await _file())
    except Invalid as e:
        doc = await svc.get_document(conn, actor, document_id)
        return await page("documents/show.html", None, 422, doc=doc, errors=e.errors,
                          versions=await svc.versions(conn, actor, document_id), **_options())
    return see_other(f"/documents/{document_id}")


@bp.post("/documents/<uuid:document_id>/delete")
async def delete(document_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    doc = await svc.get_document(conn, actor, document_id)
    await svc.delete_document(conn, actor, document_store(), document_id)
    return see_other(f"/buildings/{doc.building_id}/documents" if doc.building_id else "/documents")


@bp.get("/documents")
async def firm() -> ResponseReturnValue:
    docs = await svc.firm_documents(await db.conn(), current_actor())
    return await page("documents/firm.html", None, docs=docs, **_options())


@bp.get("/documents/<uuid:document_id>/download")
async def download(document_id: UUID) -> ResponseReturnValue:
    version = request.args.get("version", "")
    number = int(version) if version.isdigit() else None
    name, content_type, data = await svc.download(await db.conn(), current_actor(), document_store(), document_id,
                                                  number)
    return file_response(name, content_type, data)


@bp.post("/owners/<uuid:owner_id>/statement/file")
async def file_statement(owner_id: UUID) -> ResponseReturnValue:
    """The syndic files an owner's statement for the period shown (visible to that owner in their portal)."""
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    result = await owner_ledger.statement(conn, actor, owner_id, form)
    data = await pdf("charges/statement.html", statement=result, errors={}, owner_id=owner_id, form=dict(form),
                     pdf=True)
    doc = await filing.file_statement(conn, actor, result, data)
    return see_other(f"/documents/{doc.id}")


@bp.get("/charges/lines/<uuid:line_id>/invoice")
async def line_invoice(line_id: UUID) -> ResponseReturnValue:
    name, content_type, data = await invoices.invoice_of_line(await db.conn(), current_actor(), document_store(),
                                                              line_id)
    return file_response(name, content_type, data)


async def documents_section(conn: Any, actor: Any, building: Any) -> tuple[str, dict[str, Any]] | None:
    """The building page's card: the latest documents the reader sees."""
    if not allowed(actor, "document.read"):
        return None
    found = await svc.list_documents(conn, actor, building.id, svc.DocumentFilter(), PageRequest(1, 5))
    return "documents/_section.html", {"building": building, "page": found, **_options()}


async def my_documents(conn: Any, actor: Any) -> tuple[str, dict[str, Any]] | None:
    """The portal's "Mes documents": what the owner's buildings share with them."""
    if not allowed(actor, "portal.use"):
        return None
    return "documents/_portal.html", {"docs": await svc.my_documents(conn, actor), **_options()}

