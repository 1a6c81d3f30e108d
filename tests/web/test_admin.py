"""Platform administration: only the superadmin creates organisations; the first syndic is invited."""
from __future__ import annotations

import re

from tests.factories import api_user, bearer, make_user, token


async def test_superadmin_creates_an_organisation_and_its_syndic_joins(client, conn):
    admin = await make_user(conn, None, superadmin=True)
    headers = bearer(await token(conn, admin, None, "superadmin"))
    resp = await client.post("/api/v1/organizations", json={"name": "Syndic Nouveau", "syndic_email": "s@new.test"},
                             headers=headers)
    assert resp.status_code == 201
    mail = await conn.fetchval("SELECT body FROM outbox WHERE recipient = 's@new.test'")
    link = re.search(r"/invitations/([A-Za-z0-9_-]+)", mail).group(1)
    accept = {"token": link, "full_name": "Sam Syndic", "password": "0123456789ab"}
    assert (await client.post("/api/v1/auth/invitations/accept", json=accept)).status_code == 201
    login = await (await client.post("/api/v1/auth/login", json={"email": "s@new.test",
                                                                 "password": "0123456789ab"})).get_json()
    assert login["organization_name"] == "Syndic Nouveau" and login["active_role"] == "syndic"
    names = [o["name"] for o in (await (await client.get("/api/v1/organizations", headers=headers)).get_json())["data"]]
    assert "Syndic Nouveau" in names


async def test_others_cannot_manage_organisations(client, conn):
    _, _, headers = await api_user(conn, "syndic")
    assert (await client.get("/api/v1/organizations", headers=headers)).status_code == 403
    resp = await client.post("/api/v1/organizations", json={"name": "X", "syndic_email": "x@x.test"}, headers=headers)
    assert resp.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM organizations WHERE name = 'X'") == 0


async def test_admin_page_creates_with_invitation_link(client, conn):
    from domain.platform.users import csrf_for
    admin = await make_user(conn, None, superadmin=True)
    value = await token(conn, admin, None, "superadmin", kind="session")
    client.set_cookie("localhost", "kg_session", value)
    bad = await client.post("/admin/organizations", form={"csrf_token": csrf_for(value), "name": "Copro Soleil",
                                                         "syndic_email": "pas-un-email"})
    assert bad.status_code == 422 and 'value="Copro Soleil"' in await bad.get_data(as_text=True)
    ok = await client.post("/admin/organizations", form={"csrf_token": csrf_for(value), "name": "Copro Soleil",
                                                        "syndic_email": "a@b.test", "kind": "self_managed"})
    html = await ok.get_data(as_text=True)
    assert ok.status_code == 200 and "/invitations/" not in html and "Copro Soleil" in html
    assert "a@b.test" in html and await conn.fetchval("SELECT count(*) FROM outbox WHERE recipient = 'a@b.test'") == 1
