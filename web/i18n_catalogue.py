"""`make i18n`: extract the French source strings, then add each one that no catalogue file holds yet, untranslated,
to `translations/<lang>/LC_MESSAGES/<area>.po` (AREA=…, default messages) for the translator to fill in.

Areas keep their own file so that work on two areas never edits the same catalogue lines; web/i18n.py merges
a language's files at start-up, and tests/unit/test_catalogues.py fails while any string lacks a translation."""
from __future__ import annotations

import io
import sys

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from web.i18n import TRANSLATIONS_DIR, read_catalogue

ROOT = TRANSLATIONS_DIR.parent
TARGETS = ("nl", "en")
KEYWORDS = {"_": None, "N_": None, "t": None, "gettext": None, "ngettext": (1, 2)}
METHODS = [("domain/**.py", "python"), ("web/**.py", "python"), ("templates/**.html", "jinja2"),
           ("templates/**.txt", "jinja2")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}, "templates/**.txt": {"extensions": "jinja2.ext.i18n"}}


def source_messages() -> Catalog:
    """Every translatable string of domain/, web/ and templates/, with where it is used."""
    catalog = Catalog(locale="fr")
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)])
    return catalog


def missing(lang: str, source: Catalog | None = None) -> list:
    """The source messages the language's catalogue lacks or leaves untranslated."""
    have = read_catalogue(lang)
    out = []
    for message in source or source_messages():
        if not message.id:
            continue
        found = have.get(message.id)
        strings = [] if found is None else ([found.string] if isinstance(found.string, str) else list(found.string or ()))
        if found is None or not all(strings):
            out.append(message)
    return out


def _entry(message: Message) -> str:
    """One untranslated catalogue entry, as text (appended: the rest of the file is left as it is)."""
    out = io.BytesIO()
    catalog = Catalog()
    catalog.add(message.id, "" if isinstance(message.id, str) else ("", ""), message.locations,
                flags=message.flags)
    write_po(out, catalog, width=110, omit_header=True)
    return out.getvalue().decode()


def add_missing(area: str) -> dict[str, int]:
    """Append the missing messages, untranslated, to each language's `<area>.po`; returns how many per language."""
    source = source_messages()
    added = {}
    for lang in TARGETS:
        path = TRANSLATIONS_DIR / lang / "LC_MESSAGES" / f"{area}.po"
        if not path.exists():
            with path.open("wb") as fh:
                write_po(fh, Catalog(locale=lang, project="KoproGo"), width=110)
        new = missing(lang, source)
        with path.open("a", encoding="utf-8") as fh:
            for message in new:
                fh.write("\n" + _entry(message))
        added[lang] = len(new)
    return added


if __name__ == "__main__":
    area = sys.argv[1] if len(sys.argv) > 1 else "messages"
    for lang, n in add_missing(area).items():
        print(f"{lang}: {n} string(s) to translate in translations/{lang}/LC_MESSAGES/{area}.po")
