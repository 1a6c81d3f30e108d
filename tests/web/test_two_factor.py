"""Two-factor through the app: enrolled from the account page (QR code, first code, recovery codes), asked after
the password in the browser (without JavaScript), asked for an API token (401 TOTP_REQUIRED without the code, a
wrong code a failed login), turned off with a code, required by the organisation."""
from __future__ import annotations

import re

import pyotp

from tests.factories import PASSWORD, api_user, browser_login, csrf_from, make_org, make_user


async def _enrol_by_api(client, headers):  # type: ignore[no-untyped-def]
    enrolment = await (await client.post("/api/v1/auth/totp/enrol", headers=headers)).get_json()
    assert enrolment["qr_svg"].startswith("<svg") and enrolment["otpauth_uri"].startswith("otpauth://totp/")
    confirmed = await client.post("/api/v1/auth/totp/confirm", headers=headers,
                                  json={"code": pyotp.TOTP(enrolment["secret"]).now()})
    assert confirmed.status_code == 200
    return enrolment["secret"], (await confirmed.get_json())["recovery_codes"]


async def test_api_tokens_need_the_code(client, conn):
    _org, user, headers = await api_user(conn, "accountant")
    secret, codes = await _enrol_by_api(client, headers)
    assert (await (await client.get("/api/v1/auth/totp", headers=headers)).get_json())["enabled"] is True
    login = {"email": user.email, "password": PASSWORD}
    missing = await client.post("/api/v1/auth/login", json=login)
    assert missing.status_code == 401 and (await missing.get_json())["code"] == "TOTP_REQUIRED", await missing.get_json()
    wrong = await client.post("/api/v1/auth/login", json={**login, "code": "000000"})
    assert wrong.status_code == 401
    recovered = await client.post("/api/v1/auth/login", json={**login, "code": codes[0]})
    assert recovered.status_code == 200 and (await recovered.get_json())["token"]
    again = await client.post("/api/v1/auth/login", json={**login, "code": codes[0]})
    assert again.status_code == 401
    # turned off with a code (a recovery code here: the enrolment used this step's TOTP code)
    off = await client.post("/api/v1/auth/totp/disable", headers=headers, json={"code": codes[1]})
    assert off.status_code == 200
    assert (await client.post("/api/v1/auth/login", json=login)).status_code == 200
    assert secret


async def test_the_account_page_turns_it_on_and_off(client, conn):
    _org, _user, csrf = await browser_login(client, conn, "owner")
    assert (await client.get("/account/two-factor")).status_code == 200
    started = await (await client.post("/account/two-factor/start", form={"csrf_token": csrf})).get_data(as_text=True)
    assert "<svg" in started
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", started).group(1)
    wrong = await client.post("/account/two-factor/confirm", form={"csrf_token": csrf, "code": "000000"})
    assert wrong.status_code == 422 and secret in await wrong.get_data(as_text=True)  # the same secret again
    right = await client.post("/account/two-factor/confirm",
                              form={"csrf_token": csrf, "code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", await right.get_data(as_text=True))
    assert len(codes) == 10
    assert "restants" in await (await client.get("/account/two-factor")).get_data(as_text=True)
    off = await client.post("/account/two-factor/disable", form={"csrf_token": csrf, "code": codes[0]})
    assert off.status_code == 303


async def test_the_login_journey_with_a_code_without_javascript(client, conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    secret_holder = {}
    # enrol through the API with a token of this user
    from tests.factories import bearer, token
    headers = bearer(await token(conn, user, org, "syndic"))
    secret_holder["secret"], _codes = await _enrol_by_api(client, headers)
    page = await client.get("/login")
    resp = await client.post("/login", form={"csrf_token": csrf_from(await page.get_data(as_text=True)),
                                             "email": user.email, "password": PASSWORD})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Code de connexion" in html and "kg_session" not in resp.headers.get("Set-Cookie", "")
    challenge = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    csrf = csrf_from(html)
    bad = await client.post("/login/code", form={"csrf_token": csrf, "challenge": challenge, "code": "123456"})
    assert bad.status_code == 422 and "Code incorrect" in await bad.get_data(as_text=True)
    # the enrolment used this step's code: the next step's (within the drift allowed)
    import time
    code = pyotp.TOTP(secret_holder["secret"]).at(int(time.time()) + 30)
    ok = await client.post("/login/code", form={"csrf_token": csrf, "challenge": challenge, "code": code})
    assert ok.status_code == 303 and "kg_session=" in ok.headers.get("Set-Cookie", "")


async def test_required_by_the_organisation_the_login_enrols(client, conn):
    org, syndic, headers = await api_user(conn)
    assert (await client.put("/api/v1/members/two-factor", json={"required": True}, headers=headers)).status_code == 200
    accountant = await make_user(conn, org, "accountant")
    api = await client.post("/api/v1/auth/login", json={"email": accountant.email, "password": PASSWORD})
    assert api.status_code == 403 and (await api.get_json())["code"] == "TOTP_ENROLMENT_REQUIRED"
    page = await client.get("/login")
    resp = await client.post("/login", form={"csrf_token": csrf_from(await page.get_data(as_text=True)),
                                             "email": accountant.email, "password": PASSWORD})
    html = await resp.get_data(as_text=True)
    assert "<svg" in html
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", html).group(1)
    challenge = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    done = await client.post("/login/code", form={"csrf_token": csrf_from(html), "challenge": challenge, "enrol": "1",
                                                  "code": pyotp.TOTP(secret).now()})
    body = await done.get_data(as_text=True)
    assert done.status_code == 200 and "Codes de secours" in body and body.count("<li><code>") == 10
    assert "kg_session=" in done.headers.get("Set-Cookie", "")
    assert syndic


async def test_a_platform_administrator_needs_it_once_any_organisation_requires_it(client, conn):
    org, _syndic, headers = await api_user(conn)
    admin = await make_user(conn, None, superadmin=True)  # a member of no organisation
    owner = await make_user(conn, org, "owner", "board_member")
    login = {"email": admin.email, "password": PASSWORD}
    assert (await client.post("/api/v1/auth/login", json=login)).status_code == 200  # nothing required yet
    assert (await client.put("/api/v1/members/two-factor", json={"required": True}, headers=headers)).status_code == 200
    api = await client.post("/api/v1/auth/login", json=login)
    assert api.status_code == 403 and (await api.get_json())["code"] == "TOTP_ENROLMENT_REQUIRED"
    plain = await client.post("/api/v1/auth/login", json={"email": owner.email, "password": PASSWORD})
    assert plain.status_code == 200  # an owner or a board member: not required
    page = await client.get("/login")
    resp = await client.post("/login", form={"csrf_token": csrf_from(await page.get_data(as_text=True)), **login})
    html = await resp.get_data(as_text=True)
    assert "<svg" in html and "kg_session" not in resp.headers.get("Set-Cookie", "")
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", html).group(1)
    challenge = re.search(r'name="challenge" value="([^"]+)"', html).group(1)
    done = await client.post("/login/code", form={"csrf_token": csrf_from(html), "challenge": challenge, "enrol": "1",
                                                  "code": pyotp.TOTP(secret).now()})
    assert done.status_code == 200 and "kg_session=" in done.headers.get("Set-Cookie", "")
    client.cookie_jar.clear()  # the API as a script calls it, without the browser's session
    missing = await client.post("/api/v1/auth/login", json=login)
    assert missing.status_code == 401 and (await missing.get_json())["code"] == "TOTP_REQUIRED", await missing.get_json()
    import time
    later = pyotp.TOTP(secret).at(int(time.time()) + 30)  # the enrolment used this step's code
    await conn.execute("DELETE FROM login_attempts")  # the throttle counted the logins refused above
    assert (await client.post("/api/v1/auth/login", json={**login, "code": later})).status_code == 200
