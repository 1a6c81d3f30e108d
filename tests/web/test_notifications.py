"""In-app notifications: a payment recorded and an agenda request answered write a notice for the owner's
account and, by their preference, an e-mail (the outbox) in the same transaction; a legal kind (a convocation)
never sends one here whatever the preference; the unread count in the header (polled by htmx), the page, marked
read; nothing of another user or organisation."""
from __future__ import annotations

from domain.i18n import _
from domain.meetings import agenda_requests
from domain.notifications import notices
from tests.factories import (
    actor,
    api_user,
    bearer,
    give_right,
    make_building,
    make_owner,
    make_unit,
    make_user,
    token,
)


async def _owner_world(conn):  # type: ignore[no-untyped-def]
    org, syndic, headers = await api_user(conn)
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building)
    user = await make_user(conn, org, "owner")
    owner = await make_owner(conn, org, user=user, email=user.email)
    await give_right(conn, org, unit, owner)
    return org, syndic, headers, building, owner, user, bearer(await token(conn, user, org, "owner"))


async def _mails_to(conn, email: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [r["subject"] for r in await conn.fetch("SELECT subject FROM outbox WHERE recipient = $1", email)]


async def test_a_payment_recorded_notifies_the_owner_in_app_and_by_mail(client, conn):
    org, _syndic, headers, building, owner, user, theirs = await _owner_world(conn)
    resp = await client.post(f"/api/v1/buildings/{building.id}/payments", headers=headers,
                             json={"owner_id": str(owner["id"]), "amount": "125.50", "paid_on": "2026-11-30"})
    assert resp.status_code == 201
    body = await (await client.get("/api/v1/notifications", headers=theirs)).get_json()
    assert body["unread"] == 1 and body["data"][0]["kind"] == "payment.recorded"
    assert "125,50" in body["data"][0]["title"] and body["data"][0]["path"] == "/portal"
    assert any("125,50" in s for s in await _mails_to(conn, user.email))


async def test_the_preference_switches_the_mail_off_not_the_notice(client, conn):
    org, syndic, _headers, building, owner, user, theirs = await _owner_world(conn)
    resp = await client.put("/api/v1/notifications/preferences", headers=theirs, json={"agenda_request.answered": False})
    assert resp.status_code == 200
    owner_actor = actor(user, org, "owner")
    request = await agenda_requests.ask_for_item(conn, owner_actor, building.id, {"title": "Vélos"})
    await agenda_requests.answer_request(conn, actor(syndic, org, "syndic"), request.id, {"answer": "Oui."})
    body = await (await client.get("/api/v1/notifications", headers=theirs)).get_json()
    assert [n["kind"] for n in body["data"]] == ["agenda_request.answered"] and "Vélos" in body["data"][0]["title"]
    assert await _mails_to(conn, user.email) == []


async def test_a_legal_kind_is_never_a_preference_nor_mailed_here(client, conn):
    org, _syndic, _headers, building, _owner, user, theirs = await _owner_world(conn)
    refused = await client.put("/api/v1/notifications/preferences", headers=theirs, json={"convocation.sent": False})
    assert refused.status_code == 422 and "convocation.sent" in (await refused.get_json())["errors"]
    async with conn.transaction():
        n = await notices.notify(conn, org.id, "convocation.sent", _("Convocation : « %(title)s » le %(day)s",
                                 title="AG", day="01/03/2027 18:00"), "/meetings/x", building_id=building.id)
    assert n == 1 and await _mails_to(conn, user.email) == []
    prefs = (await (await client.get("/api/v1/notifications/preferences", headers=theirs)).get_json())["data"]
    assert {p["kind"]: p["legal"] for p in prefs}["convocation.sent"] is True


async def test_the_header_count_the_page_and_marking_read(client, conn):
    org, _syndic, _headers, building, owner, user, _theirs = await _owner_world(conn)
    async with conn.transaction():
        await notices.notify(conn, org.id, "document.shared", _("Nouveau document : « %(title)s »", title="Règlement"),
                             "/documents/x", owners=[owner["id"]])
    value = await token(conn, user, org, "owner", kind="session")
    client.set_cookie("localhost", "kg_session", value)
    portal = await (await client.get("/portal")).get_data(as_text=True)
    assert 'hx-trigger="every 60s"' in portal and 'class="badge">1<' in portal
    partial = await client.get("/notifications/count", headers={"HX-Request": "true"})
    text = await partial.get_data(as_text=True)
    assert "<html" not in text and 'class="badge">1<' in text
    page = await (await client.get("/notifications")).get_data(as_text=True)
    assert "Règlement" in page
    from tests.factories import csrf_from
    csrf = csrf_from(page)
    [notice_id] = [r["id"] for r in await conn.fetch("SELECT id FROM notices WHERE user_id = $1", user.id)]
    assert (await client.post(f"/notifications/{notice_id}/read", form={"csrf_token": csrf})).status_code == 303
    assert 'class="badge"' not in await (await client.get("/notifications/count")).get_data(as_text=True)


async def test_nobody_reads_or_marks_anothers_notices(client, conn):
    org, _syndic, headers, _building, owner, _user, _theirs = await _owner_world(conn)
    async with conn.transaction():
        await notices.notify(conn, org.id, "document.shared", _("Nouveau document : « %(title)s »", title="PV"),
                             "/documents/x", owners=[owner["id"]])
    [notice_id] = [r["id"] for r in await conn.fetch("SELECT id FROM notices WHERE organization_id = $1", org.id)]
    assert (await client.post(f"/api/v1/notifications/{notice_id}/read", headers=headers)).status_code == 404
    assert (await (await client.get("/api/v1/notifications", headers=headers)).get_json())["data"] == []
    _o, _u, stranger = await api_user(conn, "owner")
    assert (await client.post(f"/api/v1/notifications/{notice_id}/read", headers=stranger)).status_code == 404
