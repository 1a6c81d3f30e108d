"""Journey: the syndic cancels an issued call of the demo from its page — the confirm step asks the reason (required), the
call then shows cancelled with it, and the building's list says so. With JavaScript and without."""
from __future__ import annotations

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

SYNDIC = "syndic@demo.koprogo.be"


def test_syndic_cancels_an_issued_call(page, own_server, javascript) -> None:
    login(page, own_server, SYNDIC, DEMO_PASSWORD)
    page.goto(f"{own_server}/buildings")
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    page.get_by_role("link", name="Budgets, fonds et appels").click()
    issued = page.locator('li[id^="call-"]').filter(has_text="émis").first
    label = issued.locator("strong").inner_text()
    issued.get_by_role("link").click()
    page.get_by_role("link", name="Annuler l'appel…").click()
    expect(page.get_by_label("Motif de l'annulation")).to_have_attribute("required", "")
    page.get_by_label("Motif de l'annulation").fill("Montant voté revu par l'assemblée")
    page.get_by_role("button", name="Oui, annuler l'appel").click()
    expect(page.locator("#cancellation")).to_contain_text("Montant voté revu par l'assemblée")
    whole(page)
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    expect(page.locator('li[id^="call-"]').filter(has_text=label).first).to_contain_text("annulé")
