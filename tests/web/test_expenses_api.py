"""/api/v1/expenses against real PostgreSQL: both input shapes, life cycle, files, roles, tenants, bad input."""
from __future__ import annotations

import pytest

from domain.storage import LocalStorage
from tests.factories import (
    api_user,
    bearer,
    give_right,
    make_building,
    make_owner,
    make_unit,
    make_user,
    token,
)

LEGACY = {"category": "Maintenance", "description": "Réparation porte", "amount": 121.0,
          "expense_date": "2026-02-10", "supplier": "Portes SA", "invoice_number": "F-001"}
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def storage(app, tmp_path):
    """Invoice files in a temporary folder."""
    app.config["STORAGE"] = LocalStorage(tmp_path)
    return tmp_path


async def setup(conn, role="syndic", org=None, jurisdiction="BE"):
    """An organisation, a user acting in `role`, a building with two lots (600 / 400), one owner each."""
    org, _user, headers = await api_user(conn, role, org)
    building = await make_building(conn, org, jurisdiction=jurisdiction)
    owners = []
    for number, quota in (("1", 600), ("2", 400)):
        unit = await make_unit(conn, org, building, number, quota=quota)
        owner = await make_owner(conn, org)
        await give_right(conn, org, unit, owner)
        owners.append(owner)
    return org, headers, building, owners


async def test_an_earlier_client_shape_is_accepted_and_echoed(client, conn):
    _, headers, building, _ = await setup(conn)
    resp = await client.post("/api/v1/expenses", json={**LEGACY, "building_id": str(building.id)}, headers=headers)
    assert resp.status_code == 201
    body = await resp.get_json()
    assert (body["category"], body["category_code"], body["account"]) == ("Maintenance", "maintenance", "6110")
    assert (body["amount"], body["total"], body["amount_excl_vat"], body["vat_rate"]) == (
        "121.00", "121.00", "121.00", "0.00")
    assert (body["expense_date"], body["invoice_date"], body["status"]) == ("2026-02-10", "2026-02-10", "draft")
    assert body["sharing_key_id"] is None and body["supplier"] == "Portes SA"


async def test_our_shape_with_vat(client, conn):
    _, headers, building, _ = await setup(conn)
    resp = await client.post(f"/api/v1/buildings/{building.id}/expenses", headers=headers, json={
        "category": "lift", "description": "Entretien", "amount_excl_vat": "100.00", "vat_rate": "21",
        "invoice_date": "2026-03-01", "due_date": "2026-03-31"})
    body = await resp.get_json()
    assert resp.status_code == 201
    assert (body["vat_amount"], body["total"], body["account"], body["category"]) == (
        "21.00", "121.00", "6113", "Maintenance")
    legacy_with_vat = await client.post("/api/v1/expenses", headers=headers, json={
        **LEGACY, "building_id": str(building.id), "vat_rate": 21})
    assert (await legacy_with_vat.get_json())["amount_excl_vat"] == "100.00"


async def test_life_cycle_approve_allocates_then_paid(client, conn):
    _, headers, building, _owners = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers, json={
        **LEGACY, "building_id": str(building.id), "amount": 100.01})).get_json()
    approved = await client.put(f"/api/v1/expenses/{created['id']}/approve", headers=headers)
    assert approved.status_code == 200 and (await approved.get_json())["status"] == "approved"
    shown = await (await client.get(f"/api/v1/expenses/{created['id']}", headers=headers)).get_json()
    assert [lot["amount"] for lot in shown["allocation"]["lots"]] == ["60.01", "40.00"]
    assert sum(float(o["amount"]) for o in shown["allocation"]["owners"]) == pytest.approx(100.01)
    edit = await client.put(f"/api/v1/expenses/{created['id']}", json={"description": "x"}, headers=headers)
    assert edit.status_code == 409
    paid = await client.put(f"/api/v1/expenses/{created['id']}/mark-paid", headers=headers,
                            json={"paid_on": "2026-03-01", "payment_reference": "VIR-1"})
    assert (await paid.get_json())["status"] == "paid"
    again = await client.put(f"/api/v1/expenses/{created['id']}/approve", headers=headers)
    assert again.status_code == 409


async def test_draft_edit_keeps_unsent_fields(client, conn):
    _, headers, building, _ = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    resp = await client.put(f"/api/v1/expenses/{created['id']}", headers=headers,
                            json={"description": "Porte de garage", "category": "Maintenance"})
    body = await resp.get_json()
    assert resp.status_code == 200
    assert (body["description"], body["supplier"], body["total"]) == ("Porte de garage", "Portes SA", "121.00")


async def test_cancel_draft_and_approved_with_reversal(client, conn):
    _, headers, building, _owners = await setup(conn)
    ids = []
    for _ in range(2):
        ids.append((await (await client.post("/api/v1/expenses", headers=headers,
                                             json={**LEGACY, "building_id": str(building.id)})).get_json())["id"])
    no_reason = await client.put(f"/api/v1/expenses/{ids[0]}/cancel", headers=headers)
    assert no_reason.status_code == 422
    ok = await client.put(f"/api/v1/expenses/{ids[0]}/cancel", headers=headers, json={"reason": "Doublon"})
    assert (await ok.get_json())["cancel_reason"] == "Doublon"
    await client.put(f"/api/v1/expenses/{ids[1]}/approve", headers=headers)
    await client.put(f"/api/v1/expenses/{ids[1]}/cancel", headers=headers, json={"reason": "Erreur"})
    net = await conn.fetchval("SELECT sum(amount) FROM charge_lines c JOIN expenses e ON e.id = c.expense_id "
                              "WHERE e.building_id = $1", building.id)
    assert net == 0
    listed = await (await client.get(f"/api/v1/buildings/{building.id}/expenses?status=approved",
                                     headers=headers)).get_json()
    assert [e["total"] for e in listed["data"]] == ["-121.00"]


async def test_correcting_entry(client, conn):
    _, headers, building, _ = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    early = await client.post(f"/api/v1/expenses/{created['id']}/corrections", headers=headers, json={"amount": -21})
    assert early.status_code == 409
    await client.put(f"/api/v1/expenses/{created['id']}/approve", headers=headers)
    resp = await client.post(f"/api/v1/expenses/{created['id']}/corrections", headers=headers,
                             json={"amount": -21.0})
    body = await resp.get_json()
    assert resp.status_code == 201
    assert (body["total"], body["corrects_id"], body["status"]) == ("-21.00", created["id"], "draft")


async def test_filters_and_pagination(client, conn):
    org, headers, building, _ = await setup(conn)
    other = await make_building(conn, org)
    for month, cat in ((1, "Insurance"), (2, "Cleaning"), (2, "Utilities"), (3, "Cleaning")):
        await client.post("/api/v1/expenses", headers=headers, json={
            **LEGACY, "building_id": str(building.id), "category": cat, "expense_date": f"2026-0{month}-15"})
    await client.post("/api/v1/expenses", headers=headers, json={**LEGACY, "building_id": str(other.id)})

    async def count(query):
        return (await (await client.get(f"/api/v1/expenses?{query}", headers=headers)).get_json())["pagination"][
            "total_items"]
    assert await count(f"building={building.id}") == 4
    assert await count("category=Cleaning") == 2 and await count("category=energy") == 1
    assert await count(f"period=2026-02&building={building.id}") == 2 and await count("period=2026") == 5
    assert await count("status=approved") == 0
    page = await (await client.get("/api/v1/expenses?per_page=2&page=2", headers=headers)).get_json()
    assert len(page["data"]) == 2 and page["pagination"]["total_pages"] == 3


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
    board = bearer(await token(conn, await make_user(conn, org, "board_member"), org, "board_member"))
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


async def test_a_correction_may_change_the_category_and_is_allocated(client, conn):
    _, headers, building, _ = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    await client.put(f"/api/v1/expenses/{created['id']}/approve", headers=headers)
    resp = await client.post(f"/api/v1/expenses/{created['id']}/corrections", headers=headers,
                             json={"amount_excl_vat": "-10.00", "category": "Repairs"})
    body = await resp.get_json()
    assert (body["category_code"], body["total"], body["description"]) == (
        "repairs", "-10.00", "Correction : Réparation porte")
    approved = await client.put(f"/api/v1/expenses/{body['id']}/approve", headers=headers)
    assert approved.status_code == 200
    net = await conn.fetchval("SELECT sum(amount) FROM charge_lines c JOIN expenses e ON e.id = c.expense_id "
                              "WHERE e.building_id = $1", building.id)
    assert str(net) == "111.00"
    empty = await client.post(f"/api/v1/expenses/{created['id']}/corrections", headers=headers, json={})
    assert empty.status_code == 422


async def test_the_openapi_document_lists_the_charges_routes(client):
    spec = await (await client.get("/api/v1/openapi.json")).get_json()
    for path in ("/api/v1/expenses", "/api/v1/expenses/{id}/mark-paid", "/api/v1/owners/{id}/statement",
                 "/api/v1/buildings/{id}/sharing-keys", "/api/v1/charge-lines/{id}/explanation"):
        assert path in spec["paths"], path
    assert "Expense" in spec["components"]["schemas"]
