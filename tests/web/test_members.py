"""/members and /api/v1/members: the organisation's users with roles and buildings, pending invitations resent
and cancelled, roles changed (the last syndic kept), access revoked at once; an invited owner linked to their
record; nothing of another organisation."""
from __future__ import annotations

import re

from tests.factories import (
    PASSWORD,
    api_user,
    bearer,
    browser_login,
    csrf_from,
    make_building,
    make_org,
    make_owner,
    make_user,
    sit_on_board,
    token,
)


async def _link(conn, email: str) -> str:  # type: ignore[no-untyped-def]
    body = await conn.fetchval("SELECT body FROM outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1", email)
    return re.search(r"/invitations/([A-Za-z0-9_-]+)", body).group(1)


async def test_the_list_shows_roles_buildings_and_pending_invitations(client, conn):
    org, syndic, headers = await api_user(conn)
    building = await make_building(conn, org, name="Les Ormes")
    board = await make_user(conn, org, "board_member")
    await sit_on_board(conn, org, board, building)
    await make_user(conn, await make_org(conn), "syndic")  # another organisation's
    await client.post("/api/v1/auth/invitations", json={"email": "new@example.test", "role": "accountant"},
                      headers=headers)
    body = await (await client.get("/api/v1/members", headers=headers)).get_json()
    by_id = {m["user_id"]: m for m in body["data"]}
    assert set(by_id) == {str(syndic.id), str(board.id)}
    assert by_id[str(board.id)]["buildings"] == [{"role": "board_member", "building": "Les Ormes"}]
    assert [i["email"] for i in body["pending_invitations"]] == ["new@example.test"]
    assert body["require_two_factor"] is False


async def test_roles_change_and_the_last_syndic_stays(client, conn):
    org, syndic, headers = await api_user(conn)
    other = await make_user(conn, org, "owner")
    resp = await client.put(f"/api/v1/members/{other.id}/roles", json={"roles": ["accountant", "owner"]},
                            headers=headers)
    assert resp.status_code == 200 and (await resp.get_json())["roles"] == ["accountant", "owner"]
    assert (await client.put(f"/api/v1/members/{syndic.id}/roles", json={"roles": ["owner"]},
                             headers=headers)).status_code == 409
    bad = await client.put(f"/api/v1/members/{other.id}/roles", json={"roles": ["king"]}, headers=headers)
    assert bad.status_code == 422 and "roles" in (await bad.get_json())["errors"]


async def test_revoking_ends_the_sessions_and_tokens_at_once(client, conn):
    org, _syndic, headers = await api_user(conn)
    member = await make_user(conn, org, "accountant")
    theirs = bearer(await token(conn, member, org, "accountant"))
    assert (await client.get("/api/v1/expenses", headers=theirs)).status_code == 200
    resp = await client.post(f"/api/v1/members/{member.id}/revoke", headers=headers)
    assert resp.status_code == 200 and (await resp.get_json())["tokens_revoked"] == 1
    assert (await client.get("/api/v1/auth/me", headers=theirs)).status_code == 401
    assert await conn.fetchval("SELECT count(*) FROM memberships WHERE user_id = $1", member.id) == 0


async def test_another_organisation_is_not_reached(client, conn):
    _org, _syndic, headers = await api_user(conn)
    elsewhere = await make_org(conn)
    stranger = await make_user(conn, elsewhere, "accountant")
    assert (await client.post(f"/api/v1/members/{stranger.id}/revoke", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/members/{stranger.id}/roles", json={"roles": ["owner"]},
                             headers=headers)).status_code == 404
    _o, _u, their_headers = await api_user(conn, org=elsewhere)
    await client.post("/api/v1/auth/invitations", json={"email": "x@example.test", "role": "owner"},
                      headers=their_headers)
    [inv] = (await (await client.get("/api/v1/members", headers=their_headers)).get_json())["pending_invitations"]
    assert (await client.post(f"/api/v1/members/pending/{inv['id']}/cancel", headers=headers)).status_code == 404
    assert (await client.post(f"/api/v1/members/pending/{inv['id']}/resend", headers=headers)).status_code == 404


async def test_an_owner_cannot_list_members(client, conn):
    _org, _owner, headers = await api_user(conn, "owner")
    assert (await client.get("/api/v1/members", headers=headers)).status_code == 403


async def test_resend_gives_a_new_link_and_cancel_kills_it(client, conn):
    _org, _syndic, headers = await api_user(conn)
    await client.post("/api/v1/auth/invitations", json={"email": "late@example.test", "role": "owner"},
                      headers=headers)
    first = await _link(conn, "late@example.test")
    [inv] = (await (await client.get("/api/v1/members", headers=headers)).get_json())["pending_invitations"]
    assert (await client.post(f"/api/v1/members/pending/{inv['id']}/resend", headers=headers)).status_code == 200
    bodies = await conn.fetch("SELECT body FROM outbox WHERE recipient = 'late@example.test'")
    links = {re.search(r"/invitations/([A-Za-z0-9_-]+)", r["body"]).group(1) for r in bodies}
    [second] = links - {first}
    assert (await client.get(f"/invitations/{first}")).status_code == 404
    assert (await client.get(f"/invitations/{second}")).status_code == 200
    assert (await client.post(f"/api/v1/members/pending/{inv['id']}/cancel", headers=headers)).status_code == 200
    assert (await client.get(f"/invitations/{second}")).status_code == 404


async def test_an_invited_owner_is_linked_to_their_record(client, conn):
    org, _syndic, headers = await api_user(conn)
    owner = await make_owner(conn, org, "Dubois", email="dubois@example.test")
    resp = await client.post("/api/v1/auth/invitations", headers=headers,
                             json={"email": "dubois@example.test", "role": "owner", "owner_id": str(owner["id"])})
    assert resp.status_code == 201
    accept = {"token": await _link(conn, "dubois@example.test"), "full_name": "Marie Dubois", "password": PASSWORD}
    created = await (await client.post("/api/v1/auth/invitations/accept", json=accept)).get_json()
    linked = await conn.fetchval("SELECT user_id FROM owners WHERE id = $1", owner["id"])
    assert str(linked) == created["user_id"]
    # a record already linked cannot be offered again
    again = await client.post("/api/v1/auth/invitations", headers=headers,
                              json={"email": "z@example.test", "role": "owner", "owner_id": str(owner["id"])})
    assert again.status_code == 422 and "owner_id" in (await again.get_json())["errors"]


async def test_the_members_page_without_javascript(client, conn):
    org, _syndic, csrf = await browser_login(client, conn)
    member = await make_user(conn, org, "accountant")
    page = await client.get("/members")
    html = await page.get_data(as_text=True)
    assert page.status_code == 200 and member.full_name in html and "Invitations en attente" in html
    assert csrf_from(html)
    resp = await client.post(f"/members/{member.id}/roles", data=f"csrf_token={csrf}&roles=owner",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 303
    assert await conn.fetchval("SELECT array_agg(role) FROM memberships WHERE user_id = $1", member.id) == ["owner"]
    resp = await client.post(f"/members/{member.id}/revoke", form={"csrf_token": csrf})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("done=revoked")
    bad = await client.post("/members", form={"csrf_token": csrf, "email": "pas-un-email", "role": "owner"})
    assert bad.status_code == 422 and "pas-un-email" in await bad.get_data(as_text=True)
