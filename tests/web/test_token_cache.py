"""The short in-process token → actor cache: fresh entries skip the lookup, logout and role switches evict at
once, expiry and the TTL bound every entry."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from domain.access import Actor
from domain.platform import users
from domain.platform.users import TokenCache, hash_token
from tests.factories import api_user


def _actor(token_id=None) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(uuid4(), "a@b.be", "A B", uuid4(), "Org", "syndic", ["syndic"], token_id=token_id or uuid4())


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    now = [1000.0]
    monkeypatch.setattr(users.time, "monotonic", lambda: now[0])
    return now


def later(**kw: float) -> datetime:
    return datetime.now(UTC) + timedelta(**kw)


def test_entry_lives_ttl_seconds(clock):
    cache, actor = TokenCache(5), _actor()
    cache.put((b"h", "bearer"), actor, later(days=1))
    clock[0] += 4.9
    assert cache.get((b"h", "bearer")) is actor
    clock[0] += 0.2
    assert cache.get((b"h", "bearer")) is None


def test_entry_never_outlives_the_token(clock):
    cache = TokenCache(5)
    cache.put((b"h", "bearer"), _actor(), later(seconds=1))
    clock[0] += 1.5
    assert cache.get((b"h", "bearer")) is None


def test_kind_is_part_of_the_key_and_evict_forgets_a_token(clock):
    cache, actor = TokenCache(5), _actor()
    cache.put((b"h", "bearer"), actor, later(days=1))
    assert cache.get((b"h", "session")) is None
    cache.evict(actor.token_id)
    assert cache.get((b"h", "bearer")) is None


def test_ttl_zero_disables_and_size_is_bounded(clock):
    off = TokenCache(0)
    off.put((b"h", "bearer"), _actor(), later(days=1))
    assert off.get((b"h", "bearer")) is None
    small = TokenCache(5, size=2)
    for i in range(3):
        small.put((bytes([i]), "bearer"), _actor(), later(days=1))
    assert len(small._entries) <= 2


async def test_cached_token_skips_the_lookup_until_cleared(client, conn):
    _, _, auth = await api_user(conn)
    assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 200
    token = auth["Authorization"][7:]
    await conn.execute("UPDATE auth_tokens SET revoked_at = now() WHERE token_hash = $1", hash_token(token))
    # revoked behind the app's back: honoured once the entry is gone (at most the TTL later)
    assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 200
    users.token_cache.clear()
    assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 401


async def test_logout_evicts_at_once(client, conn):
    _, _, auth = await api_user(conn)
    assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=auth)).status_code == 200
    assert (await client.get("/api/v1/auth/me", headers=auth)).status_code == 401
