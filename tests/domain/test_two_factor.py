"""Two-factor with a controlled clock: enrolment confirmed by a real TOTP code, a wrong code refused, a code
replayed refused (even a minute later within the drift), the next step's code accepted, recovery codes used once
and stored hashed, the login challenge."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp
import pytest

from domain.errors import Invalid, NotFound
from domain.platform import sealing, two_factor, users
from tests.factories import PASSWORD, actor, make_org, make_user

T0 = datetime(2026, 12, 2, 7, 30, 5, tzinfo=UTC)


async def _enrolled(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    me = actor(user, org, "syndic")
    enrolment = await two_factor.start_enrolment(conn, me)
    assert enrolment.uri.startswith("otpauth://totp/") and enrolment.qr_svg.startswith("<svg")
    codes = await two_factor.confirm_enrolment(conn, me, {"code": pyotp.TOTP(enrolment.secret).at(T0)}, T0)
    return user, me, enrolment.secret, codes


async def test_enrolment_wrong_code_then_right(conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "accountant")
    me = actor(user, org, "accountant")
    enrolment = await two_factor.start_enrolment(conn, me)
    right = pyotp.TOTP(enrolment.secret).at(T0)
    with pytest.raises(Invalid):
        await two_factor.confirm_enrolment(conn, me, {"code": f"{(int(right) + 7) % 10**6:06d}"}, T0)
    assert not (await two_factor.status(conn, me)).enabled
    codes = await two_factor.confirm_enrolment(conn, me, {"code": right}, T0)
    assert len(codes) == 10 and (await two_factor.status(conn, me)).enabled
    stored = await conn.fetch("SELECT code_hash FROM user_recovery_codes WHERE user_id = $1", user.id)
    assert len(stored) == 10 and all(r["code_hash"].startswith("$argon2id$") for r in stored)
    assert not {r["code_hash"] for r in stored} & set(codes)


async def test_a_replayed_code_is_refused(conn):
    user, _me, secret, _codes = await _enrolled(conn)
    later = T0 + timedelta(seconds=30)
    code = pyotp.TOTP(secret).at(later)
    assert await two_factor.check_code(conn, user.id, code, later)
    assert not await two_factor.check_code(conn, user.id, code, later)  # the same code again
    assert not await two_factor.check_code(conn, user.id, code, later + timedelta(seconds=25))  # still in drift
    # the enrolment's own code (an earlier step) is refused too
    assert not await two_factor.check_code(conn, user.id, pyotp.TOTP(secret).at(T0), later)
    nxt = later + timedelta(seconds=30)
    assert await two_factor.check_code(conn, user.id, pyotp.TOTP(secret).at(nxt), nxt)


async def test_recovery_codes_work_once(conn):
    user, me, _secret, codes = await _enrolled(conn)
    assert await two_factor.check_code(conn, user.id, codes[0].upper(), T0 + timedelta(minutes=5))
    assert not await two_factor.check_code(conn, user.id, codes[0], T0 + timedelta(minutes=6))
    assert (await two_factor.status(conn, me)).recovery_codes_left == 9


async def test_login_asks_for_the_code_and_a_challenge_answers_it(conn):
    user, _me, secret, _codes = await _enrolled(conn)
    with pytest.raises(users.CodeRequired) as asked:
        await users.login(conn, user.email, PASSWORD, "10.1.1.1", "session")
    assert not asked.value.enrol
    challenge = asked.value.challenge
    now = T0 + timedelta(minutes=2)
    with pytest.raises(Invalid):
        await two_factor.answer_challenge(conn, challenge, {"code": "000000"}, now)
    answered = await two_factor.answer_challenge(conn, challenge, {"code": pyotp.TOTP(secret).at(now)}, now)
    assert await users.authenticate(conn, answered.token, "session") is not None
    with pytest.raises(NotFound):  # used up
        await two_factor.answer_challenge(conn, challenge, {"code": pyotp.TOTP(secret).at(now)}, now)


async def test_the_organisation_requires_it_so_the_login_enrols(conn):
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    await conn.execute("UPDATE organizations SET require_two_factor = true WHERE id = $1", org.id)
    with pytest.raises(users.CodeRequired) as asked:
        await users.login(conn, user.email, PASSWORD, "10.1.1.2", "session")
    assert asked.value.enrol
    enrolment = await two_factor.enrolment_for_challenge(conn, asked.value.challenge)
    answered = await two_factor.answer_challenge(conn, asked.value.challenge,
                                                 {"code": pyotp.TOTP(enrolment.secret).now()})
    assert len(answered.recovery_codes) == 10
    owner = await make_user(conn, org, "owner")  # an owner is not asked
    token, _actor = await users.login(conn, owner.email, PASSWORD, "10.1.1.3", "session")
    assert token


async def test_the_secret_is_stored_sealed_and_opens_for_its_account_only(conn):
    user, _me, secret, _codes = await _enrolled(conn)
    stored = await conn.fetchval("SELECT secret FROM user_totp WHERE user_id = $1", user.id)
    assert stored.startswith("v1:") and secret not in stored
    assert sealing.unseal(stored, user.id) == secret
    other = await make_user(conn, await make_org(conn), "syndic")
    with pytest.raises(ValueError):
        sealing.unseal(stored, other.id)  # copied onto another account, it does not open
    later = T0 + timedelta(seconds=60)
    assert await two_factor.check_code(conn, user.id, pyotp.TOTP(secret).at(later), later)


async def test_a_secret_stored_before_sealing_is_sealed_and_keeps_working(conn):
    user, _me, secret, _codes = await _enrolled(conn)
    await conn.execute("UPDATE user_totp SET secret = $2 WHERE user_id = $1", user.id, secret)  # as before 0203
    later = T0 + timedelta(seconds=60)
    assert await two_factor.check_code(conn, user.id, pyotp.TOTP(secret).at(later), later)  # read as it is
    assert await two_factor.seal_plaintext_secrets(conn) >= 1
    stored = await conn.fetchval("SELECT secret FROM user_totp WHERE user_id = $1", user.id)
    assert stored.startswith("v1:") and sealing.unseal(stored, user.id) == secret
    assert await two_factor.seal_plaintext_secrets(conn) == 0
    again = later + timedelta(seconds=30)
    assert await two_factor.check_code(conn, user.id, pyotp.TOTP(secret).at(again), again)
