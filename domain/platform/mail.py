"""E-mail: the real SMTP client the outbox sends with, and the local catch-all server of `make run` and tests."""
from __future__ import annotations

import collections
import ssl
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import aiosmtplib
from aiosmtpd.controller import Controller

from domain.access import Actor, require
from domain.platform.outbox import Refused
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


def smtp_sender(host: str, port: int, sender: str, timeout: float = 10.0, *, starttls: bool = False,
                username: str = "", password: str = "", ca_file: str = "") -> Callable[[Message], Awaitable[None]]:
    """An outbox `send` function that hands each message to the SMTP server at host:port: STARTTLS (the
    server's certificate verified, against `ca_file` when given) and AUTH when a user is set. A 5xx answer
    raises Refused; anything else (4xx, a timeout, a refused connection) is left to the outbox's retries."""
    context = None
    if starttls:
        context = ssl.create_default_context(cafile=ca_file or None)

    async def send(message: Message) -> None:
        try:
            await aiosmtplib.send(build(message, sender), hostname=host, port=port, timeout=timeout,
                                  use_tls=False, start_tls=starttls, tls_context=context,
                                  username=username or None, password=password or None)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            codes = [e.code for e in exc.recipients]
            if codes and all(500 <= c < 600 for c in codes):
                raise Refused("; ".join(f"{e.code} {e.message}" for e in exc.recipients)) from exc
            raise
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600 and not isinstance(exc, aiosmtplib.SMTPAuthenticationError):
                raise Refused(f"{exc.code} {exc.message}") from exc
            raise
    return send


def sender_for(config: Any) -> Callable[[Message], Awaitable[None]]:
    """The outbox's send function from the settings (web.config.Config)."""
    return smtp_sender(config.smtp_host, config.smtp_port, config.mail_from, starttls=config.smtp_starttls,
                       username=config.smtp_user, password=config.smtp_password, ca_file=config.smtp_ca_file)


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
        names = [part.get_filename() or "" for part in parsed.iter_attachments()]
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


def caught_messages(actor: Actor) -> list[Any]:
    """What the development catch-all received for the actor's organisation, newest first (nothing when it is
    not running)."""
    member = require(actor, "dev_mail.read")
    handler = RUNNING.get("catch_all")
    return handler.of_organization(member.org_id) if handler else []
