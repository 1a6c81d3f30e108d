"""An SMTP server like a provider's, on loopback: STARTTLS required, AUTH PLAIN/LOGIN required after it,
one account; it refuses some recipients for good (550) and can hold its answer to DATA for a while (to kill a
worker mid-send). Built on aiosmtpd."""
from __future__ import annotations

import ssl
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from domain.platform.mail import CatchAll

USER, PASSWORD = "koprogo", "smtp-secret-2026"


class ProviderHandler(CatchAll):
    def __init__(self) -> None:
        super().__init__()
        self.refuse = {"nobody@example.test"}
        self.hold_seconds = 0.0
        self.raw: list[bytes] = []  # every message as received, duplicates included

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.raw.append(envelope.content)
        if self.hold_seconds:
            time.sleep(self.hold_seconds)  # the server's own thread: the client waits for the answer
        return await super().handle_DATA(server, session, envelope)


def _authenticate(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode() \
        and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


def start_provider(port: int, cert: Path, key: Path) -> tuple[Controller, ProviderHandler]:
    """STARTTLS with this certificate, AUTH required (and only over TLS)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    handler = ProviderHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
                            authenticator=_authenticate, auth_required=True, auth_require_tls=True)
    controller.start()
    return controller, handler
