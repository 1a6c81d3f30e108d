"""Every French string of the source has its Dutch and English translation (no French left in them), and no
catalogue file repeats another's entry."""
from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from web.i18n import catalogue_files
from web.i18n_catalogue import missing, source_messages

LANGS = ("nl", "en")


@pytest.fixture(scope="module")
def source():  # type: ignore[no-untyped-def]
    return source_messages()


def test_the_source_has_strings(source) -> None:  # type: ignore[no-untyped-def]
    ids = {m.id for m in source if m.id}
    assert len(ids) > 500 and "Ce champ est obligatoire." in ids


@pytest.mark.parametrize("lang", LANGS)
def test_every_source_string_is_translated(lang: str, source) -> None:  # type: ignore[no-untyped-def]
    lacking = [(m.id, m.locations[:1]) for m in missing(lang, source)]
    assert lacking == [], f"run `make i18n AREA=<area>` and translate: {lacking[:20]}"


@pytest.mark.parametrize("lang", LANGS)
def test_no_entry_is_in_two_files(lang: str) -> None:
    seen: dict[object, str] = {}
    twice = []
    for path in catalogue_files(lang):
        with path.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.id in seen:
                    twice.append((message.id, seen[message.id], path.name))
                seen.setdefault(message.id, path.name)
    assert twice == []
