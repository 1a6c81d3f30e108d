"""The hot writes (an owner, a lot, an expense, a payment) insert their row and its audit entry in one statement
(queries/audit.py `creating`): each creation is logged with who, in which role, and the row as stored; a write
that is refused leaves neither the row nor an entry; nothing crosses tenants."""
from __future__ import annotations

import uuid

from queries.platform import audit
from tests.factories import api_user, give_right, make_building, make_owner, make_unit


async def _entries(conn, org, entity: str, entity_id):  # type: ignore[no-untyped-def]
    return await audit.list_for_entity(conn, org.id, entity, uuid.UUID(str(entity_id)))


async def _log_size(conn, org) -> int:  # type: ignore[no-untyped-def]
    return await conn.fetchval("SELECT count(*) FROM audit_log WHERE organization_id = $1", org.id)


async def test_an_owner_created_is_logged_with_actor_role_and_row(client, conn):
    org, user, headers = await api_user(conn)
    resp = await client.post("/api/v1/owners", headers=headers,
                             json={"first_name": "Lise", "last_name": "Dumont", "email": "lise@example.be"})
    assert resp.status_code == 201
    body = await resp.get_json()
    [entry] = await _entries(conn, org, "owner", body["id"])
    assert (entry.action, entry.user_id, entry.role, entry.before) == ("create", user.id, "syndic", None)
    # ids only for personal data (GDPR erasure): which personal fields were given, never their values
    assert (entry.after["id"], entry.after["kind"], entry.after["personal"]) == (
        body["id"], "person", ["email", "first_name", "last_name"])
    assert "Dumont" not in str(entry.after) and "lise@example.be" not in str(entry.after)


async def test_a_lot_created_is_logged_and_a_refused_one_leaves_nothing(client, conn):
    org, user, headers = await api_user(conn, role="accountant")
    org, user, headers = await api_user(conn, org=org)
    building = await make_building(conn, org, total_quota=1000)
    lot = {"building_id": str(building.id), "unit_number": "A1", "unit_type": "apartment", "quota": 400}
    resp = await client.post("/api/v1/units", headers=headers, json=lot)
    assert resp.status_code == 201
    body = await resp.get_json()
    [entry] = await _entries(conn, org, "unit", body["id"])
    assert (entry.action, entry.user_id, entry.role) == ("create", user.id, "syndic")
    assert (entry.after["number"], entry.after["quota"]) == ("A1", 400)
    before = await _log_size(conn, org)
    same_number = await client.post("/api/v1/units", headers=headers, json={**lot, "quota": 10})
    assert same_number.status_code == 422 and "unit_number" in (await same_number.get_json())["errors"]
    assert await _log_size(conn, org) == before


async def test_an_expense_created_is_logged_and_returned_with_its_names(client, conn):
    org, user, headers = await api_user(conn)
    building = await make_building(conn, org, name="Résidence Audit")
    resp = await client.post("/api/v1/expenses", headers=headers, json={
        "building_id": str(building.id), "category": "maintenance", "description": "Entretien ascenseur",
        "amount_excl_vat": "100.00", "vat_rate": "21", "invoice_date": "2026-03-01"})
    assert resp.status_code == 201
    body = await resp.get_json()
    assert (body["building_name"], body["status"], body["total"]) == ("Résidence Audit", "draft", "121.00")
    [entry] = await _entries(conn, org, "expense", body["id"])
    assert (entry.action, entry.user_id, entry.role) == ("create", user.id, "syndic")
    assert (entry.after["description"], entry.after["total"], entry.after["vat_rate"]) == (
        "Entretien ascenseur", "121.00", "21.00")


async def test_a_payment_is_logged_and_one_from_a_stranger_to_the_building_writes_nothing(client, conn):
    org, user, headers = await api_user(conn)
    building = await make_building(conn, org)
    owner = await make_owner(conn, org, "Payeur")
    await give_right(conn, org, await make_unit(conn, org, building), owner)
    stranger = await make_owner(conn, org, "Ailleurs")
    pay = {"owner_id": str(owner["id"]), "amount": "150.00", "paid_on": "2026-04-02", "reference": "Virement"}
    resp = await client.post(f"/api/v1/buildings/{building.id}/payments", headers=headers, json=pay)
    assert resp.status_code == 201
    body = await resp.get_json()
    assert (body["owner_name"], body["amount"]) == ("Alex Payeur", "150.00")
    [entry] = await _entries(conn, org, "owner_payment", body["id"])
    assert (entry.action, entry.user_id, entry.role) == ("create", user.id, "syndic")
    assert entry.after["amount"] == "150.00" and entry.after["owner_id"] == str(owner["id"])

    before = await _log_size(conn, org)
    refused = await client.post(f"/api/v1/buildings/{building.id}/payments", headers=headers,
                                json={**pay, "owner_id": str(stranger["id"])})
    assert refused.status_code == 422 and "owner_id" in (await refused.get_json())["errors"]
    assert await _log_size(conn, org) == before
    assert await conn.fetchval("SELECT count(*) FROM owner_payments WHERE organization_id = $1", org.id) == 1


async def test_a_payment_into_another_tenants_building_is_not_found_and_writes_nothing(client, conn):
    other_org, _, _ = await api_user(conn)
    theirs = await make_building(conn, other_org)
    their_owner = await make_owner(conn, other_org, "Voisin")
    await give_right(conn, other_org, await make_unit(conn, other_org, theirs), their_owner)
    _org, _user, headers = await api_user(conn)
    resp = await client.post(f"/api/v1/buildings/{theirs.id}/payments", headers=headers, json={
        "owner_id": str(their_owner["id"]), "amount": "10.00", "paid_on": "2026-04-02"})
    assert resp.status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM owner_payments WHERE building_id = $1", theirs.id) == 0
    bad = await client.post(f"/api/v1/buildings/{theirs.id}/payments", headers=headers, json={"amount": "x"})
    assert bad.status_code == 404
