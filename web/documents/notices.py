"""A notice's e-mail, in its recipient's language, with a full link to the page (installed by web/app.py into
domain/notifications/notices.py)."""
from __future__ import annotations

from domain.i18n import Msg
from domain.notifications.notices import Compose, Detail
from web.i18n import gettext_in


def composer(public_url: str) -> Compose:
    """Write notices' e-mails with links under `public_url` (the bare path when none is configured)."""
    def compose(lang: str, title: Msg, path: str, detail: Detail = ()) -> tuple[str, str]:
        t = gettext_in(lang)
        subject = " ".join(title.translate(t).split())  # one line, whatever a stored name holds
        lines = [t("Bonjour,"), "", title.translate(t), ""]
        for line in detail:
            lines += [line.translate(t) if isinstance(line, Msg) else line, ""]
        lines += [t("Voir sur KoproGo :"), f"{public_url}{path}", "",
                 t("Vous recevez cet e-mail selon vos préférences de notification, que vous pouvez changer sur la "
                   "page Notifications de KoproGo.")]
        return subject[:300], "\n".join(lines) + "\n"
    return compose
