"""/api/v1/owners against real PostgreSQL: persons and legal entities, search, pagination, an owner's lots and
cumulative quota, bad input, tenants and roles."""
from __future__ import annotations

from datetime import date

import pytest

from queries.platform import audit
from tests.factories import (
    api_user,
    give_right,
    make_building,
    make_owner,
    make_unit,
    make_user,
    sit_on_board,
)

PERSON = {"first_name": "Jean", "last_name": "Martin", "email": "jean.martin@example.be", "phone": "+32 470 12 34 56",
          "address": "Rue Neuve 1", "city": "Bruxelles", "postal_code": "1000", "country": "Belgique"}
COMPANY = {"company_name": "Immo Invest SRL", "company_number": "BE 0123.456.789", "email": "info@immo.be"}


async def test_person_and_legal_entity(client, conn):
    _org, _, headers = await api_user(conn)
    resp = await client.post("/api/v1/owners", json=PERSON, headers=headers)
    assert resp.status_code == 201
    body = await resp.get_json()
    assert {k: body[k] for k in PERSON} == PERSON
    assert (body["kind"], body["name"], body["language"]) == ("person", "Jean Martin", "fr")
    company = await (await client.post("/api/v1/owners", json=COMPANY, headers=headers)).get_json()
    assert (company["kind"], company["company_number"], company["name"]) == ("company", "BE 0123.456.789",
                                                                            "Immo Invest SRL")
    resp = await client.put(f"/api/v1/owners/{body['id']}", json={"phone": "+32 2 000 00 00", "language": "NL"},
                            headers=headers)
    updated = await resp.get_json()
    assert (updated["phone"], updated["language"], updated["last_name"]) == ("+32 2 000 00 00", "nl", "Martin")


async def test_search_by_name_or_email_and_pagination(client, conn):
    org, _, headers = await api_user(conn)
    for i in range(23):
        await make_owner(conn, org, f"Nom{i:02}", email=f"p{i}@{'gmail' if i % 2 else 'skynet'}.be")
    page = await (await client.get("/api/v1/owners?per_page=10&page=3", headers=headers)).get_json()
    assert [o["last_name"] for o in page["data"]] == ["Nom20", "Nom21", "Nom22"]
    assert page["pagination"]["total_items"] == 23
    found = await (await client.get("/api/v1/owners?search=SKYNET", headers=headers)).get_json()
    assert found["pagination"]["total_items"] == 12
    found = await (await client.get("/api/v1/owners?search=alex nom07", headers=headers)).get_json()
    assert [o["last_name"] for o in found["data"]] == ["Nom07"]


async def test_lots_cumulative_quota_and_history(client, conn):
    org, _, headers = await api_user(conn)
    b = await make_building(conn, org, name="Les Tilleuls")
    u1, u2 = await make_unit(conn, org, b, "1", quota=150), await make_unit(conn, org, b, "2", quota=100)
    me, other = await make_owner(conn, org, "Moi"), await make_owner(conn, org, "Autre")
    await give_right(conn, org, u1, me, (1, 1), end=date(2024, 1, 1))
    await give_right(conn, org, u1, other, (1, 1), start=date(2024, 1, 1))
    await give_right(conn, org, u2, me, (1, 3))
    await give_right(conn, org, u2, other, (2, 3), contact=False)
    body = await (await client.get(f"/api/v1/owners/{me['id']}/lots", headers=headers)).get_json()
    assert [(lot["unit_number"], lot["share"], lot["quota_held"]) for lot in body["lots"]] == [("2", "1/3", "100/3")]
    assert body["quota"][0]["quota"] == "100/3" and body["quota"][0]["quota_decimal"] == "33.3333"
    past = await (await client.get(f"/api/v1/owners/{me['id']}/quota?date=2023-06-01", headers=headers)).get_json()
    assert past["buildings"][0]["quota"] == "550/3"
    history = await (await client.get(f"/api/v1/owners/{me['id']}/history", headers=headers)).get_json()
    assert [(r["unit_number"], r["end_date"]) for r in history["rights"]] == [("1", "2024-01-01"), ("2", None)]
    assert (await client.get(f"/api/v1/owners/{me['id']}/quota?date=demain", headers=headers)).status_code == 422


@pytest.mark.parametrize("payload, field", [
    ({**PERSON, "last_name": ""}, "last_name"), ({**PERSON, "last_name": 3}, "last_name"),
    ({**PERSON, "last_name": "x" * 101}, "last_name"), ({k: v for k, v in PERSON.items() if k != "last_name"}, "last_name"),
    ({**PERSON, "email": "not-an-email"}, "email"), ({**PERSON, "language": "es"}, "language"),
    ({**PERSON, "shares_contact": "maybe"}, "shares_contact"), ({**PERSON, "user_id": "x"}, "user_id"),
    ({**PERSON, "nickname": "JM"}, "nickname"), ({"kind": "company"}, "company_name"),
    ({**PERSON, "user_id": "00000000-0000-0000-0000-000000000001"}, "user_id"),
])
async def test_bad_input_is_422_and_writes_nothing(client, conn, payload, field):
    org, _, headers = await api_user(conn)
    resp = await client.post("/api/v1/owners", json=payload, headers=headers)
    assert resp.status_code == 422 and field in (await resp.get_json())["errors"]
    owner = await make_owner(conn, org, "Fixe")
    if field in payload or field == "company_name":  # a partial update may leave a field out
        resp = await client.put(f"/api/v1/owners/{owner['id']}", json=payload, headers=headers)
        assert resp.status_code == 422
    assert await conn.fetchval("SELECT count(*) FROM owners WHERE organization_id = $1", org.id) == 1


@pytest.mark.parametrize("body", [b"{", b"\"text\"", b"null"])
async def test_malformed_json_is_400(client, conn, body):
    org, _, headers = await api_user(conn)
    owner = await make_owner(conn, org)
    json_headers = {**headers, "Content-Type": "application/json"}
    assert (await client.post("/api/v1/owners", data=body, headers=json_headers)).status_code == 400
    assert (await client.put(f"/api/v1/owners/{owner['id']}", data=body, headers=json_headers)).status_code == 400


async def test_link_to_a_member_user_once(client, conn):
    org, _, headers = await api_user(conn)
    user = await make_user(conn, org, "owner")
    resp = await client.post("/api/v1/owners", json={**PERSON, "user_id": str(user.id)}, headers=headers)
    assert resp.status_code == 201
    again = await client.post("/api/v1/owners", json={**PERSON, "user_id": str(user.id)}, headers=headers)
    assert again.status_code == 422 and "user_id" in (await again.get_json())["errors"]


async def test_other_organisations_owners_are_invisible(client, conn):
    _org, _, headers = await api_user(conn)
    other, _, _ = await api_user(conn)
    theirs = await make_owner(conn, other, "Secret")
    for path in ("", "/lots", "/history", "/quota"):
        assert (await client.get(f"/api/v1/owners/{theirs['id']}{path}", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/owners/{theirs['id']}", json={"city": "X"}, headers=headers)).status_code == 404
    assert (await (await client.get("/api/v1/owners?search=secret", headers=headers)).get_json())["data"] == []


@pytest.mark.parametrize("role", ["accountant", "board_member"])
async def test_readers_read_but_do_not_write(client, conn, role):
    org, user, headers = await api_user(conn, role)
    owner = await make_owner(conn, org)
    if role == "board_member":  # a board member reads the owners of the buildings whose board they sit on
        building = await make_building(conn, org)
        await give_right(conn, org, await make_unit(conn, org, building), owner)
        await sit_on_board(conn, org, user, building)
    assert (await client.get(f"/api/v1/owners/{owner['id']}", headers=headers)).status_code == 200
    assert (await client.post("/api/v1/owners", json=PERSON, headers=headers)).status_code == 403
    assert (await client.put(f"/api/v1/owners/{owner['id']}", json={"city": "X"}, headers=headers)).status_code == 403


async def test_an_owner_sees_only_their_own_record(client, conn):
    org, user, headers = await api_user(conn, "owner")
    mine, theirs = await make_owner(conn, org, "Moi", user=user), await make_owner(conn, org, "Voisin")
    listed = await (await client.get("/api/v1/owners", headers=headers)).get_json()
    assert [o["last_name"] for o in listed["data"]] == ["Moi"]
    assert (await client.get(f"/api/v1/owners/{mine['id']}/lots", headers=headers)).status_code == 200
    for path in ("", "/lots", "/history"):
        assert (await client.get(f"/api/v1/owners/{theirs['id']}{path}", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/owners/{mine['id']}", json={"city": "X"}, headers=headers)).status_code == 403


async def test_reading_an_owners_data_is_audited(client, conn):
    org, user, headers = await api_user(conn, "accountant")
    owner = await make_owner(conn, org, "Lu")
    assert (await client.get(f"/api/v1/owners/{owner['id']}", headers=headers)).status_code == 200
    entries = await audit.list_for_entity(conn, org.id, "owner", owner["id"])
    assert [(e.action, e.user_id) for e in entries] == [("view", user.id)]
