"""The access policy's scopes through the pages and the API: the syndic gives a board member a mandate on a
building (and ends it), limits an accountant to some buildings; what each then reaches follows at once."""
from __future__ import annotations

from datetime import date, timedelta

from tests.factories import api_user, bearer, browser_login, csrf_from, make_building, make_user, token


async def test_a_board_member_reads_only_the_building_of_their_mandate(client, conn) -> None:
    org, _, syndic = await api_user(conn)
    mine, other = await make_building(conn, org, name="Mandat"), await make_building(conn, org, name="Autre")
    board_user = await make_user(conn, org, "board_member")
    resp = await client.post(f"/api/v1/buildings/{mine.id}/board", headers=syndic,
                             json={"user_id": str(board_user.id), "starts_on": "2026-01-01"})
    assert resp.status_code == 201 and (await resp.get_json())["building_name"] == "Mandat"
    board = bearer(await token(conn, board_user, org, "board_member"))
    listed = await (await client.get("/api/v1/buildings", headers=board)).get_json()
    assert [b["name"] for b in listed["data"]] == ["Mandat"]
    assert (await client.get(f"/api/v1/buildings/{other.id}", headers=board)).status_code == 404
    assert (await client.get(f"/api/v1/buildings/{mine.id}/expenses", headers=board)).status_code == 200
    assert (await client.get(f"/api/v1/buildings/{other.id}/expenses", headers=board)).status_code == 404


async def test_a_mandate_needs_the_board_role_and_sane_dates(client, conn) -> None:
    org, syndic_user, syndic = await api_user(conn)
    building = await make_building(conn, org)
    owner = await make_user(conn, org, "owner")
    refused = await client.post(f"/api/v1/buildings/{building.id}/board", headers=syndic, json={"user_id": str(owner.id)})
    assert refused.status_code == 422 and "user_id" in (await refused.get_json())["errors"]
    board_user = await make_user(conn, org, "board_member")
    backwards = await client.post(f"/api/v1/buildings/{building.id}/board", headers=syndic, json={
        "user_id": str(board_user.id), "starts_on": "2026-06-01", "ends_on": "2026-01-01"})
    assert backwards.status_code == 422 and "ends_on" in (await backwards.get_json())["errors"]
    _o, _u, accountant = await api_user(conn, "accountant", org)
    assert (await client.get(f"/api/v1/buildings/{building.id}/board", headers=accountant)).status_code == 403
    _other_org, _, stranger = await api_user(conn)
    assert (await client.get(f"/api/v1/buildings/{building.id}/board", headers=stranger)).status_code == 404


async def test_ending_a_mandate_ends_the_reach(client, conn) -> None:
    org, _, syndic = await api_user(conn)
    building = await make_building(conn, org)
    board_user = await make_user(conn, org, "board_member")
    made = await (await client.post(f"/api/v1/buildings/{building.id}/board", headers=syndic,
                                    json={"user_id": str(board_user.id), "starts_on": "2025-01-01"})).get_json()
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    ended = await client.post(f"/api/v1/scopes/{made['id']}/end", headers=syndic, json={"ends_on": yesterday})
    assert ended.status_code == 200 and (await ended.get_json())["ends_on"] == yesterday
    board = bearer(await token(conn, board_user, org, "board_member"))
    assert (await client.get(f"/api/v1/buildings/{building.id}", headers=board)).status_code == 404
    again = await client.post(f"/api/v1/scopes/{made['id']}/end", headers=syndic, json={"ends_on": yesterday})
    assert again.status_code == 409


async def test_an_accountant_limited_to_some_buildings(client, conn) -> None:
    org, _, syndic = await api_user(conn)
    kept, other = await make_building(conn, org, name="Gardé"), await make_building(conn, org, name="Hors")
    _o, accountant_user, accountant = await api_user(conn, "accountant", org)
    resp = await client.put(f"/api/v1/members/{accountant_user.id}/buildings", headers=syndic,
                            json={"building_ids": [str(kept.id)]})
    assert resp.status_code == 200 and [s["building_name"] for s in (await resp.get_json())["data"]] == ["Gardé"]
    accountant = bearer(await token(conn, accountant_user, org, "accountant"))  # a fresh token: no cached actor
    assert (await client.get(f"/api/v1/buildings/{other.id}", headers=accountant)).status_code == 404
    resp = await client.put(f"/api/v1/members/{accountant_user.id}/buildings", headers=syndic, json={"building_ids": []})
    assert resp.status_code == 200 and (await resp.get_json())["data"] == []
    accountant = bearer(await token(conn, accountant_user, org, "accountant"))
    assert (await client.get(f"/api/v1/buildings/{other.id}", headers=accountant)).status_code == 200
    bad = await client.put(f"/api/v1/members/{accountant_user.id}/buildings", headers=syndic,
                           json={"building_ids": ["pas-un-id"]})
    assert bad.status_code == 422 and "building_ids" in (await bad.get_json())["errors"]


async def test_the_syndic_adds_and_ends_a_mandate_from_the_building_page(client, conn) -> None:
    org, _user, csrf = await browser_login(client, conn, "syndic")
    building = await make_building(conn, org, name="Les Charmes")
    board_user = await make_user(conn, org, "board_member")
    page = await (await client.get(f"/buildings/{building.id}")).get_data(as_text=True)
    assert "Conseil de copropriété" in page and "Ajouter le mandat" in page
    bad = await client.post(f"/buildings/{building.id}/board", form={"csrf_token": csrf, "user_id": ""})
    body = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Ce champ est obligatoire." in body
    done = await client.post(f"/buildings/{building.id}/board", form={
        "csrf_token": csrf, "user_id": str(board_user.id), "starts_on": "2026-01-01"})
    assert done.status_code == 303
    page = await (await client.get(f"/buildings/{building.id}")).get_data(as_text=True)
    assert board_user.full_name in page and "01/01/2026" in page
    scope_form = page[page.index('action="/scopes/'):]
    scope_id = scope_form[len('action="/scopes/'):scope_form.index("/end")]
    ended = await client.post(f"/scopes/{scope_id}/end", form={"csrf_token": csrf_from(page)})
    assert ended.status_code == 303
