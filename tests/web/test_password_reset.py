"""Password reset: the same answer whether the address has an account; the link e-mailed (the outbox), single
use, short-lived, stored hashed; the new password works, the old one and every session stop; asking is
throttled like a login; the pages work without JavaScript."""
from __future__ import annotations

import re
from datetime import timedelta

from domain.platform.users import hash_token
from tests.factories import PASSWORD, api_user, bearer, csrf_from, make_org, make_user, token


async def _link(conn, email: str) -> str | None:  # type: ignore[no-untyped-def]
    body = await conn.fetchval("SELECT body FROM outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1", email)
    match = re.search(r"/password-reset/([A-Za-z0-9_-]+)", body or "")
    return match.group(1) if match else None


async def _ask(client, email: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return await client.post("/api/v1/auth/password-reset", json={"email": email},
                             scope_base={"client": (ip, 1234)})


async def test_same_answer_known_or_not_and_the_link_mailed(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic", email="reset-me@example.test")
    known, unknown = await _ask(client, user.email), await _ask(client, "nobody@example.test")
    assert known.status_code == unknown.status_code == 202
    assert await known.get_json() == await unknown.get_json() == {"status": "sent_if_known"}
    link = await _link(conn, user.email)
    assert link and await _link(conn, "nobody@example.test") is None
    stored = await conn.fetchval("SELECT token_hash FROM password_resets WHERE user_id = $1", user.id)
    assert stored == hash_token(link) and link.encode() not in stored
    assert await conn.fetchval("SELECT expires_at - clock_timestamp() FROM password_resets WHERE user_id = $1",
                               user.id) <= timedelta(hours=1)


async def test_the_link_sets_a_password_once_and_ends_the_sessions(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "accountant")
    session = bearer(await token(conn, user, org, "accountant"))
    await _ask(client, user.email)
    link = await _link(conn, user.email)
    resp = await client.post("/api/v1/auth/password-reset/confirm", json={"token": link, "password": "un-nouveau-mdp-2026"})
    assert resp.status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=session)).status_code == 401
    again = await client.post("/api/v1/auth/password-reset/confirm", json={"token": link, "password": "encore-un-autre-1"})
    assert again.status_code == 404
    old = await client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    new = await client.post("/api/v1/auth/login", json={"email": user.email, "password": "un-nouveau-mdp-2026"})
    assert old.status_code == 401 and new.status_code == 200


async def test_an_expired_link_and_a_short_password_are_refused(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "owner")
    await _ask(client, user.email)
    link = await _link(conn, user.email)
    short = await client.post("/api/v1/auth/password-reset/confirm", json={"token": link, "password": "court"})
    assert short.status_code == 422 and "password" in (await short.get_json())["errors"]
    await conn.execute("UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1", user.id)
    late = await client.post("/api/v1/auth/password-reset/confirm", json={"token": link, "password": "assez-long-2026"})
    assert late.status_code == 404


async def test_asking_is_throttled_like_a_login(client, conn):
    statuses = [(await _ask(client, "target@example.test", "10.9.9.9")).status_code for _ in range(5)]
    assert statuses[:3] == [202, 202, 202] and statuses[-1] == 429


async def test_the_pages_without_javascript(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    page = await client.get("/password-reset")
    resp = await client.post("/password-reset", form={"csrf_token": csrf_from(await page.get_data(as_text=True)),
                                                      "email": user.email})
    assert resp.status_code == 200 and "Si un compte existe" in await resp.get_data(as_text=True)
    link = await _link(conn, user.email)
    form = await client.get(f"/password-reset/{link}")
    csrf = csrf_from(await form.get_data(as_text=True))
    bad = await client.post(f"/password-reset/{link}", form={"csrf_token": csrf, "password": "court"})
    assert bad.status_code == 422 and "10 caractères" in await bad.get_data(as_text=True)
    done = await client.post(f"/password-reset/{link}", form={"csrf_token": csrf, "password": "tout-neuf-2026"})
    assert done.status_code == 303 and done.headers["Location"] == "/login?reset=done"
    assert (await client.get(f"/password-reset/{link}")).status_code == 404
    assert "Mot de passe oublié" in await (await client.get("/login")).get_data(as_text=True)


async def test_an_account_with_no_organisation_gets_the_same_answer(client, conn):
    _org, _user, _h = await api_user(conn)
    lonely = await make_user(conn, None, superadmin=True)
    assert (await _ask(client, lonely.email)).status_code == 202
