"""Revocations reach every process's token cache at once: the database notifies (migration 0161's triggers)
and each process's listener evicts; while the listener is down the cache serves nothing."""
from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import asyncpg

from domain.platform import users as accounts
from domain.platform.users import TokenCache, hash_token
from queries.db import connect
from tests.factories import make_org, make_user, token
from web.revocation import Listener


async def _wait(predicate, seconds: float = 2.0) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    while not predicate():
        assert time.perf_counter() - start < seconds, "not evicted in time"
        await asyncio.sleep(0.001)
    return time.perf_counter() - start


async def test_a_revocation_elsewhere_evicts_this_process_at_once(clone_db, monkeypatch) -> None:
    url = clone_db("koprogo_revocation")
    writer = await connect(url)
    cache = TokenCache(300)  # a long TTL: only the notification can evict in time
    monkeypatch.setattr(accounts, "token_cache", cache)
    listener = Listener(lambda: asyncpg.connect(url), cache, retry=0.05)
    listener.start()
    try:
        await asyncio.wait_for(listener.connected.wait(), 5)
        org = await make_org(writer)
        user = await make_user(writer, org, "syndic", "accountant")
        session, other = await token(writer, user, org, "syndic"), await token(writer, user, org, "syndic")
        await asyncio.sleep(0.3)  # the set-up's own notifications (the memberships added) are heard first
        for value in (session, other):
            assert await accounts.authenticate(writer, value, "bearer") is not None
        key = (hash_token(session), "bearer")
        assert cache.get(key) is not None
        # another process logs this token out: a plain UPDATE on another connection
        await writer.execute("UPDATE auth_tokens SET revoked_at = now() WHERE token_hash = $1", key[0])
        took = await _wait(lambda: cache.get(key) is None)
        assert took < 0.1 and await accounts.authenticate(writer, session, "bearer") is None
        # a role taken away straight in the database evicts every token of that user
        other_key = (hash_token(other), "bearer")
        assert cache.get(other_key) is not None
        await writer.execute("DELETE FROM memberships WHERE user_id = $1 AND role = 'accountant'", user.id)
        await _wait(lambda: cache.get(other_key) is None)
        assert (await accounts.authenticate(writer, other, "bearer")).roles == ["syndic"]
        # the listener's connection is cut: nothing is cached until it is back
        await writer.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE query LIKE 'LISTEN%' AND datname = current_database()")
        await _wait(lambda: cache.suspended)
        assert cache.get(other_key) is None
        await asyncio.wait_for(listener.connected.wait(), 5)
        await accounts.authenticate(writer, other, "bearer")
        assert cache.get(other_key) is not None
    finally:
        await listener.stop()
        await writer.close()


def test_bulk_deletes_forget_everything_once() -> None:
    from web.revocation import apply
    cache = TokenCache(5)
    actor = accounts.Actor(__import__("uuid").uuid4(), "a@b.c", "A", None, None, "syndic", ["syndic"])
    cache.put((b"k", "bearer"), actor, datetime.now(UTC) + timedelta(days=1))
    apply(cache, "all")
    assert cache.get((b"k", "bearer")) is None
