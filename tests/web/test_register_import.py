"""CSV import through the page (upload, preview, confirm, no JavaScript needed) and the API, with timing."""
from __future__ import annotations

import time
from io import BytesIO

from quart.datastructures import FileStorage

from tests.factories import api_user, browser_login, make_building

GOOD = "N° lot;Type;Quote-part;Nom;Prénom;E-mail;Part\n1;Appartement;600;Dupont;Jean;j@example.be;\n2;Cave;400;Martin;Léa;;\n"


def _file(text: str, encoding: str = "cp1252") -> dict:
    return {"file": FileStorage(BytesIO(text.encode(encoding)), filename="lots.csv", content_type="text/csv")}


async def test_upload_preview_confirm(client, conn):
    org, _, csrf = await browser_login(client, conn)
    b = await make_building(conn, org)
    page = await (await client.get(f"/buildings/{b.id}/import")).get_data(as_text=True)
    assert '<label for="f-file">Fichier CSV' in page
    resp = await client.post(f"/buildings/{b.id}/import", form={"csrf_token": csrf}, files=_file(GOOD))
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 200 and "2 lots" in html and "Confirmer l'import" in html, html[html.find("<main"):][:1500]
    assert await conn.fetchval("SELECT count(*) FROM units WHERE building_id = $1", b.id) == 0
    resp = await client.post(f"/buildings/{b.id}/import/confirm", form={"csrf_token": csrf, "content": GOOD})
    assert resp.status_code == 303
    assert await conn.fetchval("SELECT count(*) FROM units WHERE building_id = $1", b.id) == 2
    again = await client.post(f"/buildings/{b.id}/import/confirm", form={"csrf_token": csrf, "content": GOOD})
    assert again.status_code == 422 and "existe déjà" in await again.get_data(as_text=True)


async def test_bad_rows_are_listed_and_no_confirm_button(client, conn):
    org, _, csrf = await browser_login(client, conn)
    b = await make_building(conn, org)
    bad = GOOD + "3;Garage;zéro;;;;\n"
    resp = await client.post(f"/buildings/{b.id}/import", form={"csrf_token": csrf}, files=_file(bad, "utf-8"))
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422 and 'id="bad-rows"' in html and "Confirmer" not in html
    resp = await client.post(f"/buildings/{b.id}/import", form={"csrf_token": csrf}, files=_file("x;y\n1;2\n"))
    assert resp.status_code == 422 and "Colonnes obligatoires absentes" in await resp.get_data(as_text=True)


async def test_api_preview_then_confirm_and_1000_lots_under_two_seconds(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org, total_quota=1_000_000)
    rows = ["lot,type,quota,last_name,email"] + [f"{i},apartment,{i},Nom{i},n{i}@example.be" for i in range(1, 1001)]
    body = "\n".join(rows).encode()
    started = time.perf_counter()
    resp = await client.post(f"/api/v1/buildings/{b.id}/import", data=body,
                             headers={**headers, "Content-Type": "text/csv"})
    elapsed = time.perf_counter() - started
    print(f"\n1,000-lot CSV preview through the API: {elapsed * 1000:.0f} ms")
    preview = await resp.get_json()
    assert resp.status_code == 200 and preview["ok"] and preview["lots"] == 1000 and elapsed < 2.0
    resp = await client.post(f"/api/v1/buildings/{b.id}/import?confirm=true", data=body,
                             headers={**headers, "Content-Type": "text/csv"})
    assert resp.status_code == 201
    assert await conn.fetchval("SELECT count(*) FROM units WHERE building_id = $1", b.id) == 1000


async def test_api_bad_file_is_422_and_roles_and_tenants(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    resp = await client.post(f"/api/v1/buildings/{b.id}/import?confirm=true", data=b"lot;quota\n1;-5\n",
                             headers=headers)
    body = await resp.get_json()
    assert resp.status_code == 422 and body["bad_rows"][0]["line"] == 2
    assert (await client.post(f"/api/v1/buildings/{b.id}/import", data=b"", headers=headers)).status_code == 422
    assert (await client.post(f"/api/v1/buildings/{b.id}/import", data=b"\xff\xfe\x00", headers=headers)).status_code == 422
    _o, _u, reader = await api_user(conn, "accountant", org)
    assert (await client.post(f"/api/v1/buildings/{b.id}/import", data=b"lot;quota\n1;1\n", headers=reader)).status_code == 403
    _o2, _u2, stranger = await api_user(conn)
    assert (await client.post(f"/api/v1/buildings/{b.id}/import", data=b"lot;quota\n1;1\n", headers=stranger)).status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM units WHERE building_id = $1", b.id) == 0
