"""Journey: the syndic convenes the demo assembly, registers attendance and opens a resolution; the demo owner
votes from a 360-pixel phone; the syndic, with JavaScript off, closes the vote and the meeting and downloads the
minutes."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"


def test_syndic_holds_an_assembly_and_an_owner_votes_from_a_phone(page, phone, nojs, live_server):  # type: ignore[no-untyped-def]
    base = live_server  # the demo's draft assembly of Les Tilleuls, seeded after the register's lots
    login(page, base, SYNDIC, DEMO_PASSWORD)
    page.get_by_role("link", name="Assemblées").click()
    page.get_by_role("link", name="Assemblée générale ordinaire").first.click()
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    page.get_by_role("button", name="Convoquer l'assemblée").click()
    expect(page.get_by_role("heading", name="Envois")).to_be_visible()
    page.get_by_role("link", name="Séance").click()
    expect(page.get_by_role("heading", name="Liste de présence")).to_be_visible()

    selects = page.get_by_label(re.compile("^Présence de "))
    for i in range(selects.count()):
        row = page.locator("#register li").nth(i)
        row.get_by_label(re.compile("^Présence de ")).select_option("present")
        row.get_by_role("button", name="Enregistrer").click()
        expect(page.locator("#register li").nth(i).get_by_text(re.compile("inscrit à"))).to_be_visible()
    expect(page.locator("#quorum").get_by_text("atteint", exact=True)).to_be_visible()
    page.get_by_role("button", name="Ouvrir la séance").click()
    page.get_by_role("button", name="Ouvrir le vote sur le point 1").click()
    expect(page.get_by_text("Vote en cours")).to_be_visible()

    login(phone, base, OWNER, DEMO_PASSWORD)
    phone.get_by_role("link", name="Voter").click()
    phone.get_by_role("button", name=re.compile("^Pour")).first.click()
    expect(phone.get_by_text("Vote enregistré : pour").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    expect(page.get_by_text(re.compile(r"1 vote\(s\)"))).to_be_visible(timeout=10_000)  # the screen polls

    login(nojs, base, SYNDIC, DEMO_PASSWORD)
    nojs.goto(page.url)
    nojs.get_by_role("button", name="Clôturer le vote sur le point 1").click()
    expect(nojs.get_by_text("Adoptée").first).to_be_visible()
    nojs.get_by_role("button", name="Clôturer l'assemblée").click()
    expect(nojs.get_by_role("heading", name=re.compile("Procès-verbal"))).to_be_visible()
    with nojs.expect_download() as download:
        nojs.get_by_role("link", name="Télécharger le procès-verbal (PDF)").click()
    assert download.value.suggested_filename == "proces-verbal.pdf"
