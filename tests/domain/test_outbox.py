"""The outbox delivering to a real SMTP server (aiosmtpd on loopback): sent, failed and retried with back-off,
nothing lost when the process dies mid-send, and the worker loop on a committed database."""
from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta

import pytest

from domain.platform import mail, outbox
from queries.db import connect
from queries.platform import outbox as qoutbox
from tests.factories import make_org


def soon() -> datetime:
    """A moment just after the test's transaction began (messages are due from their creation)."""
    return datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    port = free_port()
    controller, handler = mail.start_catch_all("127.0.0.1", port)
    yield port, handler
    controller.stop()


async def test_delivers_with_the_pdf_attached(conn, smtp):
    port, handler = smtp
    org = await make_org(conn)
    NOW = soon()
    await qoutbox.enqueue(conn, org.id, "a@example.test", "Convocation AG", "Bonjour", "convocation.pdf", b"%PDF-1.7 x")
    send = mail.smtp_sender("127.0.0.1", port, "syndic@koprogo.test")
    assert await outbox.drain(conn, send, NOW) == ["sent"]
    [caught] = handler.all()
    assert (caught.recipients, caught.subject, caught.attachments) == (["a@example.test"], "Convocation AG",
                                                                       ["convocation.pdf"])
    assert "Bonjour" in caught.text
    row = await conn.fetchrow("SELECT status, attempts, sent_at FROM outbox WHERE organization_id = $1", org.id)
    assert (row["status"], row["attempts"], row["sent_at"]) == ("sent", 1, NOW)


async def test_a_refused_message_is_retried_with_back_off(conn, smtp):
    port, handler = smtp
    org = await make_org(conn)
    NOW = soon()
    await qoutbox.enqueue(conn, org.id, "b@example.test", "PV", "Texte")
    handler.fail_next = 1
    send = mail.smtp_sender("127.0.0.1", port, "syndic@koprogo.test")
    assert await outbox.drain(conn, send, NOW) == ["retry"]
    row = await conn.fetchrow("SELECT * FROM outbox WHERE organization_id = $1", org.id)
    assert (row["status"], row["attempts"]) == ("pending", 1) and "451" in row["last_error"]
    assert row["next_attempt_at"] == NOW + timedelta(seconds=30)
    assert await outbox.drain(conn, send, NOW + timedelta(seconds=10)) == []  # not due yet
    assert await outbox.drain(conn, send, NOW + timedelta(seconds=31)) == ["sent"]
    assert len(handler.all()) == 1


async def test_an_unreachable_server_gives_up_after_the_last_attempt(conn):
    org = await make_org(conn)
    NOW = soon()
    await qoutbox.enqueue(conn, org.id, "c@example.test", "PV", "Texte")
    send = mail.smtp_sender("127.0.0.1", free_port(), "syndic@koprogo.test", timeout=2)
    when = NOW
    outcomes = []
    for _ in range(outbox.MAX_ATTEMPTS):
        outcomes += await outbox.drain(conn, send, when)
        when += outbox.MAX_DELAY
    assert outcomes == ["retry"] * (outbox.MAX_ATTEMPTS - 1) + ["failed"]
    assert await conn.fetchval("SELECT status FROM outbox WHERE organization_id = $1", org.id) == "failed"


class Crash(BaseException):
    """The process dying in the middle of a send."""


async def test_a_crash_during_the_send_loses_nothing(conn):
    org = await make_org(conn)
    NOW = soon()
    await qoutbox.enqueue(conn, org.id, "d@example.test", "PV", "Texte")

    async def dies(_message: qoutbox.Message) -> None:
        raise Crash()
    with pytest.raises(Crash):
        await outbox.drain(conn, dies, NOW)
    row = await conn.fetchrow("SELECT status, attempts FROM outbox WHERE organization_id = $1", org.id)
    assert (row["status"], row["attempts"]) == ("pending", 0)


def test_back_off_doubles_up_to_a_ceiling():
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3)] == [30, 60, 120]
    assert outbox.backoff(30) == outbox.MAX_DELAY


async def test_the_worker_drains_a_committed_outbox(clone_db, smtp):
    port, handler = smtp
    url = clone_db("koprogo_outbox")
    setup = await connect(url)
    try:
        org_id = await setup.fetchval("INSERT INTO organizations (name) VALUES ('Syndic') RETURNING id")
        await qoutbox.enqueue(setup, org_id, "e@example.test", "Convocation", "Texte")
    finally:
        await setup.close()
    stop = asyncio.Event()
    task = asyncio.create_task(outbox.run_worker(lambda: connect(url), mail.smtp_sender("127.0.0.1", port, "s@k.test"),
                                                 stop, interval=0.05))
    for _ in range(100):
        if handler.all():
            break
        await asyncio.sleep(0.05)
    stop.set()
    await task
    assert [m.recipients for m in handler.all()] == [["e@example.test"]]
