"""Journeys: the syndic records, approves and allocates an expense; the owner opens "why do I owe this" on a
phone; recording works with JavaScript disabled. They need the register's demo lots and owners."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"


def _open_tilleuls(page, base: str) -> str:  # type: ignore[no-untyped-def]
    """From the building list to the demo building's page; returns its URL (the demo gives it a lift key)."""
    page.goto(f"{base}/buildings")
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    expect(page.get_by_role("heading", name="Résidence Les Tilleuls")).to_be_visible()
    url = page.url
    page.goto(url + "/keys")
    expect(page.get_by_role("link", name="Ascenseur")).to_be_visible()  # the demo data regressed otherwise
    page.goto(url)
    return url


def _record(page, description: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Catégorie (compte du plan comptable)").select_option("lift")
    page.get_by_label("Description").fill(description)
    page.get_by_label("Fournisseur").fill("Ascenseurs Dubois")
    page.get_by_label("Montant hors TVA (€)").fill("1000,00")
    page.get_by_label("Taux de TVA (%)").select_option("21")
    page.get_by_label("Date de facture").fill("2026-05-04")
    page.get_by_label("Clé de répartition").select_option(label="Ascenseur")
    page.get_by_role("button", name="Enregistrer le brouillon").click()


def test_syndic_records_approves_and_allocates_an_expense(page, live_server):  # with JavaScript and without
    login(page, live_server, SYNDIC, DEMO_PASSWORD)
    _open_tilleuls(page, live_server)
    page.get_by_role("link", name="Nouvelle dépense").click()
    _record(page, "Remplacement du câble d'ascenseur")
    expect(page.get_by_role("heading", name="Remplacement du câble d'ascenseur")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Brouillon")
    whole(page)
    page.get_by_role("button", name="Approuver et répartir").click()
    expect(page.locator("#status")).to_have_text("Approuvée")
    whole(page)
    allocation = page.get_by_role("table")
    expect(allocation.get_by_role("row").nth(1)).to_be_visible()
    expect(page.get_by_text(re.compile(r"1\s210,00\s€"))).to_be_visible()
    page.get_by_role("link", name="Pourquoi ce montant ?").first.click()
    expect(page.get_by_role("heading", name="Pourquoi je dois ce montant ?")).to_be_visible()
    whole(page)


def test_owner_opens_why_do_i_owe_this_on_a_phone(phone, live_server):
    login(phone, live_server, OWNER, DEMO_PASSWORD)
    phone.goto(f"{live_server}/portal")
    section = phone.locator("#my-charges")  # the demo owner holds a lot with charges: fail if the demo regressed
    expect(section.get_by_role("heading", name="Mes charges")).to_be_visible()
    section.get_by_role("link", name="Pourquoi je dois ce montant ?").first.click()
    expect(phone.get_by_role("heading", name="Pourquoi je dois ce montant ?")).to_be_visible()
    expect(phone.get_by_role("heading", name=re.compile("La part du lot"))).to_be_visible()
    whole(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    phone.get_by_role("link", name="Décompte").click()
    expect(phone.get_by_role("heading", name=re.compile("Décompte de charges"))).to_be_visible()
    whole(phone)


def test_recording_works_without_javascript(nojs, live_server):
    login(nojs, live_server, SYNDIC, DEMO_PASSWORD)
    url = _open_tilleuls(nojs, live_server)
    nojs.goto(url + "/expenses/new")
    _record(nojs, "Dépannage ascenseur sans script")
    expect(nojs.get_by_role("heading", name="Dépannage ascenseur sans script")).to_be_visible()
    nojs.get_by_role("button", name="Approuver et répartir").click()
    expect(nojs.locator("#status")).to_have_text("Approuvée")
    whole(nojs)
