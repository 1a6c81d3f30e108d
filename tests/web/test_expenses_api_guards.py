"""/api/v1/expenses guards: invoice files, bad input, jurisdictions' VAT rates, malformed bodies, roles, tenants."""
from __future__ import annotations

import pytest

from domain.storage import LocalStorage
from tests.factories import bearer, board_user, make_user, token
from tests.web.test_expenses_api import LEGACY, PDF, setup


@pytest.fixture
def storage(app, tmp_path):
    """Invoice files in a temporary folder."""
    app.config["STORAGE"] = LocalStorage(tmp_path)
    return tmp_path


async def test_invoice_file_upload_and_download(client, conn, storage):
    _, headers, building, _ = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    url = f"/api/v1/expenses/{created['id']}/invoice"
    resp = await client.put(url + "?filename=facture.pdf", data=PDF,
                            headers={**headers, "Content-Type": "application/pdf"})
    assert resp.status_code == 200 and (await resp.get_json())["invoice_file"]["content_type"] == "application/pdf"
    got = await client.get(url, headers=headers)
    assert got.status_code == 200 and await got.get_data() == PDF
    assert len(list(storage.rglob("*.pdf"))) == 1


@pytest.mark.parametrize("data", [b"plain text, not a PDF", b"", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                                  b"%PDF-" + b"0" * (10 * 1024 * 1024)])
async def test_bad_files_are_refused_and_nothing_stored(client, conn, storage, data):
    _, headers, building, _ = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    resp = await client.put(f"/api/v1/expenses/{created['id']}/invoice", data=data,
                            headers={**headers, "Content-Type": "application/pdf"})
    assert resp.status_code == 422 and "invoice_file" in (await resp.get_json())["errors"]
    assert not list(storage.rglob("*.*"))
    assert await conn.fetchval("SELECT file_key FROM expenses WHERE id = $1::uuid", created["id"]) is None


@pytest.mark.parametrize("change, field", [
    ({"amount": -5}, "amount"),
    ({"amount": 0}, "amount"),
    ({"amount": "douze"}, "amount"),
    ({"amount": 1.001}, "amount"),
    ({"vat_rate": 20}, "vat_rate"),
    ({"vat_rate": -6}, "vat_rate"),
    ({"sharing_key_id": "00000000-0000-0000-0000-000000000000"}, "sharing_key_id"),
    ({"sharing_key_id": "pas-un-id"}, "sharing_key_id"),
    ({"category": "Piscine"}, "category"),
    ({"description": ""}, "description"),
    ({"description": "x" * 501}, "description"),
    ({"expense_date": "2026-02-30"}, "expense_date"),
    ({"due_date": "2026-01-01"}, "due_date"),
    ({"building_id": "00000000-0000-0000-0000-000000000000"}, "building_id"),
    ({"colour": "bleu"}, "colour"),
])
async def test_bad_input_is_422_and_writes_nothing(client, conn, change, field):
    _, headers, building, _ = await setup(conn)
    resp = await client.post("/api/v1/expenses", headers=headers,
                             json={**LEGACY, "building_id": str(building.id), **change})
    assert resp.status_code == 422, await resp.get_data()
    assert field in (await resp.get_json())["errors"]
    assert await conn.fetchval("SELECT count(*) FROM expenses WHERE building_id = $1", building.id) == 0


async def test_french_building_takes_french_rates(client, conn):
    _, headers, building, _ = await setup(conn, jurisdiction="FR")
    ok = await client.post("/api/v1/expenses", headers=headers,
                           json={**LEGACY, "building_id": str(building.id), "vat_rate": "5.5"})
    assert ok.status_code == 201
    bad = await client.post("/api/v1/expenses", headers=headers,
                            json={**LEGACY, "building_id": str(building.id), "vat_rate": 21})
    assert bad.status_code == 422


async def test_malformed_json_and_bad_bodies_on_every_write(client, conn):
    _, headers, building, _ = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    urls = [("post", "/api/v1/expenses"), ("put", f"/api/v1/expenses/{created['id']}"),
            ("put", f"/api/v1/expenses/{created['id']}/mark-paid"), ("put", f"/api/v1/expenses/{created['id']}/cancel"),
            ("post", f"/api/v1/expenses/{created['id']}/corrections"),
            ("post", f"/api/v1/buildings/{building.id}/expenses")]
    for method, url in urls:
        resp = await getattr(client, method)(url, data=b"{oops", headers={**headers,
                                                                          "Content-Type": "application/json"})
        assert resp.status_code == 400, url
    unknown = await client.put(f"/api/v1/expenses/{created['id']}/cancel", json={"reason": "x", "why": 1},
                               headers=headers)
    assert unknown.status_code == 422
    assert await conn.fetchval("SELECT count(*) FROM expenses WHERE building_id = $1", building.id) == 1


async def test_roles(client, conn):
    org, headers, building, _ = await setup(conn)
    accountant = bearer(await token(conn, await make_user(conn, org, "accountant"), org, "accountant"))
    _board, board = await board_user(conn, org, building)
    owner = bearer(await token(conn, await make_user(conn, org, "owner"), org, "owner"))
    draft = await client.post("/api/v1/expenses", headers=accountant,
                              json={**LEGACY, "building_id": str(building.id)})
    assert draft.status_code == 201
    expense_id = (await draft.get_json())["id"]
    assert (await client.put(f"/api/v1/expenses/{expense_id}/approve", headers=accountant)).status_code == 403
    assert (await client.get(f"/api/v1/expenses/{expense_id}", headers=board)).status_code == 200
    assert (await client.post("/api/v1/expenses", headers=board,
                              json={**LEGACY, "building_id": str(building.id)})).status_code == 403
    assert (await client.get("/api/v1/expenses", headers=owner)).status_code == 403
    assert (await client.put(f"/api/v1/expenses/{expense_id}/approve", headers=headers)).status_code == 200
    paid = await client.put(f"/api/v1/expenses/{expense_id}/mark-paid", headers=accountant)
    assert paid.status_code == 200


async def test_another_organisations_expense_is_404_everywhere(client, conn, storage):
    _, headers, building, _ = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    _, stranger, _other_building, _ = await setup(conn)
    base = f"/api/v1/expenses/{created['id']}"
    for method, url in (("get", base), ("put", base), ("put", base + "/approve"), ("put", base + "/mark-paid"),
                        ("put", base + "/cancel"), ("get", base + "/invoice"), ("put", base + "/invoice"),
                        ("get", f"/api/v1/buildings/{building.id}/expenses")):
        resp = await getattr(client, method)(url, headers=stranger, json={"reason": "x"})
        assert resp.status_code in (404, 422) and resp.status_code != 200, url
    resp = await client.post("/api/v1/expenses", headers=stranger, json={**LEGACY, "building_id": str(building.id)})
    assert resp.status_code == 422 and "building_id" in (await resp.get_json())["errors"]
    mine = await (await client.get("/api/v1/expenses", headers=stranger)).get_json()
    assert mine["pagination"]["total_items"] == 0
    assert (await client.get(base, headers=headers)).status_code == 200
    assert (await conn.fetchval("SELECT status FROM expenses WHERE id = $1::uuid", created["id"])) == "draft"
