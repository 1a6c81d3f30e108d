"""The scheduled jobs of documents, personal data and handover: each idempotent, run by the worker's scheduler,
one failure reported without stopping the others."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.handover import jobs as handover
from domain.platform import jobs
from domain.platform.jobs import Job
from domain.storage import LocalStorage
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user
from web import daily
from web.worker import JOBS


async def test_the_daily_jobs_run_and_a_second_run_does_nothing(conn, tmp_path):
    org = await make_org(conn)
    unit = await make_unit(conn, org, await make_building(conn, org))
    gone = await make_owner(conn, org, "Ancien", email="ancien@example.test")
    await give_right(conn, org, unit, gone, start=date(2001, 1, 1), end=date(2005, 1, 1))
    await give_right(conn, org, unit, await make_owner(conn, org, "Nouveau"), start=date(2005, 1, 1))
    storage = LocalStorage(tmp_path)
    now = datetime.now(UTC)
    first = await daily.erase_expired_personal_data(conn, now, storage)
    assert not first.startswith("0 erased") and (await daily.clean_expired_exports(conn, now, storage)).endswith("removed")
    assert await conn.fetchval("SELECT email FROM owners WHERE id = $1", gone["id"]) is None
    assert (await daily.erase_expired_personal_data(conn, now, storage)).startswith("0 erased")


async def test_the_worker_schedules_them_daily_and_a_failure_does_not_stop_the_next(conn, tmp_path):
    names = {job.name: job for job in JOBS}
    assert names["erase_expired_personal_data"].every == names["clean_expired_exports"].every == timedelta(days=1)
    assert "run_pending_exports" in names

    async def broken(conn, now):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    async def clean(conn, now):  # type: ignore[no-untyped-def]
        return await daily.clean_expired_exports(conn, now, LocalStorage(tmp_path))
    outcomes = await jobs.run_due(conn, conn, [Job("broken_test_job", timedelta(days=1), broken),
                                                 Job("clean_test_job", timedelta(days=1), clean)])
    assert outcomes["broken_test_job"] == "error: RuntimeError: disk full"
    assert outcomes["clean_test_job"].startswith("ok: ") and outcomes["clean_test_job"].endswith("removed")
    reports = await daily.run_daily(conn, (broken, clean))
    assert reports["broken"] == "error: RuntimeError: disk full" and reports["clean"].startswith("ok:")


async def test_an_export_left_pending_is_run_by_the_worker_job(conn, tmp_path):
    org = await make_org(conn)
    building = await make_building(conn, org)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    job = await handover.request_export(conn, syndic, building.id)
    storage = LocalStorage(tmp_path)
    assert await daily.run_pending_exports(conn, datetime.now(UTC), storage, reader=conn) == "1 exported"
    done = await handover.get_job(conn, syndic, job.id)
    assert done.status == "done" and done.result_key and await storage.get(done.result_key) is not None
    assert await daily.run_pending_exports(conn, datetime.now(UTC), storage, reader=conn) == "0 exported"
