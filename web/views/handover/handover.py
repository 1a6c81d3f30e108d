"""The handover pages: ask for a building's export, follow its progress (htmx polling, or a refreshing page
without JavaScript), download the ZIP; import an archive into the (empty) organisation."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import Conflict, Invalid
from domain.handover import jobs
from domain.handover.restore import import_archive
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.files import document_store, file_response
from web.htmx import page, see_other
from web.jobs import kick_exports

bp = Blueprint("handover", __name__)


@bp.get("/buildings/<uuid:building_id>/export")
async def export_page(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    building = await get_building(conn, actor, building_id)
    return await page("handover/export.html", None, building=building,
                      recent=await jobs.recent_exports(conn, actor, building_id))


@bp.post("/buildings/<uuid:building_id>/export")
async def export(building_id: UUID) -> ResponseReturnValue:
    job = await jobs.request_export(await db.conn(), current_actor(), building_id)
    kick_exports()
    return see_other(f"/jobs/{job.id}")


@bp.get("/jobs/<uuid:job_id>")
async def job_page(job_id: UUID) -> ResponseReturnValue:
    job = await jobs.get_job(await db.conn(), current_actor(), job_id)
    return await page("handover/job.html", "progress", job=job)


@bp.get("/jobs/<uuid:job_id>/download")
async def download(job_id: UUID) -> ResponseReturnValue:
    name, data = await jobs.export_file(await db.conn(), current_actor(), document_store(), job_id)
    return file_response(name, "application/zip", data)


@bp.get("/handover/import")
async def import_page() -> ResponseReturnValue:
    return await page("handover/import.html", None, errors={}, report=None)


@bp.post("/handover/import")
async def import_post() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    file = (await request.files).get("file")
    try:
        data = file.read() if file is not None else b""
        report = await import_archive(conn, actor, document_store(), actor.org_id, data)
    except Invalid as e:
        return await page("handover/import.html", None, 422, errors=e.errors, report=None)
    except Conflict as e:
        return await page("handover/import.html", None, 409, errors={"file": e.reason}, report=None)
    return await page("handover/import.html", None, 201, errors={}, report=report)

