"""A restore that really restores (pgBackRest, encrypted repository, WAL archived from a real primary): data
written, a full backup, more written, a moment noted, more written; the repository restored to that moment in a
new cluster holds exactly the rows written before it — every audit entry, every expense balanced to the cent —
and nothing after it."""
from __future__ import annotations

import asyncio
import os

import pytest

from deploy import checks
from deploy.stack import free_port, primary, restore_to
from load.seed import Scale, seed
from queries.db import connect
from queries.migrate import apply_all
from tests.fixtures import run_in_thread

FULL = os.environ.get("KOPROGO_DEPLOY_FULL") == "1"
# make deploy-test restores the bench's database (scale 1: 1,000 buildings, 100,000 expenses, 2 M charge lines)
SCALE = float(os.environ.get("KOPROGO_DEPLOY_SCALE", "1.0")) if FULL else 0.005


def test_point_in_time_restore_holds_exactly_the_rows_before_the_target(stack_dir, record_property) -> None:  # type: ignore[no-untyped-def]
    main, backups = primary(stack_dir / "primary", free_port(), stack_dir / "backups")
    assert backups is not None
    url = main.createdb("koprogo")

    async def before_and_after() -> tuple[set, str, dict]:
        conn = await connect(url)
        try:
            await apply_all(conn)
            scenario = await seed(conn, Scale.of(SCALE), quiet=True)
            size = await conn.fetchval("SELECT pg_size_pretty(pg_database_size(current_database()))")
            people = await checks.syndics(conn, scenario)
            await checks.write(conn, people, "PhaseA", 2)
            await asyncio.to_thread(backups.run, "backup", "--type=full")
            await checks.write(conn, people, "PhaseB", 2)
            expected = await checks.audit_ids(conn)
            await asyncio.sleep(1.1)
            target = await conn.fetchval("SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US+00')")
            await asyncio.sleep(1.1)
            await checks.write(conn, people, "PhaseC", 2)
            await conn.execute("SELECT pg_switch_wal()")  # what archive_timeout does within a minute
            after = await checks.state(conn)
            return expected, target, {**after, "people": len(people), "size": size}
        finally:
            await conn.close()
    expected, target, after = run_in_thread(before_and_after)
    n = 2 * after["people"]
    assert after["owners_by_phase"] == {"PhaseA": n, "PhaseB": n, "PhaseC": n}
    backups.run("check")  # waits until the WAL switched above is in the repository
    restored, seconds = restore_to(backups, stack_dir / "restored", free_port(), target)

    async def read() -> dict:
        conn = await connect(restored.dsn("koprogo"))
        try:
            return await checks.state(conn)
        finally:
            await conn.close()
    try:
        got = run_in_thread(read)
    finally:
        restored.destroy()
        main.destroy()
    assert got["owners_by_phase"] == {"PhaseA": n, "PhaseB": n}
    assert got["audit"] == expected and len(expected) > 0
    assert got["balance"] == {"expenses_unbalanced": 0, "lots_unbalanced": 0}
    record_property("figure", f"database {after['size']} (scale {SCALE:g}): restored to the target in "
                              f"{seconds:.0f} s; {len(expected)} audit entries before it, 0 lost, 0 after it")
    assert seconds < 600


@pytest.mark.skipif(not FULL, reason="make deploy-test: writes for 75 s to see what archive_timeout loses")
def test_what_losing_the_primary_loses_from_the_archive_and_from_the_replica(stack_dir, record_property) -> None:  # type: ignore[no-untyped-def]
    from deploy.stack import standby
    main, backups = primary(stack_dir / "lost", free_port(), stack_dir / "lost-backups")
    assert backups is not None
    url = main.createdb("koprogo")
    main.psql("CREATE TABLE ticks (at timestamptz PRIMARY KEY DEFAULT clock_timestamp())", "koprogo")
    backups.run("backup", "--type=full")
    replica = standby(main, stack_dir / "lost-replica", free_port())

    async def write_for(seconds: float) -> str:
        conn = await connect(url)
        try:
            end = asyncio.get_running_loop().time() + seconds
            last = None
            while asyncio.get_running_loop().time() < end:
                last = await conn.fetchval("INSERT INTO ticks DEFAULT VALUES RETURNING at::text")
                await asyncio.sleep(0.05)
            return last
        finally:
            await conn.close()
    last_committed = run_in_thread(write_for, 75.0)
    main.hard_stop()  # the machine and its disk are gone from here on: only the archive and the replica remain
    from_replica = replica.psql("SELECT max(at)::text FROM ticks", "koprogo")
    restored, seconds = restore_to(backups, stack_dir / "lost-restored", free_port(), None)
    from_archive = restored.psql("SELECT max(at)::text FROM ticks", "koprogo")
    lost = float(restored.psql(f"SELECT extract(epoch FROM '{last_committed}'::timestamptz - '{from_archive}')"))
    lost_replica = float(restored.psql(f"SELECT extract(epoch FROM '{last_committed}'::timestamptz "
                                       f"- '{from_replica}')"))
    for node in (restored, replica, main):
        node.destroy()
    record_property("figure", f"primary lost: the archive alone loses {lost:.1f} s of writes (bound: "
                              f"archive_timeout 60 s), the replica {lost_replica:.2f} s; restore {seconds:.0f} s")
    assert lost <= 61 and lost_replica <= 1
