"""The handover through the API and the pages: the job (202, progress, then the ZIP), the import (201), roles
and tenants, bad archives named."""
from __future__ import annotations

import io
import zipfile

from domain.handover.jobs import run_next_export
from tests.factories import api_user, browser_login, give_right, make_building, make_owner, make_unit
from tests.web.test_documents_api import _upload


async def _building(conn, org):  # type: ignore[no-untyped-def]
    building = await make_building(conn, org, name="Résidence du Parc")
    await give_right(conn, org, await make_unit(conn, org, building, "1", quota=1000), await make_owner(conn, org, "Parc"))
    return building


async def test_export_as_a_job_then_import_into_an_empty_organisation(client, conn, app):
    org, _user, headers = await api_user(conn)
    building = await _building(conn, org)
    assert (await _upload(client, headers, building.id)).status_code == 201
    resp = await client.post(f"/api/v1/buildings/{building.id}/export", headers=headers)
    job = await resp.get_json()
    assert resp.status_code == 202 and job["status"] == "pending" and job["download_url"] is None
    running = await client.get(f"/api/v1/jobs/{job['id']}/download", headers=headers)
    assert running.status_code == 409
    async with app.app_context():
        from web.files import document_store
        assert await run_next_export(conn, conn, document_store()) is not None
    done = await (await client.get(f"/api/v1/jobs/{job['id']}", headers=headers)).get_json()
    assert (done["status"], done["percent"]) == ("done", 100)
    got = await client.get(done["download_url"], headers=headers)
    data = await got.get_data()
    assert got.headers["Content-Type"] == "application/zip" and got.headers["Content-Disposition"].startswith("attachment")
    assert "data/buildings.csv" in zipfile.ZipFile(io.BytesIO(data)).namelist()

    new_org, _u, new_headers = await api_user(conn)
    resp = await client.post(f"/api/v1/organizations/{new_org.id}/import", headers=new_headers, data=data)
    body = await resp.get_json()
    assert resp.status_code == 201, body
    assert body["counts"]["buildings"] == 1 and body["counts"]["documents"] == 1 and body["files"] == 1
    listed = await (await client.get("/api/v1/buildings", headers=new_headers)).get_json()
    assert [b["name"] for b in listed["data"]] == ["Résidence du Parc"]


async def test_roles_tenants_and_bad_archives(client, conn):
    org, _user, headers = await api_user(conn)
    building = await _building(conn, org)
    _o, _u, owner = await api_user(conn, "owner", org)
    _o, _u, accountant = await api_user(conn, "accountant", org)
    for who in (owner, accountant):
        assert (await client.post(f"/api/v1/buildings/{building.id}/export", headers=who)).status_code == 403
    other, _u, stranger = await api_user(conn)
    assert (await client.post(f"/api/v1/buildings/{building.id}/export", headers=stranger)).status_code == 404
    job = await (await client.post(f"/api/v1/buildings/{building.id}/export", headers=headers)).get_json()
    assert (await client.get(f"/api/v1/jobs/{job['id']}", headers=stranger)).status_code == 404
    assert (await client.post(f"/api/v1/organizations/{org.id}/import", headers=stranger, data=b"x")).status_code == 404
    bad = await client.post(f"/api/v1/organizations/{other.id}/import", headers=stranger, data=b"not a zip")
    assert bad.status_code == 422 and "manifest" in (await bad.get_json())["errors"]["file"]
    full = await client.post(f"/api/v1/organizations/{org.id}/import", headers=headers, data=b"")
    assert full.status_code == 422


async def test_an_archive_larger_than_the_usual_request_limit_is_read(conn):
    """Beyond the app's 12 MB, the import route reads its body (here: judged not a ZIP, not refused as 413)."""
    from tests.fixtures import OneConnectionPool
    from web.app import create_app
    from web.config import Config
    config = Config()
    config.run_workers = False
    app = create_app(config, pool=OneConnectionPool(conn))
    new_org, _u, headers = await api_user(conn)
    big = b"\x00" * (20 * 1024 * 1024)
    resp = await app.test_client().post(f"/api/v1/organizations/{new_org.id}/import", headers=headers, data=big)
    assert resp.status_code == 422
    other = await app.test_client().post("/api/v1/buildings", headers=headers, data=big)
    assert other.status_code == 413


async def test_the_pages_show_progress_and_work_without_javascript(client, conn, app):
    org, _user, csrf = await browser_login(client, conn)
    building = await _building(conn, org)
    page = await client.get(f"/buildings/{building.id}/export")
    assert page.status_code == 200 and "Préparer l'export" in await page.get_data(as_text=True)
    resp = await client.post(f"/buildings/{building.id}/export", form={"csrf_token": csrf})
    assert resp.status_code == 303
    job_url = resp.headers["Location"]
    waiting = await (await client.get(job_url)).get_data(as_text=True)
    assert "En attente" in waiting and 'http-equiv="refresh"' in waiting and 'hx-trigger="every 1s"' in waiting
    async with app.app_context():
        from web.files import document_store
        await run_next_export(conn, conn, document_store())
    done = await (await client.get(job_url, headers={"HX-Request": "true"})).get_data(as_text=True)
    assert "Télécharger l'archive ZIP" in done and "<html" not in done
    assert (await client.get(job_url + "/download")).status_code == 200
    imported = await client.get("/handover/import")
    assert imported.status_code == 200
