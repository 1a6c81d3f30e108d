"""Existing clients list without a building filter: GET /api/v1/meetings answers the organisation's assemblies
(paginated, `building_id` optional), and so does every list route that takes a building filter."""
from __future__ import annotations

from datetime import date

from domain.platform.users import hash_password
from queries.meetings import meetings as qm
from tests.factories import api_user, board_user, give_right, make_building, make_owner, make_unit, token


async def _meeting(conn, org, building, title: str, status: str = "draft"):  # type: ignore[no-untyped-def]
    from datetime import datetime
    meeting = await qm.insert(conn, org.id, building.id, {
        "meeting_type": "ordinary", "title": title, "description": None,
        "scheduled_at": datetime(2027, 6, 1, 18), "location": "Salle", "video_url": None})
    if status != "draft":
        await qm.set_state(conn, org.id, meeting.id, status, convened_on=date(2027, 5, 1))
    return meeting


async def test_meetings_without_building_list_the_organisations(client, conn):
    org, _user, headers = await api_user(conn)
    a, b = await make_building(conn, org), await make_building(conn, org)
    for i in range(3):
        await _meeting(conn, org, a, f"AG A{i}")
    await _meeting(conn, org, b, "AG B")
    other_org, _u, _h = await api_user(conn)
    await _meeting(conn, other_org, await make_building(conn, other_org), "AG d'ailleurs")
    resp = await client.get("/api/v1/meetings", headers=headers, query_string={"per_page": 2})
    body = await resp.get_json()
    assert resp.status_code == 200 and body["pagination"]["total_items"] == 4 and len(body["data"]) == 2
    everything = await (await client.get("/api/v1/meetings?per_page=100", headers=headers)).get_json()
    assert sorted(m["title"] for m in everything["data"]) == ["AG A0", "AG A1", "AG A2", "AG B"]
    only_b = await (await client.get(f"/api/v1/meetings?building_id={b.id}", headers=headers)).get_json()
    assert [m["title"] for m in only_b["data"]] == ["AG B"]
    bad = await client.get("/api/v1/meetings?building_id=nope", headers=headers)
    assert bad.status_code == 422 and "building_id" in (await bad.get_json())["errors"]


async def test_an_owner_lists_the_convened_meetings_of_their_buildings_only(client, conn):
    org, _syndic, _headers = await api_user(conn)
    mine, theirs = await make_building(conn, org), await make_building(conn, org)
    from queries.platform import users as qa
    user = await qa.insert_user(conn, "owner-list@example.test", hash_password("x" * 12), "Owner")
    await qa.add_membership(conn, org.id, user.id, "owner")
    unit = await make_unit(conn, org, mine)
    await give_right(conn, org, unit, await make_owner(conn, org, user=user))
    await _meeting(conn, org, mine, "Brouillon")
    await _meeting(conn, org, mine, "Convoquée", "convened")
    await _meeting(conn, org, theirs, "Ailleurs", "convened")
    headers = {"Authorization": f"Bearer {await token(conn, user, org, 'owner')}"}
    body = await (await client.get("/api/v1/meetings", headers=headers)).get_json()
    assert [m["title"] for m in body["data"]] == ["Convoquée"] and body["pagination"]["total_items"] == 1


async def test_a_board_member_lists_the_meetings_of_their_boards_buildings(client, conn):
    org, _syndic, _headers = await api_user(conn)
    mine, theirs = await make_building(conn, org), await make_building(conn, org)
    await _meeting(conn, org, mine, "Mon conseil")
    await _meeting(conn, org, theirs, "Autre conseil")
    _user, headers = await board_user(conn, org, mine)
    body = await (await client.get("/api/v1/meetings", headers=headers)).get_json()
    assert [m["title"] for m in body["data"]] == ["Mon conseil"]
    refused = await client.get(f"/api/v1/meetings?building_id={theirs.id}", headers=headers)
    assert refused.status_code == 404


async def test_agenda_requests_without_building_list_the_organisations(client, conn):
    org, _user, headers = await api_user(conn)
    a, b = await make_building(conn, org), await make_building(conn, org)
    owner = await make_owner(conn, org)
    for building in (a, b):
        await conn.execute("INSERT INTO agenda_requests (organization_id, building_id, owner_id, title) "
                           "VALUES ($1, $2, $3, 'Point')", org.id, building.id, owner["id"])
    body = await (await client.get("/api/v1/agenda-requests", headers=headers)).get_json()
    assert sorted(r["building_id"] for r in body["data"]) == sorted([str(a.id), str(b.id)])
    one = await (await client.get(f"/api/v1/agenda-requests?building_id={a.id}", headers=headers)).get_json()
    assert [r["building_id"] for r in one["data"]] == [str(a.id)]


async def test_units_and_expenses_list_without_a_building(client, conn):
    org, _user, headers = await api_user(conn)
    await make_unit(conn, org, await make_building(conn, org))
    assert (await client.get("/api/v1/units", headers=headers)).status_code == 200
    assert (await client.get("/api/v1/expenses", headers=headers)).status_code == 200
