"""/api/v1/expenses against real PostgreSQL: both input shapes, life cycle, files, roles, tenants, bad input."""
from __future__ import annotations

import pytest

from domain.storage import LocalStorage
from tests.factories import (
    api_user,
    give_right,
    make_building,
    make_owner,
    make_unit,
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
    assert (body["category"], body["category_code"], body["account"]) == ("Maintenance", "maintenance", "6100")
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
        "21.00", "121.00", "6103", "Maintenance")
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
    huge = await client.post(f"/api/v1/expenses/{created['id']}/corrections", headers=headers,
                             json={"amount_excl_vat": "-10000000000000.00"})  # beyond NUMERIC(14,2): a 422, not a 500
    assert huge.status_code == 422 and "amount_excl_vat" in str(await huge.get_json())


async def test_the_openapi_document_lists_the_charges_routes(client):
    spec = await (await client.get("/api/v1/openapi.json")).get_json()
    for path in ("/api/v1/expenses", "/api/v1/expenses/{id}/mark-paid", "/api/v1/owners/{id}/statement",
                 "/api/v1/buildings/{id}/sharing-keys", "/api/v1/charge-lines/{id}/explanation"):
        assert path in spec["paths"], path
    assert "Expense" in spec["components"]["schemas"]
