"""Journey: from the firm's arrears screen the syndic opens an overdue owner's collection page ("suivi"), agrees a
payment plan of three instalments, sees it kept, and finds the owner suspended on the arrears screen. With
JavaScript and without, each on a server and demo database of its own."""
from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

SYNDIC = "syndic@demo.koprogo.be"


def test_syndic_agrees_a_payment_plan(page, own_server, javascript) -> None:
    login(page, own_server, SYNDIC, DEMO_PASSWORD)
    page.goto(f"{own_server}/arrears")
    whole(page)
    row = page.locator("tbody tr").filter(has=page.locator('input[name="sel"]')).first
    name = row.locator("label").first.inner_text()
    row.get_by_role("link", name=f"Recouvrement de {name}").click()
    expect(page.get_by_role("heading", name="Plans de paiement")).to_be_visible()
    page.get_by_label("Motif, accord conclu").fill("Accord téléphonique : trois mensualités")
    page.get_by_label("Nombre d'échéances").fill("3")
    page.get_by_label("Première échéance").fill((date.today() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Créer le plan").click()
    expect(page.get_by_role("heading", name="Accord téléphonique : trois mensualités")).to_be_visible()
    expect(page.locator("article").get_by_text("à venir").first).to_be_visible()
    whole(page)
    page.get_by_role("link", name="Impayés").first.click()
    expect(page.locator("tbody tr").filter(has_text=name).first).to_contain_text("suspendu")
