"""The platform's messages: the invitation e-mail (its link goes to the invitee only)."""
from __future__ import annotations

from web.htmx import render
from web.i18n import gettext as t
from web.i18n import role_label


async def invitation_message(link: str, organization: str, role: str) -> tuple[str, str]:
    """Subject and text of the e-mail that carries an invitation's single-use link."""
    body = await render("auth/invitation_email.txt", link=link, organization=organization, role=role_label(role))
    return t("Invitation à rejoindre %(organization)s sur KoproGo", organization=organization), body
