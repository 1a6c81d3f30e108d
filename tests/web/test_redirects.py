"""Open redirects: a `next` that is not a path on this site (`//host`, `/\\host`, a scheme) sends the browser home."""
from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, make_org, make_user

HOSTILE = ["/%5Cevil.example/", "/\\evil.example/", "//evil.example/", "https://evil.example/", "/\t/evil.example",
           "javascript:alert(1)", "/%2F%2Fevil.example", "\\\\evil.example"]


@pytest.mark.parametrize("target", HOSTILE)
async def test_the_language_switch_stays_on_the_site(client, target):
    resp = await client.get("/language/fr", query_string={"next": target})
    assert resp.status_code == 303 and resp.headers["Location"] == "/"
    resp = await client.get(f"/language/fr?next={target}")  # as typed in the address bar, %5C decoded
    assert resp.status_code == 303 and resp.headers["Location"] == "/"


async def test_the_language_switch_keeps_a_local_path(client):
    resp = await client.get("/language/nl", query_string={"next": "/buildings?page=2"})
    assert resp.headers["Location"] == "/buildings?page=2"


@pytest.mark.parametrize("target", HOSTILE)
async def test_the_login_form_stays_on_the_site(client, conn, target):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    page = await (await client.get("/login")).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    resp = await client.post("/login", form={"csrf_token": csrf, "email": user.email, "password": PASSWORD,
                                             "next": target.replace("%5C", "\\")})
    assert resp.status_code == 303 and resp.headers["Location"] == "/"


def test_local_path_rule():
    from web.htmx import local_path
    assert local_path("/meetings/1?x=2#a") == "/meetings/1?x=2#a"
    for bad in (*HOSTILE, "", None, "/\\x", "/x\r\nSet-Cookie: a=b", "relative"):
        assert local_path(bad) == "/"
