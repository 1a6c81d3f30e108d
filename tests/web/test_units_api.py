"""/api/v1/units against real PostgreSQL: field names of existing clients, quota totals, quota lock hook,
bad input on every verb, tenants and roles."""
from __future__ import annotations

import pytest

from domain.register import units as domain_units
from tests.factories import (
    api_user,
    give_right,
    make_building,
    make_owner,
    make_unit,
    sit_on_board,
)


def _lot(building_id, **over):
    return {"building_id": str(building_id), "unit_number": "A101", "unit_type": "Apartment", "floor": 1,
            "surface_area": 75.5, "quota": 150.0, **over}


async def test_existing_client_payload_creates_a_lot(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    resp = await client.post("/api/v1/units", json=_lot(b.id), headers=headers)
    assert resp.status_code == 201
    body = await resp.get_json()
    assert {k: body[k] for k in ("unit_number", "unit_type", "floor", "surface_area", "quota")} == {
        "unit_number": "A101", "unit_type": "Apartment", "floor": 1, "surface_area": "75.50", "quota": 150}
    assert body["building_id"] == str(b.id) and body["owner_id"] is None
    for sent, stored in (("PARKING", "Parking"), ("office", "Office"), ("storage", "Storage"), ("cellar", "Cellar")):
        resp = await client.post("/api/v1/units", json=_lot(b.id, unit_number=sent, unit_type=sent, quota=10),
                                 headers=headers)
        assert (await resp.get_json())["unit_type"] == stored


async def test_building_units_show_the_quota_total(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org, total_quota=1000)
    for number in ("2", "10", "1"):
        await make_unit(conn, org, b, number, quota=300)
    body = await (await client.get(f"/api/v1/buildings/{b.id}/units", headers=headers)).get_json()
    assert [u["unit_number"] for u in body["data"]] == ["1", "2", "10"]
    assert body["quota"] == {"total": 1000, "held": 900, "state": "missing", "gap": 100}
    resp = await client.post("/api/v1/units", json=_lot(b.id, quota=101), headers=headers)
    assert resp.status_code == 422
    assert "1001" in (await resp.get_json())["errors"]["quota"]
    assert (await client.post("/api/v1/units", json=_lot(b.id, quota=100), headers=headers)).status_code == 201
    body = await (await client.get(f"/api/v1/buildings/{b.id}/units", headers=headers)).get_json()
    assert body["quota"]["state"] == "complete"


async def test_update_partial_duplicate_number_and_delete(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    u1, u2 = await make_unit(conn, org, b, "1"), await make_unit(conn, org, b, "2")
    resp = await client.put(f"/api/v1/units/{u1['id']}", json={"floor": 3, "quota": 120}, headers=headers)
    assert resp.status_code == 200
    body = await resp.get_json()
    assert (body["floor"], body["quota"], body["unit_number"]) == (3, 120, "1")
    dup = await client.put(f"/api/v1/units/{u1['id']}", json={"unit_number": "2"}, headers=headers)
    assert dup.status_code == 422 and "unit_number" in (await dup.get_json())["errors"]
    assert (await client.delete(f"/api/v1/units/{u2['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"/api/v1/units/{u2['id']}", headers=headers)).status_code == 404


async def test_a_lot_with_history_cannot_be_deleted(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    u = await make_unit(conn, org, b)
    await give_right(conn, org, u, await make_owner(conn, org))
    assert (await client.delete(f"/api/v1/units/{u['id']}", headers=headers)).status_code == 409


async def test_quota_change_refused_when_a_registered_predicate_says_so(client, conn, monkeypatch):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    locked = await make_unit(conn, org, b, "L")

    async def has_votes(_conn, org_id, unit_id):
        return "Ce lot a déjà voté." if unit_id == locked["id"] else None

    with monkeypatch.context() as patched:
        patched.setattr(domain_units, "QUOTA_LOCKS", (*domain_units.QUOTA_LOCKS, has_votes))
        resp = await client.put(f"/api/v1/units/{locked['id']}", json={"quota": 99}, headers=headers)
        assert resp.status_code == 409 and (await resp.get_json())["errors"]["quota"] == "Ce lot a déjà voté."
        assert (await client.put(f"/api/v1/units/{locked['id']}", json={"floor": 4}, headers=headers)).status_code == 200
    assert (await client.put(f"/api/v1/units/{locked['id']}", json={"quota": 99}, headers=headers)).status_code == 200


@pytest.mark.parametrize("change, field", [
    ({"unit_number": ""}, "unit_number"), ({"unit_number": 12}, "unit_number"),
    ({"unit_number": "x" * 21}, "unit_number"), ({"unit_type": "castle"}, "unit_type"),
    ({"quota": 0}, "quota"), ({"quota": 1.5}, "quota"), ({"quota": "150"}, "quota"), ({"quota": True}, "quota"),
    ({"floor": "first"}, "floor"), ({"floor": 500}, "floor"), ({"surface_area": "big"}, "surface_area"),
    ({"surface_area": -1}, "surface_area"), ({"building_id": "nope"}, "building_id"),
    ({"colour": "red"}, "colour"), ({"quota": None}, "quota"),
])
async def test_bad_input_is_422_and_writes_nothing(client, conn, change, field):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    resp = await client.post("/api/v1/units", json={**_lot(b.id), **change}, headers=headers)
    assert resp.status_code == 422 and field in (await resp.get_json())["errors"]
    u = await make_unit(conn, org, b, "Z")
    if field != "building_id":
        resp = await client.put(f"/api/v1/units/{u['id']}", json=change, headers=headers)
        assert resp.status_code == 422
    assert await conn.fetchval("SELECT count(*) FROM units WHERE building_id = $1", b.id) == 1


@pytest.mark.parametrize("method, path", [("post", "/api/v1/units"), ("put", "/api/v1/units/{id}")])
@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b""])
async def test_malformed_json_is_400(client, conn, method, path, body):
    org, _, headers = await api_user(conn)
    u = await make_unit(conn, org, await make_building(conn, org))
    resp = await getattr(client, method)(path.format(id=u["id"]), data=body,
                                         headers={**headers, "Content-Type": "application/json"})
    assert resp.status_code == 400


async def test_bad_query_parameters_are_4xx(client, conn):
    _org, _, headers = await api_user(conn)
    assert (await client.get("/api/v1/units?building_id=nope", headers=headers)).status_code == 422
    assert (await client.get("/api/v1/units?per_page=1000", headers=headers)).status_code == 422
    assert (await client.get("/api/v1/units/not-a-uuid", headers=headers)).status_code == 404


async def test_other_organisations_lots_are_invisible_on_every_verb(client, conn):
    _org, _, headers = await api_user(conn)
    other, _, _ = await api_user(conn)
    theirs = await make_building(conn, other)
    u = await make_unit(conn, other, theirs)
    assert (await client.get(f"/api/v1/units/{u['id']}", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/units/{u['id']}", json={"floor": 2}, headers=headers)).status_code == 404
    assert (await client.delete(f"/api/v1/units/{u['id']}", headers=headers)).status_code == 404
    assert (await client.get(f"/api/v1/buildings/{theirs.id}/units", headers=headers)).status_code == 404
    assert (await client.post("/api/v1/units", json=_lot(theirs.id), headers=headers)).status_code == 422
    assert (await (await client.get("/api/v1/units", headers=headers)).get_json())["data"] == []
    forged = {**_lot(theirs.id), "organization_id": str(other.id)}
    assert (await client.post("/api/v1/units", json=forged, headers=headers)).status_code == 403


@pytest.mark.parametrize("role", ["accountant", "board_member"])
async def test_readers_read_but_do_not_write(client, conn, role):
    org, user, headers = await api_user(conn, role)
    b = await make_building(conn, org)
    if role == "board_member":  # a board member reads the buildings whose board they sit on
        await sit_on_board(conn, org, user, b)
    u = await make_unit(conn, org, b)
    assert (await client.get(f"/api/v1/units/{u['id']}", headers=headers)).status_code == 200
    assert (await client.get(f"/api/v1/buildings/{b.id}/units", headers=headers)).status_code == 200
    assert (await client.post("/api/v1/units", json=_lot(b.id), headers=headers)).status_code == 403
    assert (await client.put(f"/api/v1/units/{u['id']}", json={"floor": 2}, headers=headers)).status_code == 403
    assert (await client.delete(f"/api/v1/units/{u['id']}", headers=headers)).status_code == 403


async def test_an_owner_sees_only_their_own_lots(client, conn):
    org, user, headers = await api_user(conn, "owner")
    b = await make_building(conn, org)
    mine, other = await make_unit(conn, org, b, "1"), await make_unit(conn, org, b, "2")
    await give_right(conn, org, mine, await make_owner(conn, org, user=user))
    await give_right(conn, org, other, await make_owner(conn, org))
    listed = await (await client.get("/api/v1/units", headers=headers)).get_json()
    assert [u["unit_number"] for u in listed["data"]] == ["1"]
    assert (await client.get(f"/api/v1/units/{mine['id']}", headers=headers)).status_code == 200
    assert (await client.get(f"/api/v1/units/{other['id']}", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/units/{mine['id']}", json={"floor": 2}, headers=headers)).status_code == 403
    assert (await client.get("/api/v1/units")).status_code == 401
