"""The document library through /api/v1: every role × every visibility value, tenants and buildings apart (404),
hostile uploads refused clearly, safe downloads, versions kept, deletion audited, the invoice behind a charge."""
from __future__ import annotations

import hashlib
import io
import zipfile
from typing import Any

import pytest

from domain.charges import expense_lifecycle as life
from domain.charges import expenses
from domain.storage import LocalStorage
from queries.platform import audit
from tests.factories import (
    actor,
    api_user,
    bearer,
    give_right,
    make_building,
    make_org,
    make_owner,
    make_unit,
    make_user,
    sit_on_board,
    token,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
VISIBILITIES = ("syndic", "board", "owners", "owner")
# who sees what (the owner "addressee" holds a lot and the 'owner' document is addressed to them)
EXPECTED = {
    "syndic": {"syndic", "board", "owners", "owner"},
    "superadmin": {"syndic", "board", "owners", "owner"},
    "accountant": {"syndic", "board", "owners", "owner"},
    "board_member": {"board", "owners"},
    "addressee": {"owners", "owner"},
    "other_owner": {"owners"},
}


@pytest.fixture
def storage(app, tmp_path):
    app.config["STORAGE"] = LocalStorage(tmp_path)
    return tmp_path


async def _upload(client, headers, building_id, visibility="owners", data=PDF, filename="acte.pdf",  # type: ignore[no-untyped-def]
                  **fields: str):
    form = {"title": fields.pop("title", f"Document {visibility}"), "category": fields.pop("category", "bylaws"),
            "visibility": visibility, **fields}
    return await client.post(f"/api/v1/buildings/{building_id}/documents", headers=headers, form=form,
                             files={"file": _file(data, filename)})


def _file(data: bytes, filename: str) -> Any:
    from werkzeug.datastructures import FileStorage
    return FileStorage(io.BytesIO(data), filename=filename, content_type="application/octet-stream")


async def _world(conn) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    building = await make_building(conn, org)
    other = await make_building(conn, org)
    users = {role: await make_user(conn, org, role) for role in ("syndic", "accountant", "board_member")}
    users["superadmin"] = await make_user(conn, org, superadmin=True)
    await sit_on_board(conn, org, users["board_member"], building)
    owners = {}
    for label, bld in (("addressee", building), ("other_owner", building), ("elsewhere", other)):
        users[label] = await make_user(conn, org, "owner")
        owners[label] = await make_owner(conn, org, label.capitalize(), user=users[label])
        await give_right(conn, org, await make_unit(conn, org, bld), owners[label])
    headers = {}
    for label, user in users.items():
        role = {"addressee": "owner", "other_owner": "owner", "elsewhere": "owner"}.get(label, label)
        headers[label] = bearer(await token(conn, user, org, role))
    return {"org": org, "building": building, "other": other, "users": users, "owners": owners, "headers": headers}


async def test_every_role_sees_what_the_visibility_allows(client, conn, storage):
    w = await _world(conn)
    ids = {}
    for visibility in VISIBILITIES:
        extra = {"owner_id": str(w["owners"]["addressee"]["id"])} if visibility == "owner" else {}
        resp = await _upload(client, w["headers"]["syndic"], w["building"].id, visibility, **extra)
        assert resp.status_code == 201, await resp.get_json()
        ids[visibility] = (await resp.get_json())["id"]
    for reader, expected in EXPECTED.items():
        h = w["headers"][reader]
        listed = await client.get(f"/api/v1/buildings/{w['building'].id}/documents", headers=h)
        assert listed.status_code == 200, reader
        seen = {d["visibility"] for d in (await listed.get_json())["data"]}
        assert seen == expected, reader
        for visibility, doc_id in ids.items():
            meta = await client.get(f"/api/v1/documents/{doc_id}", headers=h)
            got = await client.get(f"/api/v1/documents/{doc_id}/download", headers=h)
            want = 200 if visibility in expected else 404
            assert (reader, visibility, meta.status_code, got.status_code) == (reader, visibility, want, want)
    # an owner of another building sees none of it, not even that it exists
    h = w["headers"]["elsewhere"]
    assert (await client.get(f"/api/v1/buildings/{w['building'].id}/documents", headers=h)).status_code == 404
    for doc_id in ids.values():
        assert (await client.get(f"/api/v1/documents/{doc_id}", headers=h)).status_code == 404
        assert (await client.get(f"/api/v1/documents/{doc_id}/download", headers=h)).status_code == 404


async def test_a_board_member_and_an_accountant_out_of_scope_get_404(client, conn, storage):
    w = await _world(conn)
    resp = await _upload(client, w["headers"]["syndic"], w["other"].id, "board")
    doc_id = (await resp.get_json())["id"]
    assert (await client.get(f"/api/v1/documents/{doc_id}", headers=w["headers"]["board_member"])).status_code == 404


async def test_another_organisation_gets_404_everywhere(client, conn, storage):
    w = await _world(conn)
    doc_id = (await (await _upload(client, w["headers"]["syndic"], w["building"].id)).get_json())["id"]
    _org, _user, stranger = await api_user(conn)
    assert (await client.get(f"/api/v1/documents/{doc_id}", headers=stranger)).status_code == 404
    assert (await client.get(f"/api/v1/documents/{doc_id}/download", headers=stranger)).status_code == 404
    assert (await client.delete(f"/api/v1/documents/{doc_id}", headers=stranger)).status_code == 404
    resp = await _upload(client, stranger, w["building"].id)
    assert resp.status_code == 404


async def test_only_the_syndic_files_replaces_and_deletes(client, conn, storage):
    w = await _world(conn)
    doc_id = (await (await _upload(client, w["headers"]["syndic"], w["building"].id)).get_json())["id"]
    for reader in ("accountant", "board_member", "addressee"):
        h = w["headers"][reader]
        assert (await _upload(client, h, w["building"].id)).status_code == 403
        assert (await client.delete(f"/api/v1/documents/{doc_id}", headers=h)).status_code == 403


async def test_a_download_is_an_attachment_of_the_right_type_never_sniffed(client, conn, storage):
    w = await _world(conn)
    resp = await _upload(client, w["headers"]["syndic"], w["building"].id, filename="Règlement d'ordre.pdf")
    body = await resp.get_json()
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest() and "storage_key" not in body
    got = await client.get(body["download_url"], headers=w["headers"]["addressee"])
    assert got.headers["Content-Type"] == "application/pdf"
    assert got.headers["Content-Disposition"].startswith('attachment; filename="Reglement dordre.pdf"')
    assert got.headers["X-Content-Type-Options"] == "nosniff"
    assert await got.get_data() == PDF


@pytest.mark.parametrize(("data", "filename", "says"), [
    (b"#!/bin/sh\necho pwned\n", "facture.pdf", "reconnus"),
    (b"<html><script>alert(1)</script>", "plan.pdf", "reconnus"),
    (PDF, "../../etc/passwd.pdf", "chemin"),
    (b"", "vide.pdf", "vide"),
    (PDF + b"\x00" * (10 * 1024 * 1024), "gros.pdf", "taille"),
])
async def test_hostile_uploads_are_refused_clearly_and_nothing_is_written(client, conn, storage, data, filename, says):
    w = await _world(conn)
    resp = await _upload(client, w["headers"]["syndic"], w["building"].id, data=data, filename=filename)
    assert resp.status_code in (413, 422)
    if resp.status_code == 422:
        assert says in (await resp.get_json())["errors"]["file"]
    assert await conn.fetchval("SELECT count(*) FROM documents WHERE organization_id = $1", w["org"].id) == 0
    assert not any(p.is_file() for p in storage.rglob("*"))


async def test_a_zip_bomb_named_docx_is_refused(client, conn, storage):
    w = await _world(conn)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (120 * 1024 * 1024))
    resp = await _upload(client, w["headers"]["syndic"], w["building"].id, data=buf.getvalue(), filename="bail.docx")
    assert resp.status_code == 422 and "bombe" in (await resp.get_json())["errors"]["file"]


async def test_bad_metadata_is_named_field_by_field(client, conn, storage):
    w = await _world(conn)
    resp = await client.post(f"/api/v1/buildings/{w['building'].id}/documents", headers=w["headers"]["syndic"],
                             form={"category": "nope", "visibility": "owner", "document_date": "31/02"},
                             files={"file": _file(PDF, "a.pdf")})
    errors = (await resp.get_json())["errors"]
    assert resp.status_code == 422 and {"title", "category", "owner_id", "document_date"} <= set(errors)


async def test_a_new_version_keeps_the_old_one_and_delete_is_audited(client, conn, storage):
    w = await _world(conn)
    h = w["headers"]["syndic"]
    doc_id = (await (await _upload(client, h, w["building"].id)).get_json())["id"]
    second = PDF + b"% v2\n"
    resp = await client.put(f"/api/v1/documents/{doc_id}?filename=acte-v2.pdf", headers=h, data=second)
    assert resp.status_code == 200 and (await resp.get_json())["current_version"] == 2
    meta = await (await client.get(f"/api/v1/documents/{doc_id}", headers=h)).get_json()
    assert [v["version"] for v in meta["versions"]] == [2, 1]
    old = await client.get(f"/api/v1/documents/{doc_id}/download?version=1", headers=h)
    assert await old.get_data() == PDF
    owner_view = await (await client.get(f"/api/v1/documents/{doc_id}", headers=w["headers"]["addressee"])).get_json()
    assert [v["version"] for v in owner_view["versions"]] == [2]
    assert (await client.delete(f"/api/v1/documents/{doc_id}", headers=h)).status_code == 204
    assert (await client.get(f"/api/v1/documents/{doc_id}", headers=h)).status_code == 404
    entries = await audit.list_for_entity(conn, w["org"].id, "document", doc_id)
    assert [e.action for e in entries] == ["create", "new_version", "delete"]
    assert entries[-1].before["versions"] == [hashlib.sha256(second).hexdigest(), hashlib.sha256(PDF).hexdigest()]
    assert not any(p.is_file() for p in storage.rglob("*"))


async def test_search_by_title_category_and_date(client, conn, storage):
    w = await _world(conn)
    h = w["headers"]["syndic"]
    await _upload(client, h, w["building"].id, title="Police incendie 2026", category="insurance",
                  document_date="2026-01-15")
    await _upload(client, h, w["building"].id, title="Acte de base", category="bylaws", document_date="1990-05-01")
    base = f"/api/v1/buildings/{w['building'].id}/documents"

    async def titles(q: str) -> list[str]:
        return [d["title"] for d in (await (await client.get(base + q, headers=h)).get_json())["data"]]
    assert await titles("?q=police") == ["Police incendie 2026"]
    assert await titles("?category=bylaws") == ["Acte de base"]
    assert await titles("?from=2000-01-01") == ["Police incendie 2026"]
    assert (await client.get(base + "?from=hier", headers=h)).status_code == 422


async def test_an_owner_opens_the_invoice_behind_their_charge_and_no_other(client, conn, storage):
    w = await _world(conn)
    syndic = actor(w["users"]["syndic"], w["org"], "syndic")
    expense = await expenses.create_expense(conn, syndic, {"building_id": str(w["building"].id),
                                                           "category": "Maintenance", "description": "Porte",
                                                           "amount": 100, "expense_date": "2026-03-01"})
    storage_ = LocalStorage(storage)
    from domain.storage import check_upload
    await expenses.attach_invoice(conn, syndic, storage_, expense.id, check_upload("f.pdf", PDF))
    await life.approve_expense(conn, syndic, expense.id)
    lines = await conn.fetch("SELECT id, owner_id FROM charge_lines WHERE expense_id = $1", expense.id)
    mine = next(r["id"] for r in lines if r["owner_id"] == w["owners"]["addressee"]["id"])
    theirs = next(r["id"] for r in lines if r["owner_id"] == w["owners"]["other_owner"]["id"])
    got = await client.get(f"/api/v1/charge-lines/{mine}/invoice", headers=w["headers"]["addressee"])
    assert got.status_code == 200 and await got.get_data() == PDF
    assert got.headers["Content-Disposition"].startswith("attachment")
    assert (await client.get(f"/api/v1/charge-lines/{theirs}/invoice",
                             headers=w["headers"]["addressee"])).status_code == 404
    assert (await client.get(f"/api/v1/expenses/{expense.id}/invoice",
                             headers=w["headers"]["addressee"])).status_code == 403
