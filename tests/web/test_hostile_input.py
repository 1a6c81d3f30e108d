"""Hostile input found by probing answers 422 naming the field (never a 500), in the API and in the forms: a NUL
byte in any text (PostgreSQL refuses it), Unicode digits in paging, a decimal with a huge exponent, an over-long CSV
field, and line breaks in a one-line name (they broke every convocation e-mail's subject)."""
from __future__ import annotations

import pytest

from tests.factories import api_user, browser_login, make_building, make_owner, make_unit

BUILDING = {"name": "Résidence", "address": "Rue 1", "city": "Liège", "postal_code": "4000", "total_units": 3}


async def _errors(resp) -> dict:  # type: ignore[no-untyped-def]
    return (await resp.get_json())["errors"]


async def test_a_nul_byte_in_json_text_is_422_on_that_field(client, conn):
    _org, _user, headers = await api_user(conn)
    resp = await client.post("/api/v1/buildings", headers=headers, json={**BUILDING, "name": "Ré\x00sidence"})
    assert resp.status_code == 422 and list(await _errors(resp)) == ["name"]
    resp = await client.post("/api/v1/owners", headers=headers, json={"last_name": "A", "phone": "\x00"})
    assert resp.status_code == 422 and "phone" in await _errors(resp)


async def test_a_nul_byte_in_a_json_login_is_422(client):
    resp = await client.post("/api/v1/auth/login", json={"email": "a\x00@b.be", "password": "x\x00y"})
    assert resp.status_code == 422 and {"email", "password"} <= set(await _errors(resp))


@pytest.mark.parametrize("query", ["search=%00", "q=a%00b", "page=1%00"])
async def test_a_nul_byte_in_a_query_string_is_422(client, conn, query):
    _org, _user, headers = await api_user(conn)
    resp = await client.get(f"/api/v1/buildings?{query}", headers=headers)
    assert resp.status_code == 422 and query.split("=")[0] in await _errors(resp)


async def test_a_nul_byte_in_a_form_is_422_on_that_field(client, conn):
    _org, _user, csrf = await browser_login(client, conn)
    resp = await client.post("/buildings", form={**{k: str(v) for k, v in BUILDING.items()}, "csrf_token": csrf,
                                                 "city": "Li\x00ège"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Caractère non permis" in html
    resp = await client.post("/login", form={"csrf_token": csrf, "email": "x\x00@b.be", "password": "p"})
    assert resp.status_code == 422


@pytest.mark.parametrize("value", ["²", "١٢", "३"])
async def test_unicode_digits_in_paging_are_422(client, conn, value):
    _org, _user, headers = await api_user(conn)
    resp = await client.get("/api/v1/buildings", query_string={"page": value}, headers=headers)
    assert resp.status_code == 422 and "page" in await _errors(resp)
    resp = await client.get("/api/v1/owners", query_string={"per_page": value}, headers=headers)
    assert resp.status_code == 422 and "per_page" in await _errors(resp)


async def test_unicode_digits_in_a_page_link_fall_back_to_the_first_page(client, conn):
    await browser_login(client, conn)
    assert (await client.get("/buildings", query_string={"page": "²"})).status_code == 200


@pytest.mark.parametrize("amount", [1e30, "1e30", "1E+400", "9" * 40])
async def test_a_decimal_with_a_huge_exponent_is_422(client, conn, amount):
    org, _user, headers = await api_user(conn)
    building = await make_building(conn, org)
    owner = await make_owner(conn, org)
    resp = await client.post(f"/api/v1/buildings/{building.id}/payments", headers=headers,
                             json={"owner_id": str(owner["id"]), "amount": amount, "paid_on": "2026-01-10"})
    assert resp.status_code == 422 and "amount" in await _errors(resp)


async def test_a_decimal_with_a_huge_exponent_in_a_form_is_422(client, conn):
    org, _user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    owner = await make_owner(conn, org)
    resp = await client.post(f"/buildings/{building.id}/payments", form={
        "csrf_token": csrf, "owner_id": str(owner["id"]), "amount": "1e30", "paid_on": "2026-01-10"})
    assert resp.status_code == 422


async def test_an_over_long_csv_field_is_422(client, conn):
    org, _user, headers = await api_user(conn)
    building = await make_building(conn, org)
    body = ("lot;quota;last_name\n1;100;" + "x" * 140_000 + "\n").encode()
    resp = await client.post(f"/api/v1/buildings/{building.id}/import", data=body,
                             headers={**headers, "Content-Type": "text/csv"})
    assert resp.status_code == 422
    assert await conn.fetchval("SELECT count(*) FROM units WHERE building_id = $1", building.id) == 0


@pytest.mark.parametrize("name", ["Résidence\nBcc: x@evil.example", "A\rB", "Tab\x0bbed", "Bell\x07"])
async def test_line_breaks_and_control_characters_in_a_name_are_422(client, conn, name):
    org, _user, headers = await api_user(conn)
    resp = await client.post("/api/v1/buildings", headers=headers, json={**BUILDING, "name": name})
    assert resp.status_code == 422 and list(await _errors(resp)) == ["name"]
    owner = await make_owner(conn, org)
    resp = await client.put(f"/api/v1/owners/{owner['id']}", headers=headers, json={"last_name": name})
    assert resp.status_code == 422 and "last_name" in await _errors(resp)


async def test_a_description_keeps_its_line_breaks(client, conn):
    org, _user, headers = await api_user(conn)
    building = await make_building(conn, org)
    resp = await client.post("/api/v1/meetings", headers=headers, json={
        "building_id": str(building.id), "meeting_type": "Ordinary", "title": "AG 2027",
        "description": "Ligne 1\r\nLigne 2", "scheduled_date": "2027-06-01T18:00", "location": "Salle"})
    assert resp.status_code == 201 and (await resp.get_json())["description"] == "Ligne 1\r\nLigne 2"


async def test_a_unit_with_a_nul_byte_in_the_number_is_422(client, conn):
    org, _user, headers = await api_user(conn)
    building = await make_building(conn, org)
    await make_unit(conn, org, building)
    resp = await client.post("/api/v1/units", headers=headers,
                             json={"building_id": str(building.id), "unit_number": "1\x00", "quota": 10})
    assert resp.status_code == 422 and "unit_number" in await _errors(resp)


async def test_a_meeting_update_with_a_required_field_null_keeps_it(client, conn):
    org, _user, headers = await api_user(conn)
    building = await make_building(conn, org)
    created = await (await client.post("/api/v1/meetings", headers=headers, json={
        "building_id": str(building.id), "meeting_type": "Ordinary", "title": "AG", "description": "x",
        "scheduled_date": "2027-06-01T18:00", "location": "Salle"})).get_json()
    resp = await client.put(f"/api/v1/meetings/{created['id']}", headers=headers,
                            json={"meeting_type": None, "title": None, "description": None})
    body = await resp.get_json()
    assert resp.status_code == 200 and (body["meeting_type"], body["title"], body["description"]) == (
        "Ordinary", "AG", None)


async def test_a_repeated_paging_parameter_is_422(client, conn):
    _org, _user, headers = await api_user(conn)
    resp = await client.get("/api/v1/units?page=&page=2", headers=headers)
    assert resp.status_code == 422 and "page" in await _errors(resp)
