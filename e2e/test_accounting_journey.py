"""Journeys in the books: the accountant opens the trial balance and an owner's ledger; the syndic closes a year
after the checklist (on a server of its own: the demo year is closed for good); an owner reads their ledger on a
phone. With JavaScript and without (the page / phone fixtures run both)."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

ACCOUNTANT = "comptable@demo.koprogo.be"
SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"


def _books(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/buildings")
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    page.get_by_role("link", name="Comptabilité").click()
    expect(page.get_by_role("heading", name=re.compile("Balance des comptes"))).to_be_visible()


def test_accountant_opens_the_trial_balance_and_an_owners_ledger(page, live_server):
    login(page, live_server, ACCOUNTANT, DEMO_PASSWORD)
    _books(page, live_server)
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile("^614 "))).to_be_visible()  # the insurance, on the BE chart
    expect(table.locator("tfoot")).to_contain_text("0,00")
    whole(page)
    table.locator("tbody").get_by_role("link").filter(has_text=re.compile(r"\w+ \w+")).first.click()
    expect(page.get_by_role("heading", name=re.compile("Décompte de charges"))).to_be_visible()
    whole(page)


def test_syndic_closes_a_year_after_the_checklist(page, own_server):
    login(page, own_server, SYNDIC, DEMO_PASSWORD)
    _books(page, own_server)
    page.get_by_role("link", name="Exercice et clôture").click()
    expect(page.locator("#check-drafts")).to_contain_text("brouillon")
    page.get_by_role("button", name="Clôturer l'exercice").click()
    expect(page.get_by_role("alert")).to_contain_text("La liste de clôture n'est pas vide")
    year_url = page.url.split("?")[0].removesuffix("/close")
    page.goto(f"{own_server}/buildings")
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    page.wait_for_url(re.compile(r"/buildings/[0-9a-f-]{36}$"))
    building_url = page.url
    page.get_by_role("link", name="Voir les charges").click()
    page.get_by_role("link", name="Eau — relevé annuel").click()
    page.get_by_role("button", name="Approuver et répartir").click()
    expect(page.locator("#status")).to_have_text("Approuvée")
    page.goto(year_url)
    expect(page.get_by_text("Le compte d'attente n'est pas vide")).to_be_visible()
    page.goto(f"{building_url}/bank")  # the statement's unknown payer, assigned to an owner: suspense empty
    page.get_by_role("button", name="Attribuer").first.click()
    page.goto(year_url)
    expect(page.locator("#check-drafts")).to_contain_text("Toutes les factures reçues sont comptabilisées")
    page.get_by_role("button", name="Clôturer l'exercice").click()
    expect(page.get_by_role("status")).to_contain_text("Exercice clôturé")
    whole(page)


def test_owner_reads_their_ledger_on_a_phone(phone, live_server):
    login(phone, live_server, OWNER, DEMO_PASSWORD)
    phone.goto(f"{live_server}/portal")
    phone.get_by_role("link", name="Décompte").first.click()
    expect(phone.get_by_role("heading", name=re.compile("Décompte de charges"))).to_be_visible()
    expect(phone.get_by_text("+++090/1234/56789+++").first).to_be_visible()  # their payment, from the books
    whole(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
