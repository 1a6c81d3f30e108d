"""/dev/mail shows a syndic only their own organisation's e-mail: every message carries its organisation in a
header, which the catch-all keeps."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from domain.platform import mail
from queries.platform.outbox import Message
from tests.factories import browser_login, make_org


@dataclass
class _Envelope:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


async def _deliver(handler: mail.CatchAll, org_id: uuid.UUID, subject: str) -> None:
    message = Message(uuid.uuid4(), org_id, "owner@example.test", subject, "Bonjour", None, None, "pending", 0,
                      datetime.now(UTC), None, None)
    built = mail.build(message, "syndic@koprogo.local")
    await handler.handle_DATA(None, None, _Envelope("syndic@koprogo.local", ["owner@example.test"], built.as_bytes()))


async def test_a_syndic_reads_only_their_organisations_mail(client, conn):
    org, _user, _csrf = await browser_login(client, conn)
    other = await make_org(conn)
    handler = mail.CatchAll()
    await _deliver(handler, org.id, "Convocation de chez nous")
    await _deliver(handler, other.id, "Convocation d'un autre syndic")
    mail.RUNNING["catch_all"] = handler
    try:
        body = await (await client.get("/dev/mail")).get_data(as_text=True)
    finally:
        mail.RUNNING.pop("catch_all")
    assert "Convocation de chez nous" in body and "autre syndic" not in body
    assert [m.organization for m in handler.all()] == [str(other.id), str(org.id)]


def test_a_line_break_in_a_subject_never_breaks_the_message():
    message = Message(uuid.uuid4(), uuid.uuid4(), "owner@example.test", "Convocation — Résidence\r\nBcc: x@evil.example",
                      "Bonjour", None, None, "pending", 0, datetime.now(UTC), None, None)
    built = mail.build(message, "syndic@koprogo.local")
    assert built["Subject"] == "Convocation — Résidence Bcc: x@evil.example" and built["Bcc"] is None
