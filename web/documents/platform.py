"""The platform's messages: the invitation e-mail (its link goes to the invitee only)."""
from __future__ import annotations

from web.htmx import render
from web.i18n import gettext as t
from web.i18n import role_label


async def invitation_message(link: str, organization: str, role: str) -> tuple[str, str]:
    """Subject and text of the e-mail that carries an invitation's single-use link."""
    body = await render("auth/invitation_email.txt", link=link, organization=organization, role=role_label(role))
    return t("Invitation à rejoindre %(organization)s sur KoproGo", organization=organization), body


async def reset_message(link: str, full_name: str) -> tuple[str, str]:
    """Subject and text of the e-mail that carries a password-reset link."""
    body = await render("auth/reset_email.txt", link=link, full_name=full_name)
    return t("Réinitialiser votre mot de passe KoproGo"), body


def link_base() -> str:
    """Where links in e-mails point: the configured public address (never a Host header someone sent), else
    this request's host (development, tests)."""
    from quart import current_app, request
    return current_app.config["KOPROGO"].public_url or request.host_url
