"""/api/v1 handover: ask for a building's (or the organisation's) export as a job, follow it, download the ZIP;
import an archive into an empty organisation."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import NotFound
from domain.handover import jobs
from domain.handover.restore import import_archive
from web import db
from web.auth import current_actor
from web.files import document_store, file_response
from web.jobs import kick_exports
from web.jsonapi import json_response, optional_body, raw_body
from web.openapi import op, path_id

bp = Blueprint("api_handover", __name__, url_prefix="/api/v1")


def job_json(job: jobs.Job) -> dict[str, Any]:
    """A job's state; its download link once done."""
    body = {k: getattr(job, k) for k in ("id", "kind", "building_id", "status", "step", "progress", "total",
                                         "result_size", "result_sha256", "error", "created_at", "started_at",
                                         "finished_at", "expires_at")}
    body["percent"] = 100 if job.status == "done" else (100 * job.progress // job.total if job.total else 0)
    body["download_url"] = f"/api/v1/jobs/{job.id}/download" if job.status == "done" else None
    return body


async def _request(building_id: UUID | None) -> ResponseReturnValue:
    await optional_body()
    job = await jobs.request_export(await db.conn(), current_actor(), building_id)
    kick_exports()
    return json_response(job_json(job), 202, {"Location": f"/api/v1/jobs/{job.id}"})


@bp.post("/buildings/<uuid:building_id>/export")
async def export_building(building_id: UUID) -> ResponseReturnValue:
    return await _request(building_id)


@bp.post("/organizations/<uuid:org_id>/export")
async def export_organization(org_id: UUID) -> ResponseReturnValue:
    if current_actor().org_id != org_id:
        raise NotFound("organization", org_id)
    return await _request(None)


@bp.get("/jobs/<uuid:job_id>")
async def job(job_id: UUID) -> ResponseReturnValue:
    return json_response(job_json(await jobs.get_job(await db.conn(), current_actor(), job_id)))


@bp.get("/jobs/<uuid:job_id>/download")
async def download(job_id: UUID) -> ResponseReturnValue:
    name, data = await jobs.export_file(await db.conn(), current_actor(), document_store(), job_id)
    return file_response(name, "application/zip", data)


@bp.post("/organizations/<uuid:org_id>/import")
async def import_(org_id: UUID) -> ResponseReturnValue:
    files = await request.files
    data = files["file"].read() if "file" in files else await raw_body()
    report = await import_archive(await db.conn(), current_actor(), document_store(), org_id, data)
    return json_response({"counts": report.counts, "files": report.files, "members_to_invite": report.members}, 201)


_ONE = [path_id()]
SPEC = {"paths": {
    "/api/v1/buildings/{id}/export": {"post": op("Ask for the building's handover ZIP (syndic): 202 with the job",
                                                 None, params=_ONE, status="202", tag="handover")},
    "/api/v1/organizations/{id}/export": {"post": op("The whole organisation's handover ZIP as a job", None,
                                                     params=_ONE, status="202", tag="handover")},
    "/api/v1/jobs/{id}": {"get": op("A job's progress, then its download_url (kept 7 days)", None, params=_ONE,
                                    tag="handover")},
    "/api/v1/jobs/{id}/download": {"get": op("The export's ZIP (409 while it runs)", None, params=_ONE,
                                             tag="handover")},
    "/api/v1/organizations/{id}/import": {"post": op("Import a handover ZIP (raw body or multipart `file`) into this "
                                                     "empty organisation (409 otherwise)", None, params=_ONE,
                                                     status="201", tag="handover")},
}, "schemas": {}}
