"""Invitations: the link goes to the invitee by e-mail (the outbox), never back to the inviter; an invitation to
an existing account is accepted only by that account, logged in; the inviter's answer is the same whether the
e-mail has an account or not; a password must be more than spaces."""
from __future__ import annotations

import re

from tests.factories import PASSWORD, api_user, bearer, browser_login, make_org, make_user, token


async def _invite(client, headers, email: str, role: str = "accountant"):  # type: ignore[no-untyped-def]
    return await client.post("/api/v1/auth/invitations", json={"email": email, "role": role}, headers=headers)


async def _link_sent_to(conn, email: str) -> str:  # type: ignore[no-untyped-def]
    body = await conn.fetchval("SELECT body FROM outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1", email)
    assert body, f"no e-mail to {email}"
    return re.search(r"/invitations/([A-Za-z0-9_-]+)", body).group(1)


async def test_the_link_is_mailed_to_the_invitee_not_returned(client, conn):
    org, _user, headers = await api_user(conn)
    resp = await _invite(client, headers, "nouvelle@example.test")
    body = await resp.get_json()
    assert resp.status_code == 201 and "token" not in body and "accept_url" not in body
    assert "/invitations/" not in str(body)
    assert await _link_sent_to(conn, "nouvelle@example.test")
    sent = await conn.fetchrow("SELECT organization_id, subject FROM outbox WHERE recipient = $1",
                               "nouvelle@example.test")
    assert sent["organization_id"] == org.id and org.name in sent["subject"]


async def test_the_answer_is_the_same_whether_the_email_has_an_account(client, conn):
    _org, _user, headers = await api_user(conn)
    elsewhere = await make_user(conn, await make_org(conn), "syndic")
    known = await (await _invite(client, headers, elsewhere.email)).get_json()
    unknown = await (await _invite(client, headers, "personne@example.test")).get_json()
    assert sorted(known) == sorted(unknown) == ["email", "expires_at", "id", "role"]


async def test_an_existing_account_is_attached_only_by_itself_logged_in(client, conn):
    _org, _user, headers = await api_user(conn)
    other_org = await make_org(conn)
    victim = await make_user(conn, other_org, "syndic")
    await _invite(client, headers, victim.email)
    link = await _link_sent_to(conn, victim.email)
    accept = {"token": link, "full_name": "Pirate", "password": "un-long-mot-de-passe"}
    assert (await client.post("/api/v1/auth/invitations/accept", json=accept)).status_code == 401
    intruder = await make_user(conn, other_org, "syndic")
    intruder_headers = bearer(await token(conn, intruder, other_org, "syndic"))
    resp = await client.post("/api/v1/auth/invitations/accept", json={"token": link}, headers=intruder_headers)
    assert resp.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM memberships WHERE user_id = $1", victim.id) == 1
    mine = bearer(await token(conn, victim, other_org, "syndic"))
    resp = await client.post("/api/v1/auth/invitations/accept", json={"token": link}, headers=mine)
    assert resp.status_code == 201
    assert await conn.fetchval("SELECT count(*) FROM memberships WHERE user_id = $1", victim.id) == 2


async def test_the_accept_page_asks_an_existing_account_to_log_in(client, conn):
    _org, _user, headers = await api_user(conn)
    victim = await make_user(conn, await make_org(conn), "owner")
    await _invite(client, headers, victim.email)
    link = await _link_sent_to(conn, victim.email)
    page = await (await client.get(f"/invitations/{link}")).get_data(as_text=True)
    assert "Connectez-vous" in page and f"/login?next=/invitations/{link}" in page
    assert 'name="password"' not in page
    login_page = await (await client.get("/login")).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    resp = await client.post(f"/invitations/{link}", form={"csrf_token": csrf, "full_name": "X",
                                                          "password": "un-long-mot-de-passe"})
    assert resp.status_code in (401, 403)
    assert await conn.fetchval("SELECT count(*) FROM memberships WHERE user_id = $1", victim.id) == 1


async def test_the_invitee_logged_in_accepts_from_the_page(client, conn):
    org, _user, headers = await api_user(conn)
    other = await make_org(conn)
    invitee = await make_user(conn, other, "owner")
    await _invite(client, headers, invitee.email, "board_member")
    link = await _link_sent_to(conn, invitee.email)
    value = await token(conn, invitee, other, "owner", kind="session")
    client.set_cookie("localhost", "kg_session", value)
    page = await (await client.get(f"/invitations/{link}")).get_data(as_text=True)
    assert "Accepter l'invitation" in page and 'name="password"' not in page
    from domain.platform.users import csrf_for
    resp = await client.post(f"/invitations/{link}", form={"csrf_token": csrf_for(value)})
    assert resp.status_code == 303
    roles = await conn.fetch("SELECT organization_id, role FROM memberships WHERE user_id = $1", invitee.id)
    assert {(r["organization_id"], r["role"]) for r in roles} == {(other.id, "owner"), (org.id, "board_member")}


async def test_a_new_account_needs_a_real_password(client, conn):
    _org, _user, headers = await api_user(conn)
    await _invite(client, headers, "neuf@example.test")
    link = await _link_sent_to(conn, "neuf@example.test")
    for weak in (" " * 12, "   abc     ", "\t" * 10 + "ab"):
        resp = await client.post("/api/v1/auth/invitations/accept",
                                 json={"token": link, "full_name": "Neuf", "password": weak})
        assert resp.status_code == 422 and "password" in (await resp.get_json())["errors"]
    resp = await client.post("/api/v1/auth/invitations/accept",
                             json={"token": link, "full_name": "Neuf", "password": " un mot de passe "})
    assert resp.status_code == 201
    login = await client.post("/api/v1/auth/login", json={"email": "neuf@example.test",
                                                          "password": " un mot de passe "})
    assert login.status_code == 200  # the password as typed, spaces included, on the API as in the form


async def test_the_members_page_says_sent_and_shows_no_link(client, conn):
    _org, _user, csrf = await browser_login(client, conn)
    resp = await client.post("/members", form={"csrf_token": csrf, "email": "page@example.test", "role": "owner"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 200 and "/invitations/" not in html and "page@example.test" in html
    assert await _link_sent_to(conn, "page@example.test")


async def test_a_new_organisation_mails_its_first_syndic(client, conn):
    admin = await make_user(conn, None, superadmin=True)
    headers = bearer(await token(conn, admin, None, "superadmin"))
    resp = await client.post("/api/v1/organizations", headers=headers,
                             json={"name": "Nouveau syndic", "syndic_email": "premier@example.test"})
    body = await resp.get_json()
    assert resp.status_code == 201 and "syndic_invitation_token" not in body and "/invitations/" not in str(body)
    assert await _link_sent_to(conn, "premier@example.test")
    _ = PASSWORD
