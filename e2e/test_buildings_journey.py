"""Journey, with JavaScript and without: the demo syndic creates a building, finds it by search, edits it, deletes
it; and the create step on a page with JavaScript disabled from the start."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

SYNDIC = "syndic@demo.koprogo.be"


def _fill_building(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Nom", exact=True).fill(name)
    page.get_by_label("Adresse").fill("Rue des Bouchers 12")
    page.get_by_label("Code postal").fill("1000")
    page.get_by_label("Ville").fill("Bruxelles")
    page.get_by_label("Nombre de lots").fill("8")


def test_syndic_creates_finds_edits_and_deletes_a_building(page, live_server, javascript):  # type: ignore[no-untyped-def]
    name = "Résidence Horizon" if javascript else "Résidence Zénith"
    login(page, live_server, SYNDIC, DEMO_PASSWORD)
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Bâtiments").click()
    expect(page.get_by_role("heading", name="Bâtiments")).to_be_visible()
    page.get_by_role("link", name="Nouveau bâtiment").click()
    whole(page)
    _fill_building(page, name)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    whole(page)

    page.get_by_role("link", name="Bâtiments").click()
    whole(page)
    search = page.get_by_label("Rechercher par nom ou ville")
    search.press_sequentially(name.split()[1][:5].lower(), delay=30)  # search as you type
    if not javascript:
        search.press("Enter")  # the plain GET form
    results = page.locator("#results")
    expect(results.get_by_role("link", name=name)).to_be_visible()
    expect(results.get_by_role("link", name="Résidence Les Tilleuls")).to_have_count(0)
    whole(page)
    results.get_by_role("link", name=name).click()
    whole(page)

    page.get_by_role("link", name="Modifier").click()
    whole(page)
    page.get_by_label("Nom", exact=True).fill(f"{name} II")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=f"{name} II")).to_be_visible()
    whole(page)

    page.get_by_role("link", name="Supprimer").click()
    expect(page.get_by_role("heading", name=re.compile(f"Supprimer « {name} II »"))).to_be_visible()
    whole(page)
    page.get_by_role("button", name="Oui, supprimer").click()
    expect(page.get_by_role("heading", name="Bâtiments")).to_be_visible()
    expect(page.get_by_role("link", name=f"{name} II")).to_have_count(0)
    whole(page)


def test_create_works_with_javascript_disabled(nojs, live_server):
    login(nojs, live_server, SYNDIC, DEMO_PASSWORD)
    nojs.goto(f"{live_server}/buildings/new")
    _fill_building(nojs, "Résidence Sans Script")
    nojs.get_by_role("button", name="Enregistrer").click()
    expect(nojs.get_by_role("heading", name="Résidence Sans Script")).to_be_visible()
    whole(nojs)
    nojs.goto(f"{live_server}/buildings?q=sans+script")
    expect(nojs.get_by_role("link", name="Résidence Sans Script")).to_be_visible()
