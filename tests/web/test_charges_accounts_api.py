"""Sharing keys, payments, statements and explanations over /api/v1: shapes, roles, tenants, bad input."""
from __future__ import annotations

import pytest

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


async def setup(conn):
    """A syndic, a building with lots 1 (600, owner linked to a user) and 2 (400), and that owner's headers."""
    org, _, headers = await api_user(conn)
    building = await make_building(conn, org)
    owner_user = await make_user(conn, org, "owner")
    units, owners = [], []
    for number, quota, user in (("1", 600, owner_user), ("2", 400, None)):
        unit = await make_unit(conn, org, building, number, quota=quota)
        owner = await make_owner(conn, org, user=user)
        await give_right(conn, org, unit, owner)
        units.append(unit)
        owners.append(owner)
    owner_headers = bearer(await token(conn, owner_user, org, "owner"))
    return org, headers, building, units, owners, owner_headers


async def approved_expense(client, headers, building, **over):
    """Create and approve an expense, return its JSON."""
    body = {"building_id": str(building.id), "category": "cleaning", "description": "Nettoyage",
            "amount_excl_vat": "200.00", "invoice_date": "2026-02-01", **over}
    created = await (await client.post("/api/v1/expenses", json=body, headers=headers)).get_json()
    return await (await client.put(f"/api/v1/expenses/{created['id']}/approve", headers=headers)).get_json()


async def test_keys_create_list_update(client, conn):
    _org, headers, building, units, _owners, _ = await setup(conn)
    url = f"/api/v1/buildings/{building.id}/sharing-keys"
    resp = await client.post(url, headers=headers, json={"name": "Ascenseur", "weights": {str(units[1]["id"]): 3}})
    key = await resp.get_json()
    assert resp.status_code == 201 and key["weights"] == {str(units[1]["id"]): "3.0000"}
    listed = await (await client.get(url, headers=headers)).get_json()
    assert [k["name"] for k in listed["data"]] == ["Clé générale (quotes-parts)", "Ascenseur"]
    resp = await client.put(f"/api/v1/sharing-keys/{key['id']}", headers=headers, json={
        "name": "Ascenseur B", "weights": [{"unit_id": str(units[0]["id"]), "weight": "1.5"}]})
    assert (await resp.get_json())["weights"] == {str(units[0]["id"]): "1.5000"}
    expense = await approved_expense(client, headers, building, sharing_key_id=key["id"])
    shown = await (await client.get(f"/api/v1/expenses/{expense['id']}", headers=headers)).get_json()
    assert [(lot["unit_number"], lot["amount"]) for lot in shown["allocation"]["lots"]] == [("1", "200.00")]


@pytest.mark.parametrize("body, field", [
    ({"weights": {}}, "name"),
    ({"name": "K", "weights": {}}, "weights"),
    ({"name": "K", "weights": "beaucoup"}, "weights"),
    ({"name": "K", "weights": {"00000000-0000-0000-0000-000000000000": 1}}, "weights.00000000-0000-0000-0000-000000000000"),
    ({"name": "K", "weights": {"UNIT": -1}}, "weights.UNIT"),
    ({"name": "K", "weights": {"UNIT": "lourd"}}, "weights.UNIT"),
    ({"name": "K", "weights": {"UNIT": 1}, "colour": "red"}, "colour"),
])
async def test_bad_keys_are_422_and_write_nothing(client, conn, body, field):
    _org, headers, building, units, *_ = await setup(conn)
    unit = str(units[0]["id"])
    body = {**body, "weights": {k.replace("UNIT", unit): v for k, v in body["weights"].items()}} \
        if isinstance(body.get("weights"), dict) else body
    resp = await client.post(f"/api/v1/buildings/{building.id}/sharing-keys", headers=headers, json=body)
    assert resp.status_code == 422
    assert field.replace("UNIT", unit) in (await resp.get_json())["errors"]
    assert await conn.fetchval("SELECT count(*) FROM sharing_keys WHERE building_id = $1", building.id) == 0


async def test_duplicate_key_name_and_foreign_lots(client, conn):
    org, headers, building, units, *_ = await setup(conn)
    other = await make_building(conn, org)
    foreign = await make_unit(conn, org, other, "9")
    url = f"/api/v1/buildings/{building.id}/sharing-keys"
    await client.post(url, headers=headers, json={"name": "Chauffage", "weights": {str(units[0]["id"]): 1}})
    dup = await client.post(url, headers=headers, json={"name": "Chauffage", "weights": {str(units[0]["id"]): 1}})
    assert dup.status_code == 422 and "name" in (await dup.get_json())["errors"]
    bad = await client.post(url, headers=headers, json={"name": "Cave", "weights": {str(foreign["id"]): 1}})
    assert bad.status_code == 422


async def test_key_of_another_building_is_refused_on_an_expense(client, conn):
    org, headers, building, _units, *_ = await setup(conn)
    other = await make_building(conn, org)
    unit = await make_unit(conn, org, other, "9")
    key = await (await client.post(f"/api/v1/buildings/{other.id}/sharing-keys", headers=headers,
                                   json={"name": "X", "weights": {str(unit["id"]): 1}})).get_json()
    resp = await client.post("/api/v1/expenses", headers=headers, json={
        "building_id": str(building.id), "category": "water", "description": "Eau", "amount_excl_vat": "1",
        "invoice_date": "2026-01-01", "sharing_key_id": key["id"]})
    assert resp.status_code == 422 and "sharing_key_id" in (await resp.get_json())["errors"]


async def test_payments_statement_and_explanation(client, conn):
    _org, headers, building, _units, owners, owner_headers = await setup(conn)
    await approved_expense(client, headers, building)
    pay = await client.post(f"/api/v1/buildings/{building.id}/payments", headers=headers, json={
        "owner_id": str(owners[0]["id"]), "amount": "100.00", "paid_on": "2026-02-15", "reference": "VIR 1"})
    assert pay.status_code == 201
    url = f"/api/v1/owners/{owners[0]['id']}/statement?building={building.id}&from=2026-01-01&to=2026-12-31"
    body = await (await client.get(url, headers=owner_headers)).get_json()
    assert (body["opening_balance"], body["total_charges"], body["total_payments"], body["closing_balance"]) == (
        "0.00", "120.00", "100.00", "20.00")
    assert [(e["kind"], e["balance"]) for e in body["entries"]] == [("charge", "120.00"), ("payment", "20.00")]
    later = await (await client.get(url.replace("from=2026-01-01", "from=2026-02-10"),
                                    headers=headers)).get_json()
    assert later["opening_balance"] == "120.00" and len(later["entries"]) == 1
    why = await (await client.get(body["entries"][0]["explanation_url"], headers=owner_headers)).get_json()
    assert why["lot"]["weight"] == "600.0000" and why["lot"]["key_total_weight"] == "1000.0000"
    assert why["owner"]["amount"] == "120.00" and "200.00 × 600" in why["formula"]


async def test_an_owner_sees_only_their_own_account(client, conn):
    _org, headers, building, _units, owners, owner_headers = await setup(conn)
    expense = await approved_expense(client, headers, building)
    other_line = await conn.fetchval("SELECT id FROM charge_lines WHERE owner_id = $1", owners[1]["id"])
    own = f"/api/v1/owners/{owners[0]['id']}/statement?building={building.id}"
    assert (await client.get(own, headers=owner_headers)).status_code == 200
    for url in (f"/api/v1/owners/{owners[1]['id']}/statement?building={building.id}",
                f"/api/v1/charge-lines/{other_line}/explanation"):
        assert (await client.get(url, headers=owner_headers)).status_code == 404
    assert (await client.get(f"/api/v1/expenses/{expense['id']}", headers=owner_headers)).status_code == 403
    assert (await client.post(f"/api/v1/buildings/{building.id}/payments", headers=owner_headers, json={
        "owner_id": str(owners[0]["id"]), "amount": "1", "paid_on": "2026-01-01"})).status_code == 403


async def test_other_organisation_sees_nothing(client, conn):
    _org, headers, building, units, owners, _ = await setup(conn)
    await approved_expense(client, headers, building)
    line = await conn.fetchval("SELECT id FROM charge_lines WHERE owner_id = $1", owners[0]["id"])
    key = await (await client.post(f"/api/v1/buildings/{building.id}/sharing-keys", headers=headers,
                                   json={"name": "K", "weights": {str(units[0]["id"]): 1}})).get_json()
    _, stranger, *_ = await setup(conn)
    for url in (f"/api/v1/owners/{owners[0]['id']}/statement?building={building.id}",
                f"/api/v1/charge-lines/{line}/explanation", f"/api/v1/buildings/{building.id}/payments",
                f"/api/v1/buildings/{building.id}/sharing-keys", f"/api/v1/sharing-keys/{key['id']}"):
        assert (await client.get(url, headers=stranger)).status_code == 404, url
    writes = ((f"/api/v1/buildings/{building.id}/payments", "post",
               {"owner_id": str(owners[0]["id"]), "amount": "1", "paid_on": "2026-01-01"}),
              (f"/api/v1/sharing-keys/{key['id']}", "put", {"name": "Z", "weights": {str(units[0]["id"]): 1}}),
              (f"/api/v1/buildings/{building.id}/sharing-keys", "post", {"name": "Z", "weights": {}}))
    for url, method, body in writes:
        assert (await getattr(client, method)(url, headers=stranger, json=body)).status_code == 404, url
    assert await conn.fetchval("SELECT count(*) FROM owner_payments WHERE building_id = $1", building.id) == 0


@pytest.mark.parametrize("body, field", [
    ({"amount": "-10", "paid_on": "2026-01-01"}, "amount"),
    ({"amount": "0", "paid_on": "2026-01-01"}, "amount"),
    ({"amount": "10", "paid_on": "hier"}, "paid_on"),
    ({"amount": "10"}, "paid_on"),
    ({"amount": "10", "paid_on": "2026-01-01", "owner_id": "00000000-0000-0000-0000-000000000000"}, "owner_id"),
    ({"amount": "10", "paid_on": "2026-01-01", "reference": "x" * 141}, "reference"),
    ({"amount": "10", "paid_on": "2026-01-01", "iban": "BE00"}, "iban"),
])
async def test_bad_payments_are_422_and_write_nothing(client, conn, body, field):
    _org, headers, building, _units, owners, _ = await setup(conn)
    body = {"owner_id": str(owners[0]["id"]), **body}
    resp = await client.post(f"/api/v1/buildings/{building.id}/payments", headers=headers, json=body)
    assert resp.status_code == 422 and field in (await resp.get_json())["errors"]
    assert await conn.fetchval("SELECT count(*) FROM owner_payments WHERE building_id = $1", building.id) == 0


async def test_statement_bad_query_is_422(client, conn):
    _org, headers, building, _units, owners, _ = await setup(conn)
    base = f"/api/v1/owners/{owners[0]['id']}/statement"
    for query in ("", "?building=abc", f"?building={building.id}&from=2026-13-01",
                  f"?building={building.id}&from=2026-05-01&to=2026-01-01"):
        assert (await client.get(base + query, headers=headers)).status_code == 422, query
    for url, body in ((f"/api/v1/buildings/{building.id}/payments", b"{oops"),
                      (f"/api/v1/buildings/{building.id}/sharing-keys", b"[1]")):
        resp = await client.post(url, data=body, headers={**headers, "Content-Type": "application/json"})
        assert resp.status_code == 400


async def test_statement_of_a_known_owner_in_another_tenants_building_or_with_a_bad_period_out_of_sight(client, conn):
    _org, headers, building, _units, owners, _ = await setup(conn)
    _other, _stranger_headers, their_building, _u, their_owners, _ = await setup(conn)
    mine = f"/api/v1/owners/{owners[0]['id']}/statement"
    resp = await client.get(f"{mine}?building={their_building.id}", headers=headers)
    assert resp.status_code == 404 and (await resp.get_json())["message"].startswith("building")
    # an owner of another organisation is not found, before any complaint about the period
    theirs = f"/api/v1/owners/{their_owners[0]['id']}/statement?building={building.id}&from=2026-13-01"
    resp = await client.get(theirs, headers=headers)
    assert resp.status_code == 404 and (await resp.get_json())["message"].startswith("owner")
