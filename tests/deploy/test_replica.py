"""Reports on a real streaming replica (pg_basebackup, hot standby): served by the replica while it keeps up,
by the primary as soon as it lags beyond the bound or is gone; then the failover drill: the standby promoted
takes writes."""
from __future__ import annotations

import asyncio

import pytest

from deploy.stack import primary, standby, wait_for
from queries.db import connect
from queries.migrate import apply_all
from tests.fixtures import run_in_thread
from web.replica import ReplicaSource, open_source


@pytest.fixture(scope="module")
def pair(stack_dir):  # type: ignore[no-untyped-def]
    from deploy.stack import free_port
    main, _ = primary(stack_dir / "primary", free_port())
    url = main.createdb("koprogo")

    async def migrate() -> None:
        conn = await connect(url)
        try:
            await apply_all(conn)
        finally:
            await conn.close()
    run_in_thread(migrate)
    replica = standby(main, stack_dir / "replica", free_port())
    yield main, replica
    replica.destroy()
    main.destroy()


async def _on_replica(source: ReplicaSource) -> bool | None:
    conn = await source.acquire()
    if conn is None:
        return None
    try:
        return await conn.fetchval("SELECT pg_is_in_recovery()")
    finally:
        await source.pool.release(conn)  # type: ignore[union-attr]


def test_reports_use_the_replica_within_the_lag_bound_and_the_primary_beyond(pair) -> None:  # type: ignore[no-untyped-def]
    main, replica = pair

    async def scenario() -> list[bool | None]:
        source = await open_source(replica.dsn("koprogo"), max_lag=1.0)
        source.check_every = 0.0
        seen = [await _on_replica(source)]
        replica.psql("SELECT pg_wal_replay_pause()")
        main.psql("INSERT INTO organizations (name) VALUES ('Écrit après la pause')", "koprogo")
        await asyncio.sleep(1.5)
        seen.append(await _on_replica(source))  # lagging by more than 1 s: the primary answers reports
        replica.psql("SELECT pg_wal_replay_resume()")
        await asyncio.sleep(0.3)
        seen.append(await _on_replica(source))
        count = await source.pool.fetchval("SELECT count(*) FROM organizations WHERE name = 'Écrit après la pause'")
        seen.append(count == 1)
        await source.close()
        dead = await open_source("postgresql://postgres@/koprogo?host=/nonexistent&port=1", max_lag=1.0)
        seen.append(await _on_replica(dead))  # no replica at all: reports still answer, from the primary
        return seen
    assert run_in_thread(scenario) == [True, None, True, True, None]


def test_failover_drill_the_promoted_standby_takes_writes(pair) -> None:  # type: ignore[no-untyped-def]
    main, replica = pair
    main.psql("INSERT INTO organizations (name) VALUES ('Avant la panne')", "koprogo")
    wait_for(lambda: replica.psql("SELECT count(*) FROM organizations WHERE name = 'Avant la panne'", "koprogo")
             == "1", 10, "replicated")
    main.hard_stop()  # the primary is lost
    replica.psql("SELECT pg_promote(true, 30)")
    assert replica.psql("SELECT pg_is_in_recovery()") == "f"
    replica.psql("INSERT INTO organizations (name) VALUES ('Après la bascule')", "koprogo")
    assert replica.psql("SELECT count(*) FROM organizations", "koprogo") == "3"
