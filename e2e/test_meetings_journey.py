"""Journey, with JavaScript and without: the syndic convenes the demo's draft assembly, then holds the one convened
for now: registers attendance, opens the session and a resolution; the demo owner votes from a 360-pixel phone;
the syndic closes the vote and the meeting and downloads the minutes. After every action the page is still whole
(header, navigation, main content): under hx-boost, the live screen's buttons once inherited its polling's
hx-select and outerHTML swap and left a bare <div id="live">, or a blank page at the minutes."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import CHROMIUM, login, whole

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"


def _context(browser, javascript: bool, phone: bool = False):  # type: ignore[no-untyped-def]
    size = {"width": 360, "height": 740} if phone else {"width": 1280, "height": 800}
    context = browser.new_context(locale="fr-BE", viewport=size, java_script_enabled=javascript,
                                  is_mobile=phone, has_touch=phone)
    context.set_default_timeout(10_000)
    return context


def test_syndic_holds_an_assembly_and_an_owner_votes_from_a_phone(browser, own_server, javascript):  # type: ignore[no-untyped-def]
    base = own_server  # the demo's draft assembly of Les Tilleuls, seeded after the register's lots
    desk, mobile = _context(browser, javascript), _context(browser, javascript, phone=True)
    page, phone = desk.new_page(), mobile.new_page()
    assert CHROMIUM
    login(page, base, SYNDIC, DEMO_PASSWORD)
    page.get_by_role("link", name="Assemblées").click()
    whole(page)
    page.get_by_role("link", name="Assemblée générale ordinaire").first.click()
    expect(page.get_by_role("heading", name="Ordre du jour")).to_be_visible()
    page.get_by_role("button", name="Convoquer l'assemblée").click()
    expect(page.get_by_role("heading", name="Envois")).to_be_visible()
    whole(page)
    # that one meets in five weeks; the demo's extraordinary assembly was convened three weeks ago for now
    page.get_by_role("link", name="Assemblées").click()
    page.get_by_role("link", name="Assemblée générale extraordinaire").first.click()
    whole(page)
    page.get_by_role("link", name="Séance").click()
    expect(page.get_by_role("heading", name="Liste de présence")).to_be_visible()
    whole(page)

    selects = page.get_by_label(re.compile("^Présence de "))
    for i in range(selects.count()):
        row = page.locator("#register li").nth(i)
        row.get_by_label(re.compile("^Présence de ")).select_option("present")
        row.get_by_role("button", name="Enregistrer").click()
        expect(page.locator("#register li").nth(i).get_by_text(re.compile("inscrit à"))).to_be_visible()
        whole(page)
    expect(page.locator("#quorum").get_by_text("atteint", exact=True)).to_be_visible()
    page.get_by_role("button", name="Ouvrir la séance").click()
    expect(page.get_by_role("button", name="Ouvrir le vote sur le point 1")).to_be_visible()
    whole(page)
    expect(page.get_by_role("heading", name="Liste de présence")).to_be_visible()
    page.get_by_role("button", name="Ouvrir le vote sur le point 1").click()
    expect(page.get_by_text("Vote en cours")).to_be_visible()
    whole(page)

    login(phone, base, OWNER, DEMO_PASSWORD)
    phone.get_by_role("link", name="Voter").click()
    whole(phone)
    phone.get_by_role("button", name=re.compile("^Pour")).first.click()
    expect(phone.get_by_text("Vote enregistré : pour").first).to_be_visible()
    whole(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    if javascript:
        expect(page.get_by_text(re.compile(r"1 vote\(s\)"))).to_be_visible(timeout=10_000)  # the screen polls
    else:
        page.reload()
        expect(page.get_by_text(re.compile(r"1 vote\(s\)"))).to_be_visible()
    whole(page)
    page.get_by_role("button", name="Clôturer le vote sur le point 1").click()
    expect(page.get_by_text("Adoptée").first).to_be_visible()
    whole(page)
    expect(page.get_by_role("heading", name="Liste de présence")).to_be_visible()
    page.get_by_role("button", name="Clôturer l'assemblée").click()
    expect(page.get_by_role("heading", name=re.compile("Procès-verbal"))).to_be_visible()
    whole(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le procès-verbal (PDF)").click()
    assert download.value.suggested_filename == "proces-verbal.pdf"
    desk.close()
    mobile.close()
