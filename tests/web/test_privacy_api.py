"""Personal data through the API and the pages: export (own only), rectification audited with ids only,
consents with who / when / how, erasure refused with its reason, the breach log's 72-hour deadline."""
from __future__ import annotations

from datetime import date

from queries.platform import audit
from tests.factories import (
    api_user,
    bearer,
    browser_login,
    give_right,
    make_building,
    make_owner,
    make_unit,
    make_user,
    token,
)


async def _owner_with_login(conn, org, name="Martin"):  # type: ignore[no-untyped-def]
    building = await make_building(conn, org)
    user = await make_user(conn, org, "owner")
    owner = await make_owner(conn, org, name, user=user, email=f"{name.lower()}@example.test")
    await give_right(conn, org, await make_unit(conn, org, building), owner, start=date(2019, 1, 1))
    return owner, bearer(await token(conn, user, org, "owner")), building


async def test_an_owner_exports_their_own_data_and_nobody_elses(client, conn):
    org, _user, syndic = await api_user(conn)
    mine, me, _b = await _owner_with_login(conn, org, "Martin")
    theirs, _them, _b2 = await _owner_with_login(conn, org, "Dubois")
    resp = await client.get(f"/api/v1/owners/{mine['id']}/personal-data", headers=me)
    body = await resp.get_json()
    assert resp.status_code == 200 and body["identity"]["last_name"] == "Martin"
    assert body["contact"]["email"] == "martin@example.test" and body["rights"][0]["start_date"] == "2019-01-01"
    assert body["account"]["email"] and {"ledger", "votes", "documents", "consents"} <= set(body)
    assert (await client.get(f"/api/v1/owners/{theirs['id']}/personal-data", headers=me)).status_code == 404
    assert (await client.get(f"/api/v1/owners/{theirs['id']}/personal-data", headers=syndic)).status_code == 200
    _org, _u, accountant = await api_user(conn, "accountant", org)
    assert (await client.get(f"/api/v1/owners/{mine['id']}/personal-data", headers=accountant)).status_code == 403
    _other, _u2, stranger = await api_user(conn)
    assert (await client.get(f"/api/v1/owners/{mine['id']}/personal-data", headers=stranger)).status_code == 404
    entries = await audit.list_for_entity(conn, org.id, "owner", mine["id"])
    assert "export_personal_data" in [e.action for e in entries]


async def test_an_owner_corrects_their_contact_and_the_syndic_sees_it(client, conn):
    org, _user, syndic = await api_user(conn)
    mine, me, _b = await _owner_with_login(conn, org)
    resp = await client.put("/api/v1/me/contact", headers=me, json={"email": "nouveau@example.test",
                                                                     "phone": "+32 2 555 00 00"})
    assert resp.status_code == 200, await resp.get_json()
    seen = await (await client.get(f"/api/v1/owners/{mine['id']}", headers=syndic)).get_json()
    assert (seen["email"], seen["phone"], seen["last_name"]) == ("nouveau@example.test", "+32 2 555 00 00", "Martin")
    [entry] = [e for e in await audit.list_for_entity(conn, org.id, "owner", mine["id"]) if e.action == "rectify"]
    assert entry.after["personal"] == ["email", "phone"] and "nouveau@example.test" not in str(entry.after)
    syndic_page = await client.get(f"/owners/{mine['id']}/privacy", headers=syndic)
    assert "email, phone" in await syndic_page.get_data(as_text=True)
    bad = await client.put("/api/v1/me/contact", headers=me, json={"email": "pas un email", "last_name": "X"})
    errors = (await bad.get_json())["errors"]
    assert bad.status_code == 422 and {"email", "last_name"} <= set(errors)
    assert (await client.put("/api/v1/me/contact", headers=syndic, json={"phone": "1"})).status_code == 403


async def test_consent_is_recorded_with_who_when_how_and_withdrawn(client, conn):
    org, _user, syndic = await api_user(conn)
    mine, me, _b = await _owner_with_login(conn, org)
    resp = await client.post(f"/api/v1/owners/{mine['id']}/consents", headers=me, json={"method": "portal"})
    assert resp.status_code == 201 and (await resp.get_json())["method"] == "portal"
    assert await conn.fetchval("SELECT accepts_email_notices FROM owners WHERE id = $1", mine["id"]) is True
    again = await client.post(f"/api/v1/owners/{mine['id']}/consents", headers=me, json={})
    assert again.status_code == 409
    paper = await client.post(f"/api/v1/owners/{mine['id']}/consents", headers=me, json={"method": "paper"})
    assert paper.status_code in (409, 422)
    gone = await client.post(f"/api/v1/owners/{mine['id']}/consents/withdraw", headers=syndic, json={})
    assert gone.status_code == 200 and (await gone.get_json())["withdrawn_method"] == "syndic"
    assert await conn.fetchval("SELECT accepts_email_notices FROM owners WHERE id = $1", mine["id"]) is False
    signed = await client.post(f"/api/v1/owners/{mine['id']}/consents", headers=syndic,
                               json={"method": "paper", "evidence": "Formulaire signé du 3 mars"})
    assert signed.status_code == 201
    history = (await (await client.get(f"/api/v1/owners/{mine['id']}/consents", headers=me)).get_json())["history"]
    assert [(c["method"], c["withdrawn_at"] is None) for c in history] == [("portal", False), ("paper", True)]


async def test_erasure_is_refused_with_its_reason(client, conn):
    org, _user, syndic = await api_user(conn)
    mine, me, _b = await _owner_with_login(conn, org)
    resp = await client.post(f"/api/v1/owners/{mine['id']}/erase", headers=syndic)
    body = await resp.get_json()
    assert resp.status_code == 409 and "actuel" in body["message"] and "owner_id" in body["errors"]
    assert (await client.post(f"/api/v1/owners/{mine['id']}/erase", headers=me)).status_code == 403


async def test_the_breach_log_shows_the_72_hour_deadline(client, conn):
    org, _user, syndic = await api_user(conn)
    resp = await client.post("/api/v1/privacy/breaches", headers=syndic, json={
        "discovered_at": "2026-03-02", "description": "Un courriel de convocation envoyé au mauvais destinataire",
        "people_affected": 1})
    assert resp.status_code == 201
    [entry] = (await (await client.get("/api/v1/privacy/breaches", headers=syndic)).get_json())["data"]
    assert entry["deadline"].startswith("2026-03-05T12:00") and entry["late"] is True
    bad = await client.post("/api/v1/privacy/breaches", headers=syndic, json={"people_affected": -1})
    assert bad.status_code == 422 and {"discovered_at", "description", "people_affected"} <= set(
        (await bad.get_json())["errors"])


async def test_the_pages_render(client, conn):
    org, _user, _csrf = await browser_login(client, conn)
    owner = await make_owner(conn, org, "Page")
    for path in ("/privacy", f"/owners/{owner['id']}/privacy"):
        resp = await client.get(path)
        assert resp.status_code == 200, path
    assert "Registre des traitements" in await (await client.get("/privacy")).get_data(as_text=True)
    pdf = await client.get(f"/owners/{owner['id']}/personal-data.pdf")
    assert pdf.status_code == 200 and (await pdf.get_data()).startswith(b"%PDF")
    js = await client.get(f"/owners/{owner['id']}/personal-data.json")
    assert js.headers["Content-Disposition"].startswith("attachment")


async def test_the_owners_page_rectifies_and_consents_without_javascript(client, conn):
    org, user, csrf = await browser_login(client, conn, "owner")
    owner = await make_owner(conn, org, "Portail", user=user, email="portail@example.test")
    await give_right(conn, org, await make_unit(conn, org, await make_building(conn, org)), owner)
    page = await client.get("/portal/privacy")
    assert page.status_code == 200 and "portail@example.test" in await page.get_data(as_text=True)
    bad = await client.post("/portal/privacy/contact", form={"csrf_token": csrf, "email": "faux", "city": "Liège"})
    assert bad.status_code == 422 and "Liège" in await bad.get_data(as_text=True)
    ok = await client.post("/portal/privacy/contact", form={"csrf_token": csrf, "email": "neuf@example.test"})
    assert ok.status_code == 303
    given = await client.post("/portal/privacy/consent", form={"csrf_token": csrf, "give": "1"})
    assert given.status_code == 303
    assert await conn.fetchval("SELECT accepts_email_notices FROM owners WHERE id = $1", owner["id"]) is True
    portal = await (await client.get("/portal")).get_data(as_text=True)
    assert "Mes documents" in portal and "/portal/privacy" in portal
