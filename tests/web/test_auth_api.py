"""Accounts through the API and the pages: login, tokens, rate limit, roles, invitations."""
from __future__ import annotations

import re

from tests.factories import PASSWORD, bearer, browser_login, make_org, make_user


async def _login(client, email, password=PASSWORD):  # type: ignore[no-untyped-def]
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_login_me_logout_revokes_the_token(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic", email="Sophie@Example.test")
    resp = await _login(client, "sophie@example.test")
    assert resp.status_code == 200
    body = await resp.get_json()
    assert body["token_type"] == "Bearer" and body["active_role"] == "syndic"
    headers = bearer(body["token"])
    me = await (await client.get("/api/v1/auth/me", headers=headers)).get_json()
    assert me["user"]["email"] == user.email and me["roles"] == ["syndic"]
    assert me["organization_id"] == str(org.id)
    stored = await conn.fetchval("SELECT count(*) FROM auth_tokens WHERE token_hash = sha256($1::bytea)",
                                 body["token"].encode())
    assert stored == 1  # only the hash is kept
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401


async def test_wrong_password_is_401_and_logged(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    assert (await _login(client, user.email, "wrong-password")).status_code == 401
    assert (await _login(client, "nobody@example.test", "x")).status_code == 401
    logged = await conn.fetch("SELECT succeeded FROM login_attempts WHERE email = $1", user.email)
    assert [r["succeeded"] for r in logged] == [False]


async def test_repeated_failures_get_429_with_retry_after(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    for _ in range(3):
        assert (await _login(client, user.email, "wrong-password")).status_code == 401
    blocked = await _login(client, user.email)  # even the right password, from there, for a while
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0


async def test_login_bad_input(client, conn):
    assert (await client.post("/api/v1/auth/login", json={"email": "a@b.c"})).status_code == 422
    assert (await client.post("/api/v1/auth/login", data=b"{", headers={"Content-Type": "application/json"})
            ).status_code == 400
    resp = await client.post("/api/v1/auth/login", json={"email": 3, "password": "x"})
    assert resp.status_code == 422 and "email" in (await resp.get_json())["errors"]


async def test_switch_role_changes_what_the_user_may_do(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic", "owner")
    token = (await (await _login(client, user.email)).get_json())["token"]
    headers = bearer(token)
    me = await (await client.get("/api/v1/auth/me", headers=headers)).get_json()
    assert me["active_role"] == "syndic" and sorted(me["roles"]) == ["owner", "syndic"]
    switched = await client.post("/api/v1/auth/switch-role", json={"role": "owner"}, headers=headers)
    assert (await switched.get_json())["active_role"] == "owner"
    building = {"name": "B", "address": "A", "city": "C", "postal_code": "1", "total_units": 1}
    assert (await client.post("/api/v1/buildings", json=building, headers=headers)).status_code == 403
    refused = await client.post("/api/v1/auth/switch-role", json={"role": "accountant"}, headers=headers)
    assert refused.status_code == 422


async def test_invitation_is_single_use_and_grants_the_role(client, conn):
    org = await make_org(conn)
    syndic = await make_user(conn, org, "syndic")
    headers = bearer((await (await _login(client, syndic.email)).get_json())["token"])
    resp = await client.post("/api/v1/auth/invitations", json={"email": "new@example.test", "role": "accountant"},
                             headers=headers)
    assert resp.status_code == 201
    body = await conn.fetchval("SELECT body FROM outbox WHERE recipient = 'new@example.test'")
    token = re.search(r"/invitations/([A-Za-z0-9_-]+)", body).group(1)
    accept = {"token": token, "full_name": "Nouvelle Comptable", "password": "un-long-mot-de-passe"}
    assert (await client.post("/api/v1/auth/invitations/accept", json=accept)).status_code == 201
    assert (await client.post("/api/v1/auth/invitations/accept", json=accept)).status_code == 404
    me = await (await _login(client, "new@example.test", "un-long-mot-de-passe")).get_json()
    assert me["active_role"] == "accountant" and me["organization_id"] == str(org.id)


async def test_only_a_syndic_invites(client, conn):
    org = await make_org(conn)
    owner = await make_user(conn, org, "owner")
    headers = bearer((await (await _login(client, owner.email)).get_json())["token"])
    resp = await client.post("/api/v1/auth/invitations", json={"email": "x@example.test", "role": "syndic"},
                             headers=headers)
    assert resp.status_code == 403


async def test_html_login_sets_a_hardened_cookie_and_logout_revokes(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    page = await (await client.get("/login")).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = await client.post("/login", form={"csrf_token": csrf, "email": user.email, "password": PASSWORD})
    assert resp.status_code == 303 and resp.headers["Location"] == "/desk"  # the syndic's home (issue 17)
    cookie = resp.headers["Set-Cookie"]
    assert "kg_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    dashboard = await client.get("/buildings")
    assert dashboard.status_code == 200
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', await dashboard.get_data(as_text=True)).group(1)
    assert (await client.post("/logout", form={"csrf_token": csrf})).status_code == 303
    assert (await client.get("/buildings")).status_code == 303


async def test_html_login_failure_keeps_the_email(client, conn):
    page = await (await client.get("/login")).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = await client.post("/login", form={"csrf_token": csrf, "email": "who@example.test", "password": "x"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 401
    assert 'value="who@example.test"' in html and "E-mail ou mot de passe incorrect." in html


async def test_role_switch_from_the_header(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic", "owner")
    from domain.platform.users import csrf_for
    from tests.factories import token as make_token
    value = await make_token(conn, user, org, "syndic", kind="session")
    client.set_cookie("localhost", "kg_session", value)
    page = await (await client.get("/buildings")).get_data(as_text=True)
    assert 'name="role" value="owner"' in page
    resp = await client.post("/account/role", form={"csrf_token": csrf_for(value), "role": "owner"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/portal"


async def test_invite_page_says_the_invitation_was_mailed(client, conn):
    _, _, csrf = await browser_login(client, conn)
    resp = await client.post("/members", form={"csrf_token": csrf, "email": "nouveau@example.test",
                                               "role": "owner"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Invitation envoyée par e-mail à nouveau@example.test" in html
