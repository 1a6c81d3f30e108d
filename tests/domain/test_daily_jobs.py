"""The daily runner: every job once, idempotent, one failure reported without stopping the others."""
from __future__ import annotations

from datetime import date

from domain.storage import LocalStorage
from tests.factories import give_right, make_building, make_org, make_owner, make_unit
from web import daily


async def test_the_daily_jobs_run_and_a_second_run_does_nothing(conn, tmp_path):
    org = await make_org(conn)
    unit = await make_unit(conn, org, await make_building(conn, org))
    gone = await make_owner(conn, org, "Ancien", email="ancien@example.test")
    await give_right(conn, org, unit, gone, start=date(2001, 1, 1), end=date(2005, 1, 1))
    await give_right(conn, org, unit, await make_owner(conn, org, "Nouveau"), start=date(2005, 1, 1))
    storage = LocalStorage(tmp_path)
    first = await daily.run_daily(conn, storage)
    assert first["erase_expired_personal_data"]["erased"] >= 1 and "removed" in first["clean_expired_exports"]
    assert await conn.fetchval("SELECT email FROM owners WHERE id = $1", gone["id"]) is None
    second = await daily.run_daily(conn, storage)
    assert second["erase_expired_personal_data"]["erased"] == 0


async def test_a_failing_job_is_reported_and_the_next_runs(conn, tmp_path, monkeypatch):
    async def broken(conn, storage):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")
    monkeypatch.setattr(daily, "DAILY", (broken, daily.clean_expired_exports))
    reports = await daily.run_daily(conn, LocalStorage(tmp_path))
    assert reports["broken"] == {"error": "RuntimeError: disk full"} and "removed" in reports["clean_expired_exports"]
