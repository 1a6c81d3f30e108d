"""Translations: both catalogues are complete and keep their placeholders; pages and API errors follow the language."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.factories import api_user
from web import i18n

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
LANGS = ("nl", "en")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalogue(lang: str):  # type: ignore[no-untyped-def]
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def translation_of(lang: str, msgid: str) -> str:
    """The catalogue's translation of a French source string."""
    message = catalogue(lang)[msgid]
    assert message is not None and message.string, f"{msgid!r} is not in the {lang} catalogue"
    return message.string


@pytest.mark.parametrize("lang", LANGS)
def test_every_entry_is_translated_with_the_same_placeholders(lang: str) -> None:
    messages = [m for m in catalogue(lang) if m.id]
    assert len(messages) > 100
    problems = []
    for m in messages:
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        if m.fuzzy:
            problems.append(("fuzzy", ids[0]))
        if not all(strings):
            problems.append(("untranslated", ids[0]))
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            if set(PLACEHOLDER.findall(s)) != wanted:
                problems.append(("placeholders", ids[0], s))
            if s.count("%%") != ids[-1].count("%%"):
                problems.append(("literal %", ids[0], s))
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_the_catalogues_load_and_translate(lang: str) -> None:
    i18n.load_catalogues()
    token = i18n.current_locale.set(lang)
    try:
        assert i18n.gettext("Ce champ est obligatoire.") == translation_of(lang, "Ce champ est obligatoire.")
        assert i18n.gettext("Page %(n)s sur %(total)s", n=2, total=5) != "Page 2 sur 5"
        assert "3" in i18n.ngettext("%(num)s bâtiment", "%(num)s bâtiments", 3)
    finally:
        i18n.current_locale.reset(token)


@pytest.mark.parametrize("lang", LANGS)
async def test_login_page_follows_accept_language(client, lang: str) -> None:
    resp = await client.get("/login", headers={"Accept-Language": f"{lang},fr;q=0.5"})
    assert resp.status_code == 200
    html = await resp.get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    for french in ("Connexion", "Se connecter"):
        translated = translation_of(lang, french)
        assert translated != french
        assert translated in html
    assert "Se connecter" not in html


async def test_login_page_is_french_by_default(client) -> None:
    html = await (await client.get("/login")).get_data(as_text=True)
    assert "Connexion" in html and "Se connecter" in html


async def test_api_error_follows_accept_language(client, conn) -> None:
    """A domain Msg (errors.name of a building without a name) comes back in the language the client asks for,
    even though the user's stored locale is the default 'fr'."""
    _org, _user, headers = await api_user(conn)
    resp = await client.post("/api/v1/buildings", json={"address": "1 Grand-Place", "city": "Bruxelles",
                                                        "postal_code": "1000", "country": "Belgique"},
                             headers={**headers, "Accept-Language": "en-GB,en;q=0.9"})
    assert resp.status_code in (400, 422)
    errors = (await resp.get_json())["errors"]
    assert errors["name"] == translation_of("en", "Ce champ est obligatoire.") == "This field is required."


async def test_api_error_falls_back_to_the_users_locale(client, conn) -> None:
    _org, user, headers = await api_user(conn)
    await conn.execute("UPDATE users SET locale = 'nl' WHERE id = $1", user.id)
    resp = await client.post("/api/v1/buildings", json={"city": "Gent"}, headers=headers)
    assert (await resp.get_json())["errors"]["name"] == translation_of("nl", "Ce champ est obligatoire.")


async def test_api_error_follows_the_lang_cookie_first(client, conn) -> None:
    _org, _user, headers = await api_user(conn)
    client.set_cookie("localhost", "lang", "nl")
    resp = await client.post("/api/v1/buildings", json={"city": "Gent"},
                             headers={**headers, "Accept-Language": "en"})
    errors = (await resp.get_json())["errors"]
    assert errors["name"] == translation_of("nl", "Ce champ est obligatoire.")


async def test_api_error_is_french_without_a_preference(client, conn) -> None:
    _org, _user, headers = await api_user(conn)
    resp = await client.post("/api/v1/buildings", json={"city": "Namur"}, headers=headers)
    assert (await resp.get_json())["errors"]["name"] == "Ce champ est obligatoire."
