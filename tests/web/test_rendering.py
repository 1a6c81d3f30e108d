"""web/htmx.py renders from a synchronous overlay of Quart's async Jinja2 environment: the same text as Quart's
own render_template, translations included, and the filters blueprints add are seen by both."""
from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from jinja2_fragments.quart import render_block
from quart import render_template

from domain.pagination import Page, PageRequest
from queries.register.buildings import Building
from web import i18n
from web.htmx import render, render_fragment


def _page() -> Page[Building]:
    now = datetime(2026, 11, 25, 9, 30)
    rows = [Building(uuid.uuid4(), uuid.uuid4(), f"Résidence <{i}>", f"Rue {i}", "Liège", "4000", "Belgique", 12,
                     1975, "BE", 1000, None, None, None, now, now) for i in range(3)]
    return Page(rows, PageRequest(1, 2), 3)


async def test_same_page_and_fragment_as_quarts_async_rendering_in_each_language(app):
    async with app.test_request_context("/buildings"):
        for lang in ("fr", "nl", "en"):
            token = i18n.current_locale.set(lang)
            try:
                ctx = {"page": _page(), "q": "x&y"}
                ours = await render("buildings/list.html", **ctx)
                assert ours == await render_template("buildings/list.html", **ctx)
                assert "Résidence &lt;0&gt;" in ours  # still escaped
                fragment = await render_fragment("buildings/list.html", "results", **ctx)
                assert fragment == await render_block("buildings/list.html", "results", **ctx)
            finally:
                i18n.current_locale.reset(token)
        assert "3 bâtiments" in await render_fragment("buildings/list.html", "results", page=_page(), q="")


async def test_filters_added_by_blueprints_reach_the_synchronous_environment(app):
    async with app.test_request_context("/"):
        await render("buildings/list.html", page=_page(), q="")
        env = app.extensions["koprogo.sync_jinja_env"]
        assert env.filters is app.jinja_env.filters and env.globals is app.jinja_env.globals
        source = "{{ amount|eur }} · {{ _('Aucun bâtiment ne correspond.') }}"
        ours = env.from_string(source).render(amount=Decimal("1234.5"))
        assert ours == await app.jinja_env.from_string(source).render_async(amount=Decimal("1234.5"))
        assert ours == "1\u202f234,50\u00a0€ · Aucun bâtiment ne correspond."
