"""The worker's parts: scheduled jobs claimed with SKIP LOCKED (once across workers, retried after a failure,
idempotent), and the outbox sending through a provider-like SMTP server with STARTTLS and AUTH, a refusal for
good marked failed at once with the server's answer."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from domain.platform import jobs, mail, outbox
from domain.platform.jobs import Job
from queries.db import connect
from queries.platform import outbox as qo
from tests.domain.test_outbox import free_port, soon
from tests.factories import make_org, make_user
from tests.mailserver import PASSWORD, USER, start_provider
from tests.tls import self_signed


async def test_a_due_job_runs_once_across_two_workers(clone_db) -> None:
    url = clone_db("koprogo_jobs")
    ran: list[str] = []

    async def slow(conn, now):  # type: ignore[no-untyped-def]
        ran.append("x")
        await asyncio.sleep(0.3)
        return "done"
    job = Job("test_slow", timedelta(days=1), slow)
    workers = [(await connect(url), await connect(url)) for _ in range(2)]
    try:
        outcomes = await asyncio.gather(*(jobs.run_due(lock, work, [job]) for lock, work in workers))
        again = await jobs.run_due(*workers[0], [job])  # not due before tomorrow
        row = await workers[0][0].fetchrow("SELECT * FROM job_runs WHERE name = 'test_slow'")
    finally:
        for pair in workers:
            for c in pair:
                await c.close()
    assert ran == ["x"] and sorted(map(len, outcomes)) == [0, 1] and again == {}
    assert (row["last_status"], row["last_result"], row["runs"]) == ("ok", "done", 1)
    assert row["next_due_at"] - row["last_started_at"] == timedelta(days=1)


async def test_a_failed_job_is_recorded_and_tried_again_later(conn) -> None:
    calls: list[datetime] = []

    async def flaky(c, now):  # type: ignore[no-untyped-def]
        calls.append(now)
        if len(calls) == 1:
            raise RuntimeError("database of the bank unreachable")
        return "second time lucky"
    job = Job("test_flaky", timedelta(days=1), flaky)
    t0 = datetime.now(UTC) + timedelta(seconds=1)
    assert (await jobs.run_due(conn, conn, [job], t0))["test_flaky"].startswith("error: RuntimeError")
    assert await jobs.run_due(conn, conn, [job], t0 + timedelta(minutes=1)) == {}
    assert await jobs.run_due(conn, conn, [job], t0 + timedelta(minutes=5)) == {"test_flaky": "ok: second time lucky"}
    health = await jobs.health(conn)
    [run] = [j for j in health.jobs if j.name == "test_flaky"]
    assert (run.last_status, run.runs, run.last_error) == ("ok", 2, None)


async def test_old_tokens_are_purged_and_a_second_run_finds_nothing(conn) -> None:
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    now = datetime.now(UTC)
    for revoked, expires in ((now - timedelta(days=40), now + timedelta(days=1)),   # revoked long ago
                             (None, now - timedelta(days=31)),                     # expired long ago
                             (now - timedelta(days=1), now + timedelta(days=1)),   # revoked yesterday: kept
                             (None, now + timedelta(days=10))):                    # live: kept
        await conn.execute("INSERT INTO auth_tokens (token_hash, kind, user_id, expires_at, revoked_at) "
                           "VALUES (decode(md5(random()::text), 'hex'), 'session', $1, $2, $3)", user.id, expires, revoked)
    assert await jobs.purge_old_tokens(conn, now) == "2 old tokens deleted"
    assert await jobs.purge_old_tokens(conn, now) == "0 old tokens deleted"
    assert await conn.fetchval("SELECT count(*) FROM auth_tokens WHERE user_id = $1", user.id) == 2


@pytest.fixture(scope="module")
def provider(tmp_path_factory):  # type: ignore[no-untyped-def]
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    port = free_port()
    controller, handler = start_provider(port, cert, key)
    yield port, handler, cert
    controller.stop()


async def test_the_outbox_sends_through_starttls_and_auth(conn, provider) -> None:
    port, handler, cert = provider
    org = await make_org(conn)
    await qo.enqueue(conn, org.id, "owner@example.test", "Convocation", "Bonjour")
    send = mail.smtp_sender("127.0.0.1", port, "syndic@example.test", starttls=True, username=USER,
                            password=PASSWORD, ca_file=str(cert))
    assert await outbox.drain(conn, send, soon()) == ["sent"]
    assert handler.all()[0].recipients == ["owner@example.test"]


async def test_a_wrong_password_or_an_unverified_certificate_is_retried_not_lost(conn, provider) -> None:
    port, _handler, cert = provider
    org = await make_org(conn)
    await qo.enqueue(conn, org.id, "owner@example.test", "PV", "Texte")
    bad_password = mail.smtp_sender("127.0.0.1", port, "s@example.test", starttls=True, username=USER,
                                    password="wrong", ca_file=str(cert))
    assert await outbox.drain(conn, bad_password, soon()) == ["retry"]
    untrusted = mail.smtp_sender("127.0.0.1", port, "s@example.test", starttls=True, username=USER,
                                 password=PASSWORD)  # the system's CAs do not know this certificate
    assert await outbox.drain(conn, untrusted, soon() + timedelta(minutes=1)) == ["retry"]
    row = await conn.fetchrow("SELECT status, attempts, last_error FROM outbox WHERE organization_id = $1", org.id)
    assert (row["status"], row["attempts"]) == ("pending", 2) and "CERTIFICATE_VERIFY_FAILED" in row["last_error"]


async def test_without_starttls_the_provider_refuses_and_nothing_goes_in_clear(conn, provider) -> None:
    port, handler, _cert = provider
    org = await make_org(conn)
    await qo.enqueue(conn, org.id, "owner@example.test", "PV", "Texte")
    before = len(handler.raw)
    assert await outbox.drain(conn, mail.smtp_sender("127.0.0.1", port, "s@example.test"), soon()) != ["sent"]
    assert len(handler.raw) == before


async def test_a_mailbox_refused_for_good_fails_at_once_with_the_servers_answer(conn, provider) -> None:
    port, _handler, cert = provider
    org = await make_org(conn)
    await qo.enqueue(conn, org.id, "nobody@example.test", "Convocation", "Bonjour")
    send = mail.smtp_sender("127.0.0.1", port, "s@example.test", starttls=True, username=USER, password=PASSWORD,
                            ca_file=str(cert))
    assert await outbox.drain(conn, send, soon()) == ["failed"]
    row = await conn.fetchrow("SELECT status, attempts, last_error FROM outbox WHERE organization_id = $1", org.id)
    assert (row["status"], row["attempts"]) == ("failed", 1) and "550 5.1.1 No such mailbox" in row["last_error"]
