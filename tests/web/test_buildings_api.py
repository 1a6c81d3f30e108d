"""/api/v1/buildings against real PostgreSQL: shapes, pagination, search, bad input, tenants, roles."""
from __future__ import annotations

import uuid

import pytest

from queries.platform import audit
from tests.factories import api_user, bearer, make_building, make_org, make_user, token

PARIS = {"name": "Résidence Les Jardins", "address": "123 Rue de la Paix", "city": "Paris",
         "postal_code": "75001", "country": "France", "total_units": 50, "construction_year": 1985}


async def test_the_documented_curl_request_creates_a_building(client, conn):
    org, user, headers = await api_user(conn)
    resp = await client.post("/api/v1/buildings", json=PARIS, headers=headers)
    assert resp.status_code == 201
    body = await resp.get_json()
    assert body["name"] == "Résidence Les Jardins"
    assert body["jurisdiction"] == "FR"  # France → French law
    assert body["total_quota"] == 1000
    assert body["organization_id"] == str(org.id)
    uuid.UUID(body["id"])
    again = await client.get(f"/api/v1/buildings/{body['id']}", headers=headers)
    assert (await again.get_json())["city"] == "Paris"


async def test_creation_is_audited_with_actor_and_values(client, conn):
    org, user, headers = await api_user(conn)
    body = await (await client.post("/api/v1/buildings", json=PARIS, headers=headers)).get_json()
    entries = await audit.list_for_entity(conn, org.id, "building", uuid.UUID(body["id"]))
    assert [(e.action, e.user_id, e.role) for e in entries] == [("create", user.id, "syndic")]
    assert entries[0].after["name"] == "Résidence Les Jardins" and entries[0].before is None


async def test_list_is_paginated_and_searchable(client, conn):
    org, _, headers = await api_user(conn)
    for i in range(25):
        await make_building(conn, org, name=f"Bloc {i:02}", city="Namur" if i % 5 == 0 else "Gand")
    page2 = await (await client.get("/api/v1/buildings?page=2&per_page=10", headers=headers)).get_json()
    assert [b["name"] for b in page2["data"]] == [f"Bloc {i:02}" for i in range(10, 20)]
    assert page2["pagination"] == {"current_page": 2, "per_page": 10, "total_items": 25, "total_pages": 3,
                                   "has_next": True, "has_previous": True}
    found = await (await client.get("/api/v1/buildings?search=namur", headers=headers)).get_json()
    assert found["pagination"]["total_items"] == 5
    by_name = await (await client.get("/api/v1/buildings?search=Bloc 1", headers=headers)).get_json()
    assert by_name["pagination"]["total_items"] == 10


async def test_search_wildcards_are_literal(client, conn):
    org, _, headers = await api_user(conn)
    await make_building(conn, org, name="Cent pour cent")
    await make_building(conn, org, name="100% Soleil")
    found = await (await client.get("/api/v1/buildings?search=%25", headers=headers)).get_json()
    assert [b["name"] for b in found["data"]] == ["100% Soleil"]


async def test_update_and_delete(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    resp = await client.put(f"/api/v1/buildings/{b.id}", json={"name": "Nouveau nom", "total_quota": 10000},
                            headers=headers)
    assert resp.status_code == 200
    body = await resp.get_json()
    assert (body["name"], body["total_quota"], body["city"]) == ("Nouveau nom", 10000, "Bruxelles")
    assert (await client.delete(f"/api/v1/buildings/{b.id}", headers=headers)).status_code == 204
    assert (await client.get(f"/api/v1/buildings/{b.id}", headers=headers)).status_code == 404


@pytest.mark.parametrize("payload, field", [
    ({**PARIS, "name": ""}, "name"),
    ({**PARIS, "name": 12}, "name"),
    ({**PARIS, "name": "x" * 201}, "name"),
    ({k: v for k, v in PARIS.items() if k != "city"}, "city"),
    ({**PARIS, "total_units": "cinquante"}, "total_units"),
    ({**PARIS, "total_units": 0}, "total_units"),
    ({**PARIS, "total_units": True}, "total_units"),
    ({**PARIS, "construction_year": 3020}, "construction_year"),
    ({**PARIS, "construction_year": 1985.5}, "construction_year"),
    ({**PARIS, "jurisdiction": "DE"}, "jurisdiction"),
    ({**PARIS, "colour": "blue"}, "colour"),
])
async def test_bad_input_is_422_naming_the_field_and_writes_nothing(client, conn, payload, field):
    org, _, headers = await api_user(conn)
    resp = await client.post("/api/v1/buildings", json=payload, headers=headers)
    assert resp.status_code == 422
    assert field in (await resp.get_json())["errors"]
    listed = await (await client.get("/api/v1/buildings", headers=headers)).get_json()
    assert listed["pagination"]["total_items"] == 0


async def test_malformed_json_is_400(client, conn):
    _, _, headers = await api_user(conn)
    for body in (b"{not json", b"[1, 2]", b'"text"'):
        resp = await client.post("/api/v1/buildings", data=body,
                                 headers={**headers, "Content-Type": "application/json"})
        assert resp.status_code == 400
        assert "body" in (await resp.get_json())["errors"]


async def test_organization_id_in_body_must_be_the_callers(client, conn):
    org, _, headers = await api_user(conn)
    other = await make_org(conn)
    ok = await client.post("/api/v1/buildings", json={**PARIS, "organization_id": str(org.id)}, headers=headers)
    assert ok.status_code == 201
    refused = await client.post("/api/v1/buildings", json={**PARIS, "organization_id": str(other.id)},
                                headers=headers)
    assert refused.status_code == 403


async def test_not_a_uuid_is_404(client, conn):
    _, _, headers = await api_user(conn)
    for method in ("get", "put", "delete"):
        resp = await getattr(client, method)("/api/v1/buildings/12345", headers=headers)
        assert resp.status_code == 404
        assert (await resp.get_json())["code"] == "NOT_FOUND"


async def test_another_organisations_building_is_404_for_every_verb(client, conn):
    org_a = await make_org(conn)
    theirs = await make_building(conn, org_a, name="Chez A")
    _, _, headers = await api_user(conn)  # a syndic of another organisation
    assert (await client.get(f"/api/v1/buildings/{theirs.id}", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/buildings/{theirs.id}", json={"name": "volé"},
                             headers=headers)).status_code == 404
    assert (await client.delete(f"/api/v1/buildings/{theirs.id}", headers=headers)).status_code == 404
    listed = await (await client.get("/api/v1/buildings", headers=headers)).get_json()
    assert listed["data"] == []
    assert (await conn.fetchval("SELECT name FROM buildings WHERE id = $1", theirs.id)) == "Chez A"


async def test_unauthenticated_is_401(client, conn):
    assert (await client.get("/api/v1/buildings")).status_code == 401
    assert (await client.post("/api/v1/buildings", json=PARIS)).status_code == 401
    bad = await client.get("/api/v1/buildings", headers=bearer("not-a-token"))
    assert bad.status_code == 401


@pytest.mark.parametrize("role", ["owner", "accountant", "board_member"])
async def test_only_the_syndic_writes(client, conn, role):
    org, _, headers = await api_user(conn, role)
    b = await make_building(conn, org)
    assert (await client.post("/api/v1/buildings", json=PARIS, headers=headers)).status_code == 403
    assert (await client.put(f"/api/v1/buildings/{b.id}", json={"name": "x"}, headers=headers)).status_code in (
        403, 404)
    assert (await client.delete(f"/api/v1/buildings/{b.id}", headers=headers)).status_code in (403, 404)
    assert (await conn.fetchval("SELECT name FROM buildings WHERE id = $1", b.id)) == b.name


async def test_accountant_reads_all_owner_reads_only_own_buildings(client, conn):
    org = await make_org(conn)
    mine = await make_building(conn, org, name="A mine")
    await make_building(conn, org, name="B other")
    accountant = await make_user(conn, org, "accountant")
    listed = await (await client.get("/api/v1/buildings",
                                     headers=bearer(await token(conn, accountant, org, "accountant")))).get_json()
    assert [b["name"] for b in listed["data"]] == ["A mine", "B other"]
    owner_user = await make_user(conn, org, "owner")
    owner_id = await conn.fetchval(
        "INSERT INTO owners (organization_id, last_name, user_id) VALUES ($1, 'Martin', $2) RETURNING id",
        org.id, owner_user.id)
    unit_id = await conn.fetchval(
        "INSERT INTO units (organization_id, building_id, number, unit_type, quota) "
        "VALUES ($1, $2, '1', 'apartment', 100) RETURNING id", org.id, mine.id)
    await conn.execute("INSERT INTO unit_owners (organization_id, unit_id, owner_id, share_num, share_den, "
                       "start_date, is_contact) VALUES ($1, $2, $3, 1, 1, '2020-01-01', true)",
                       org.id, unit_id, owner_id)
    headers = bearer(await token(conn, owner_user, org, "owner"))
    listed = await (await client.get("/api/v1/buildings", headers=headers)).get_json()
    assert [b["name"] for b in listed["data"]] == ["A mine"]
    others = await (await client.get("/api/v1/buildings?search=other", headers=headers)).get_json()
    assert others["data"] == []


async def test_building_with_lots_cannot_be_deleted(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org)
    await conn.execute("INSERT INTO units (organization_id, building_id, number, unit_type, quota) "
                       "VALUES ($1, $2, '1', 'apartment', 100)", org.id, b.id)
    resp = await client.delete(f"/api/v1/buildings/{b.id}", headers=headers)
    assert resp.status_code == 409
    assert (await client.get(f"/api/v1/buildings/{b.id}", headers=headers)).status_code == 200


@pytest.mark.parametrize("payload, field", [({"name": ""}, "name"), ({"total_units": None}, "total_units"),
                                            ({"city": "   "}, "city"), ({"total_quota": 0}, "total_quota")])
async def test_partial_update_cannot_blank_a_required_field(client, conn, payload, field):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org, name="Gardé")
    resp = await client.put(f"/api/v1/buildings/{b.id}", json=payload, headers=headers)
    assert resp.status_code == 422 and field in (await resp.get_json())["errors"]
    assert (await conn.fetchval("SELECT name FROM buildings WHERE id = $1", b.id)) == "Gardé"
