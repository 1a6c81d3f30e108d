"""The e-mails a use case writes to someone in their own language (a ticket's reporter): domain messages
translated with that language's catalogue, and the site's address for the links."""
from __future__ import annotations

from quart import current_app, request

from domain.i18n import Msg
from domain.maintenance.tickets import Mailer
from web.i18n import current_locale, tr


def _in_language(message: Msg, lang: str) -> str:
    token = current_locale.set(lang)
    try:
        return tr(message)
    finally:
        current_locale.reset(token)


def mailer() -> Mailer:
    """A Mailer for this request: the configured public address, else the address the request came to."""
    config = current_app.config.get("KOPROGO")
    base = getattr(config, "public_url", "") or request.host_url
    return Mailer(_in_language, base.rstrip("/"))
