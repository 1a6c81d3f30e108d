"""Login throttling: per account and address pair, an exponential delay that slows an attacker without locking
the account's owner out; refused attempts do not extend the delay; the count is taken under a lock, so parallel
attempts cannot slip past it. Time passing is simulated by moving the recorded attempts into the past."""
from __future__ import annotations

import asyncio

import pytest

from domain.errors import TooManyAttempts, Unauthorized
from domain.platform import users as accounts
from queries.db import connect
from tests.factories import PASSWORD, make_org, make_user

ATTACKER, OWNER_HOME, OTHER = "203.0.113.7", "198.51.100.20", "192.0.2.9"


async def _try(conn, email: str, password: str, ip: str) -> str:  # type: ignore[no-untyped-def]
    try:
        await accounts.login(conn, email, password, ip, "bearer")
    except Unauthorized:
        return "refused"
    except TooManyAttempts as e:
        assert e.retry_after >= 1
        return "throttled"
    return "ok"


async def _age(conn, email: str, seconds: int) -> None:  # type: ignore[no-untyped-def]
    """Move every attempt on this account `seconds` into the past."""
    await conn.execute("UPDATE login_attempts SET at = at - make_interval(secs => $2) WHERE lower(email) = lower($1)",
                       email, seconds)


async def _user(conn):  # type: ignore[no-untyped-def]
    return await make_user(conn, await make_org(conn), "syndic")


async def test_wrong_passwords_from_one_address_do_not_lock_the_owner_out(conn):
    user = await _user(conn)
    outcomes = [await _try(conn, user.email, "wrong-password", ATTACKER) for _ in range(8)]
    assert outcomes[:3] == ["refused"] * 3 and set(outcomes[3:]) == {"throttled"}
    assert await _try(conn, user.email, PASSWORD, OWNER_HOME) == "ok"  # the owner, elsewhere, at once


async def test_the_delay_doubles_and_a_right_password_after_it_works(conn):
    user = await _user(conn)
    for _ in range(3):
        assert await _try(conn, user.email, "wrong-password", ATTACKER) == "refused"
    with pytest.raises(TooManyAttempts) as first:
        await accounts.login(conn, user.email, PASSWORD, ATTACKER, "bearer")
    assert 1 <= first.value.retry_after <= 2
    await _age(conn, user.email, 3)
    assert await _try(conn, user.email, "wrong-password", ATTACKER) == "refused"  # the 4th, after its delay
    with pytest.raises(TooManyAttempts) as second:
        await accounts.login(conn, user.email, PASSWORD, ATTACKER, "bearer")
    assert 3 <= second.value.retry_after <= 4  # doubled
    await _age(conn, user.email, 5)
    assert await _try(conn, user.email, PASSWORD, ATTACKER) == "ok"  # the owner, after the delay, gets in
    assert await _try(conn, user.email, "wrong-password", ATTACKER) == "refused"  # and the count starts again


async def test_refused_attempts_do_not_extend_the_delay(conn):
    user = await _user(conn)
    for i in range(5):
        assert await _try(conn, user.email, "wrong-password", ATTACKER) == "refused"
        if i < 4:
            await _age(conn, user.email, 60)
    with pytest.raises(TooManyAttempts) as before:
        await accounts.login(conn, user.email, "wrong-password", ATTACKER, "bearer")
    for _ in range(20):  # hammering while throttled
        assert await _try(conn, user.email, "wrong-password", ATTACKER) == "throttled"
    with pytest.raises(TooManyAttempts) as after:
        await accounts.login(conn, user.email, "wrong-password", ATTACKER, "bearer")
    assert after.value.retry_after <= before.value.retry_after
    counted = await conn.fetchval("SELECT count(*) FROM login_attempts WHERE email = $1 AND NOT throttled",
                                  user.email)
    logged = await conn.fetchval("SELECT count(*) FROM login_attempts WHERE email = $1", user.email)
    assert counted == 5 and logged == 27  # every attempt is logged; only the checked ones count


async def test_many_addresses_against_one_account_slow_unknown_devices_only(conn):
    user = await _user(conn)
    assert await _try(conn, user.email, PASSWORD, OWNER_HOME) == "ok"  # a device that logged in before
    for i in range(10):
        assert await _try(conn, user.email, "wrong-password", f"10.9.{i}.1") == "refused"
    assert await _try(conn, user.email, PASSWORD, OTHER) == "throttled"  # a new device waits
    assert await _try(conn, user.email, PASSWORD, OWNER_HOME) == "ok"  # the known one does not


async def test_one_address_trying_many_accounts_is_slowed_there_only(conn):
    org = await make_org(conn)
    for i in range(30):
        assert await _try(conn, f"guess{i}@example.test", "wrong-password", ATTACKER) == "refused"
    user = await make_user(conn, org, "syndic")
    assert await _try(conn, user.email, PASSWORD, ATTACKER) == "throttled"
    assert await _try(conn, user.email, PASSWORD, OTHER) == "ok"


async def test_parallel_wrong_passwords_get_only_the_allowed_password_checks(clone_db):
    url = clone_db("koprogo_throttle")
    setup = await connect(url)
    try:
        user = await _user(setup)
    finally:
        await setup.close()
    conns = [await connect(url) for _ in range(12)]
    try:
        outcomes = await asyncio.gather(*[_try(c, user.email, "wrong-password", ATTACKER) for c in conns])
        assert outcomes.count("refused") == 3 and outcomes.count("throttled") == 9
        checked = await conns[0].fetchval(
            "SELECT count(*) FROM login_attempts WHERE email = $1 AND NOT throttled", user.email)
        assert checked == 3
    finally:
        for c in conns:
            await c.close()
