"""E-mail: the real SMTP client the outbox sends with, and the local catch-all server of `make run` and tests."""
from __future__ import annotations

import collections
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from aiosmtpd.controller import Controller

from queries.platform.outbox import Message

ORGANIZATION_HEADER = "X-KoproGo-Organization"


def build(message: Message, sender: str) -> EmailMessage:
    """The MIME message of an outbox row (text, and the PDF attached when there is one)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = " ".join(message.subject.split())  # one line, whatever a name held (a header never breaks)
    mail["Message-ID"] = f"<{message.id}@koprogo>"
    mail[ORGANIZATION_HEADER] = str(message.organization_id)  # whose mail it is (the dev page shows a firm its own)
    mail.set_content(message.body)
    if message.attachment is not None:
        mail.add_attachment(bytes(message.attachment), maintype="application", subtype="pdf",
                            filename=message.attachment_name or "document.pdf")
    return mail


def smtp_sender(host: str, port: int, sender: str, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    """An outbox `send` function that hands each message to the SMTP server at host:port."""
    async def send(message: Message) -> None:
        await aiosmtplib.send(build(message, sender), hostname=host, port=port, timeout=timeout,
                              start_tls=False, use_tls=False)
    return send


@dataclass(frozen=True)
class Caught:
    """A message received by the catch-all server."""

    received_at: datetime
    sender: str
    recipients: list[str]
    subject: str
    text: str
    attachments: list[str] = field(default_factory=list)
    organization: str | None = None  # the sending organisation (ORGANIZATION_HEADER)


class CatchAll:
    """aiosmtpd handler that keeps the last messages in memory (thread-safe: the server runs in a thread)."""

    def __init__(self, keep: int = 200) -> None:
        self.messages: collections.deque[Caught] = collections.deque(maxlen=keep)
        self.lock = threading.Lock()
        self.fail_next = 0  # tests: refuse this many messages with a 451 before accepting

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.fail_next > 0:
            self.fail_next -= 1
            return "451 Requested action aborted: try again later"
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        body = parsed.get_body(preferencelist=("plain",))
        names = [part.get_filename() or "" for part in parsed.iter_attachments()]  # type: ignore[attr-defined]
        caught = Caught(datetime.now(UTC), envelope.mail_from, list(envelope.rcpt_tos),
                        str(parsed.get("Subject", "")), body.get_content() if body else "", names,
                        parsed.get(ORGANIZATION_HEADER))
        with self.lock:
            self.messages.appendleft(caught)
        return "250 Message accepted for delivery"

    def all(self) -> list[Caught]:
        """The messages received, latest first."""
        with self.lock:
            return list(self.messages)

    def of_organization(self, org_id: object) -> list[Caught]:
        """The messages one organisation sent, latest first."""
        return [m for m in self.all() if m.organization == str(org_id)]


def start_catch_all(host: str, port: int) -> tuple[Controller, CatchAll]:
    """Start the catch-all SMTP server in its own thread."""
    handler = CatchAll()
    controller = Controller(handler, hostname=host, port=port)
    controller.start()
    return controller, handler


RUNNING: dict[str, CatchAll] = {}  # the catch-all of this process, read by the dev mail page
