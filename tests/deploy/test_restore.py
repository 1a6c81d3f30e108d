"""A restore that really restores (pgBackRest, encrypted repository, WAL archived from a real primary): data
written, a full backup, more written, a moment noted, more written; the repository restored to that moment in a
new cluster holds exactly the rows written before it — every audit entry, every expense balanced to the cent —
and nothing after it."""
from __future__ import annotations

import asyncio
import os

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
