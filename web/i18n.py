"""Gettext for templates and domain messages: French is the source, catalogues under translations/."""
from __future__ import annotations

import contextvars
import io
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from domain.i18n import Msg

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"
LANGUAGES = ("fr", "nl", "en", "de")
_catalogues: dict[str, NullTranslations] = {}
current_locale: contextvars.ContextVar[str] = contextvars.ContextVar("locale", default="fr")


def catalogue_files(lang: str) -> list[Path]:
    """A language's catalogue files: messages.po, then one file per later area (accounting.po, …), by name."""
    folder = TRANSLATIONS_DIR / lang / "LC_MESSAGES"
    return sorted(folder.glob("*.po"), key=lambda p: (p.name != "messages.po", p.name))


def read_catalogue(lang: str) -> Catalog:
    """Every file of a language's catalogue merged into one (an area's file never repeats another's entry)."""
    merged = Catalog(locale=lang)
    for po in catalogue_files(lang):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id:
                    merged[message.id] = message
    return merged


def load_catalogues() -> None:
    """Compile each language's catalogue in memory (no generated files to keep)."""
    _catalogues.clear()
    for folder in TRANSLATIONS_DIR.glob("*/LC_MESSAGES"):
        lang = folder.parent.name
        buf = io.BytesIO()
        write_mo(buf, read_catalogue(lang))
        buf.seek(0)
        _catalogues[lang] = Translations(buf)


_SOURCE = NullTranslations()  # French: the source text itself (one object, not one per message)


def translations() -> NullTranslations:
    """The catalogue of the current request's language (French: the source text itself)."""
    return _catalogues.get(current_locale.get()) or _SOURCE


def gettext(text: str, **params: Any) -> str:
    """Translate and format (%(name)s placeholders)."""
    out = translations().gettext(text)
    return out % params if params else out


def ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    """Translate with plural forms."""
    out = translations().ngettext(singular, plural, n)
    params.setdefault("num", n)
    return out % params


def tr(message: object) -> str:
    """A domain message (Msg) or plain text, in the current language."""
    if isinstance(message, Msg):
        from web.formats import eur  # web.formats reads this module's current locale
        return message.translate(translations().gettext, eur)
    return str(message)


def law(citation: object) -> str:
    """An article of law as cited in the current language ("C. civ., art. 3.87" → "BW, art. 3.87"); a citation
    kept as plain text (a stored result) is looked up by its French text."""
    if isinstance(citation, Msg):
        return tr(citation)
    return translations().gettext(str(citation)) if citation else ""


def colon() -> str:
    """The colon after a label: French sets it off with a no-break space, Dutch and English do not."""
    return "\u00a0:" if current_locale.get() == "fr" else ":"


def pick_locale(user_locale: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The footer's choice (cookie), else the first known language the client asks for, else the user's setting,
    else French."""
    if cookie in LANGUAGES:
        return cookie
    for part in (accept_language or "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return user_locale if user_locale and user_locale in LANGUAGES else "fr"


def N_(text: str) -> str:
    """Mark a constant for extraction; it is translated where it is shown."""
    return text


ROLE_LABELS = {"syndic": N_("Syndic"), "accountant": N_("Comptable"),
               "board_member": N_("Conseil de copropriété"), "owner": N_("Copropriétaire"),
               "superadmin": N_("Administrateur")}


def role_label(role: str | None) -> str:
    """A role's name in the current language."""
    return gettext(ROLE_LABELS.get(role or "", role or ""))
