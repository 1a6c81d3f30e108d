"""/api/v1/meetings end to end against real PostgreSQL: shapes, the legal flow, bad input, roles, tenants."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.factories import (
    api_user,
    bearer,
    give_right,
    make_building,
    make_owner,
    make_unit,
    make_user,
    the_day_comes,
    token,
)
from web.i18n import read_catalogue

SOON = (date.today() + timedelta(days=30)).isoformat() + "T18:00:00"


async def building_with_owners(conn, org, quotas=(300, 250, 250, 200), jurisdiction="BE"):  # type: ignore[no-untyped-def]
    building = await make_building(conn, org, jurisdiction=jurisdiction, total_quota=sum(quotas))
    owners = []
    for i, quota in enumerate(quotas):
        unit = await make_unit(conn, org, building, number=f"L{i + 1}", quota=quota)
        user = await make_user(conn, org, "owner")
        owner = await make_owner(conn, org, last_name=f"Proprio{i + 1}", user=user, email=f"p{i}@example.test",
                                 accepts_email_notices=True)
        await give_right(conn, org, unit, owner)
        owners.append((owner, bearer(await token(conn, user, org, "owner"))))
    return building, owners


async def convened(client, conn, headers, building, items=2):  # type: ignore[no-untyped-def]
    resp = await client.post("/api/v1/meetings", headers=headers, json={
        "building_id": str(building.id), "meeting_type": "Ordinary", "title": "AG 2026",
        "description": "Annuelle", "scheduled_date": SOON, "location": "Salle communale"})
    assert resp.status_code == 201, await resp.get_data()
    meeting = await resp.get_json()
    for kind in ("budget", "works")[:items]:
        r = await client.post(f"/api/v1/meetings/{meeting['id']}/agenda-items", headers=headers,
                              json={"title": f"Point {kind}", "decision_kind": kind, "draft_resolution": "Décide."})
        assert r.status_code == 201, await r.get_data()
    resp = await client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=headers)
    assert resp.status_code == 200, await resp.get_data()
    return meeting["id"]


async def test_existing_clients_create_and_read_meetings(client, conn):
    org, _, headers = await api_user(conn)
    building, _ = await building_with_owners(conn, org)
    resp = await client.post("/api/v1/meetings", headers=headers, json={
        "building_id": str(building.id), "meeting_type": "Extraordinary", "title": "AGE toiture",
        "description": "Travaux", "scheduled_date": "2027-03-15T18:00:00Z", "location": "Salle"})
    body = await resp.get_json()
    assert resp.status_code == 201 and body["meeting_type"] == "Extraordinary" and body["status"] == "draft"
    assert body["scheduled_date"] == "2027-03-15T19:00:00"  # UTC → Brussels local time
    listed = await (await client.get(f"/api/v1/meetings?building_id={building.id}", headers=headers)).get_json()
    assert [m["title"] for m in listed["data"]] == ["AGE toiture"] and listed["pagination"]["total_items"] == 1
    upd = await client.put(f"/api/v1/meetings/{body['id']}", headers=headers, json={"location": "Sous-sol"})
    assert (await upd.get_json())["location"] == "Sous-sol"
    cancelled = await client.post(f"/api/v1/meetings/{body['id']}/cancel", headers=headers)
    assert (await cancelled.get_json())["status"] == "cancelled"


async def test_short_notice_is_refused_with_the_earliest_date(client, conn):
    org, _, headers = await api_user(conn)
    building, _ = await building_with_owners(conn, org)
    day = date.today() + timedelta(days=10)
    meeting = await (await client.post("/api/v1/meetings", headers=headers, json={
        "building_id": str(building.id), "meeting_type": "ordinary", "title": "AG", "scheduled_date": day.isoformat(),
        "location": "Salle"})).get_json()
    await client.post(f"/api/v1/meetings/{meeting['id']}/agenda-items", headers=headers, json={"title": "Info"})
    resp = await client.post(f"/api/v1/meetings/{meeting['id']}/convene", headers=headers)
    assert resp.status_code == 422
    earliest = (date.today() + timedelta(days=15)).strftime("%d/%m/%Y")
    assert earliest in (await resp.get_json())["errors"]["scheduled_date"]
    assert await conn.fetchval("SELECT count(*) FROM outbox WHERE organization_id = $1", org.id) == 0


async def test_full_assembly_through_the_api(client, conn):
    org, _, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org)
    mid = await convened(client, conn, headers, building)
    deliveries = await (await client.get(f"/api/v1/meetings/{mid}/deliveries", headers=headers)).get_json()
    assert {(d["channel"], d["status"]) for d in deliveries["data"]} == {("email", "pending")}
    for (owner, _), status in zip(owners, ["present", "present", "present", "absent"], strict=False):
        r = await client.post(f"/api/v1/meetings/{mid}/attendance", headers=headers,
                              json={"owner_id": str(owner["id"]), "status": status})
        assert r.status_code == 201
    reg = await (await client.get(f"/api/v1/meetings/{mid}/attendance", headers=headers)).get_json()
    assert reg["quorum"]["met"] and reg["quorum"]["quota_present"] == 800
    await the_day_comes(conn, mid)
    assert (await client.post(f"/api/v1/meetings/{mid}/open", headers=headers)).status_code == 200
    items = (await (await client.get(f"/api/v1/meetings/{mid}/agenda-items", headers=headers)).get_json())["data"]
    rid = items[0]["id"]
    assert (await client.post(f"/api/v1/meetings/{mid}/resolutions/{rid}/open", headers=headers)).status_code == 200
    for (_owner, owner_headers), choice in zip(owners[:3], ["for", "against", "abstain"], strict=False):
        r = await client.post(f"/api/v1/resolutions/{rid}/votes", headers=owner_headers, json={"choice": choice})
        assert r.status_code == 201, await r.get_data()
    again = await client.post(f"/api/v1/resolutions/{rid}/votes", headers=owners[0][1], json={"choice": "against"})
    assert again.status_code == 409
    votes = await (await client.get(f"/api/v1/resolutions/{rid}/votes", headers=headers)).get_json()
    assert sorted(v["quota"] for v in votes["data"]) == [250, 250, 300]
    closed = await client.post(f"/api/v1/meetings/{mid}/resolutions/{rid}/close", headers=headers)
    result = (await closed.get_json())["result"]
    assert result["adopted"] and (result["for_quota"], result["cast_quota"]) == (300, 550)
    late = await client.post(f"/api/v1/resolutions/{rid}/votes", headers=owners[1][1], json={"choice": "for"})
    assert late.status_code == 409
    assert (await client.post(f"/api/v1/meetings/{mid}/close", headers=headers)).status_code == 200
    minutes = await (await client.get(f"/api/v1/meetings/{mid}/minutes", headers=headers)).get_json()
    assert minutes["resolutions"][0]["result"]["against"][0]["name"] == "Alex Proprio2"
    assert minutes["resolutions"][1]["vote_status"] == "pending"
    assert minutes["resolutions"][0]["majority_label"] == "majorité absolue des voix exprimées"
    pdf = await client.get(f"/meetings/{mid}/minutes.pdf", headers=headers)
    assert pdf.status_code == 200 and (await pdf.get_data()).startswith(b"%PDF")
    english = await (await client.get(f"/api/v1/meetings/{mid}/minutes",
                                      headers={**headers, "Accept-Language": "en"})).get_json()
    label = english["resolutions"][0]["majority_label"]
    assert label == read_catalogue("en")["majorité absolue des voix exprimées"].string and "majorité" not in label


async def test_bad_votes_are_4xx_and_write_nothing(client, conn):
    org, _, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org)
    mid = await convened(client, conn, headers, building, items=1)
    for owner, _ in owners[:3]:
        await client.post(f"/api/v1/meetings/{mid}/attendance", headers=headers,
                          json={"owner_id": str(owner["id"]), "status": "present"})
    await the_day_comes(conn, mid)
    await client.post(f"/api/v1/meetings/{mid}/open", headers=headers)
    rid = (await (await client.get(f"/api/v1/meetings/{mid}/agenda-items", headers=headers)).get_json())["data"][0]["id"]
    pending = await client.post(f"/api/v1/resolutions/{rid}/votes", headers=owners[0][1], json={"choice": "for"})
    assert pending.status_code == 409
    await client.post(f"/api/v1/meetings/{mid}/resolutions/{rid}/open", headers=headers)
    cases = [
        (owners[0][1], b"{not json", 400),
        (owners[0][1], b'["for"]', 400),
        (owners[0][1], b'{"choice": "for", "weight": 999}', 422),
        (owners[0][1], b'{"choice": "maybe"}', 422),
        (owners[0][1], b'{"choice": "for", "owner_id": "zzz"}', 422),
        (owners[0][1], f'{{"choice": "for", "owner_id": "{owners[1][0]["id"]}"}}'.encode(), 403),
        (owners[3][1], b'{"choice": "for"}', 422),  # absent
        (headers, b'{"choice": "for"}', 422),  # the syndic must say for whom
    ]
    for who, body, status in cases:
        resp = await client.post(f"/api/v1/resolutions/{rid}/votes", headers={**who, "Content-Type": "application/json"},
                                 data=body)
        assert resp.status_code == status, (body, await resp.get_data())
    assert await conn.fetchval("SELECT count(*) FROM votes WHERE agenda_item_id = $1", rid) == 0


async def test_a_fourth_proxy_is_refused(client, conn):
    org, _, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org, quotas=(100, 100, 100, 100, 100, 500))
    mid = await convened(client, conn, headers, building, items=1)
    holder = str(owners[0][0]["id"])
    for owner, _ in owners[1:4]:
        r = await client.post(f"/api/v1/meetings/{mid}/attendance", headers=headers, json={
            "owner_id": str(owner["id"]), "status": "represented", "proxy_holder_owner_id": holder})
        assert r.status_code == 201
    resp = await client.post(f"/api/v1/meetings/{mid}/attendance", headers=headers, json={
        "owner_id": str(owners[5][0]["id"]), "status": "represented", "proxy_holder_owner_id": holder})
    assert resp.status_code == 422
    assert "trois" in (await resp.get_json())["errors"]["proxy_holder_name"]
    assert await conn.fetchval("SELECT count(*) FROM attendance WHERE meeting_id = $1", mid) == 3


@pytest.mark.parametrize("path", ["convene", "open", "close", "cancel"])
async def test_only_the_syndic_convenes_and_closes(client, conn, path):
    org, _, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org)
    mid = await convened(client, conn, headers, building, items=1)
    resp = await client.post(f"/api/v1/meetings/{mid}/{path}", headers=owners[0][1])
    assert resp.status_code == 403
    _o, _u, board = await api_user(conn, "board_member", org)
    assert (await client.post(f"/api/v1/meetings/{mid}/{path}", headers=board)).status_code == 403


async def test_another_organisation_sees_nothing(client, conn):
    org, _, headers = await api_user(conn)
    building, _owners = await building_with_owners(conn, org)
    mid = await convened(client, conn, headers, building, items=1)
    _other, _u, stranger = await api_user(conn)
    for path in ("", "/agenda-items", "/attendance", "/minutes", "/results", "/deliveries"):
        assert (await client.get(f"/api/v1/meetings/{mid}{path}", headers=stranger)).status_code == 404
    assert (await client.post(f"/api/v1/meetings/{mid}/close", headers=stranger)).status_code == 404
    listed = await client.get(f"/api/v1/meetings?building_id={building.id}", headers=stranger)
    assert listed.status_code == 404


async def test_unknown_fields_and_bad_values_on_create(client, conn):
    org, _, headers = await api_user(conn)
    building, _ = await building_with_owners(conn, org)
    base = {"building_id": str(building.id), "meeting_type": "Ordinary", "title": "AG", "scheduled_date": SOON,
            "location": "Salle"}
    for body, field in [({**base, "quorum": 1}, "quorum"), ({**base, "meeting_type": "Annual"}, "meeting_type"),
                        ({**base, "scheduled_date": "demain"}, "scheduled_date"), ({**base, "title": ""}, "title"),
                        ({**base, "building_id": "x"}, "building_id")]:
        resp = await client.post("/api/v1/meetings", headers=headers, json=body)
        assert resp.status_code == 422 and field in (await resp.get_json())["errors"]
    assert (await client.post("/api/v1/meetings", headers={**headers, "Content-Type": "application/json"},
                              data=b"{")).status_code == 400


async def test_owner_requests_an_item_and_the_syndic_accepts_it(client, conn):
    org, _, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org)
    meeting = await (await client.post("/api/v1/meetings", headers=headers, json={
        "building_id": str(building.id), "meeting_type": "Ordinary", "title": "AG", "scheduled_date": SOON,
        "location": "Salle"})).get_json()
    asked = await client.post("/api/v1/agenda-requests", headers=owners[0][1], json={
        "building_id": str(building.id), "title": "Installer des bornes de recharge"})
    req = await asked.get_json()
    assert asked.status_code == 201 and req["status"] == "pending" and req["requested_at"]
    accepted = await client.post(f"/api/v1/agenda-requests/{req['id']}/accept", headers=headers, json={
        "meeting_id": meeting["id"], "decision_kind": "works", "draft_resolution": "Installer 4 bornes."})
    assert accepted.status_code == 201 and (await accepted.get_json())["majority"] == "two_thirds"
    again = await client.post(f"/api/v1/agenda-requests/{req['id']}/answer", headers=headers, json={"answer": "x"})
    assert again.status_code == 409
    mine = await (await client.get("/api/v1/agenda-requests", headers=owners[0][1])).get_json()
    assert mine["data"][0]["status"] == "accepted"


async def test_openapi_documents_the_assembly_routes(client, conn):
    spec = await (await client.get("/api/v1/openapi.json")).get_json()
    for path in ("/api/v1/meetings", "/api/v1/meetings/{id}/convene", "/api/v1/resolutions/{id}/votes",
                 "/api/v1/meetings/{id}/minutes", "/api/v1/meetings/{id}/attendance", "/api/v1/meetings/{id}/close"):
        assert path in spec["paths"]
    assert "MeetingInput" in spec["components"]["schemas"]


async def test_cancelling_a_convened_assembly_tells_everyone_convened(client, conn):
    org, _, headers = await api_user(conn)
    building, _owners = await building_with_owners(conn, org)
    mid = await convened(client, conn, headers, building, items=1)
    resp = await client.post(f"/api/v1/meetings/{mid}/cancel", headers=headers)
    assert resp.status_code == 200 and (await resp.get_json())["status"] == "cancelled"
    rows = await conn.fetch("SELECT x.subject, x.attachment FROM meeting_mailings mm JOIN outbox x ON x.id = mm.outbox_id "
                            "WHERE mm.meeting_id = $1 AND mm.document = 'cancellation'", mid)
    assert len(rows) == 4 and all(r["subject"].startswith("Annulation") and r["attachment"] is None for r in rows)
    again = await client.post(f"/api/v1/meetings/{mid}/cancel", headers=headers)
    assert again.status_code == 409
    letters = await client.get(f"/meetings/{mid}/letters.pdf", headers=headers)
    assert letters.status_code == 200
