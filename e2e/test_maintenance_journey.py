"""Journeys: an owner reports a leak with a photo from a 360-px phone; the syndic triages it and assigns a
contractor; the roof job's quotes are compared, one accepted and the order refused with the AG's rule — each with
JavaScript on and off. With KOPROGO_SHOTS=<folder> set, the journeys save their screenshots there."""
from __future__ import annotations

import os
import re
from pathlib import Path

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import _page, login, whole

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"
SHOTS = os.environ.get("KOPROGO_SHOTS")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
       b"\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_an_owner_reports_a_leak_with_a_photo_from_a_phone(phone, live_server, tmp_path, javascript):
    mode = "js" if javascript else "nojs"
    login(phone, live_server, OWNER, DEMO_PASSWORD)
    phone.get_by_role("link", name="Signaler un problème").first.click()
    expect(phone.get_by_role("heading", name="Signaler un problème")).to_be_visible()
    _shot(phone, f"ticket-report-phone-{mode}")
    phone.get_by_role("button", name="Envoyer le signalement").click()  # nothing filled: the browser refuses
    expect(phone.get_by_role("heading", name="Signaler un problème")).to_be_visible()
    title = f"Fuite au plafond de la salle de bain ({mode})"
    phone.get_by_label("Quel est le problème ?").fill(title)
    phone.get_by_label("Où ?", exact=True).select_option(index=1)  # their lot
    phone.get_by_label("Description").fill("Une tache d'eau s'agrandit depuis hier soir.")
    photo = tmp_path / "fuite.png"
    photo.write_bytes(PNG)
    phone.get_by_label(re.compile("^Photo")).set_input_files(str(photo))
    phone.get_by_role("button", name="Envoyer le signalement").click()
    expect(phone.get_by_role("heading", name=title)).to_be_visible()
    expect(phone.locator("#ticket-state")).to_have_text("Nouveau")
    expect(phone.get_by_role("link", name="Voir la photo")).to_be_visible()
    whole(phone)
    if javascript:  # nothing wider than the phone
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(phone, f"ticket-reported-phone-{mode}")
    phone.goto(f"{live_server}/portal")
    expect(phone.get_by_role("link", name=title)).to_be_visible()


def test_the_syndic_triages_and_compares_quotes(browser, own_server, javascript):
    mode = "js" if javascript else "nojs"
    context, page = _page(browser, own_server, viewport={"width": 1280, "height": 800},
                          java_script_enabled=javascript)
    try:
        login(page, own_server, SYNDIC, DEMO_PASSWORD)
        page.get_by_role("link", name="Tickets", exact=True).first.click()
        page.get_by_role("link", name="Fuite sous l'évier").click()
        page.get_by_label("Urgence").select_option("high")
        page.get_by_label("Entrepreneur").select_option(label="Plomberie Dupont SRL")
        page.get_by_role("button", name="Enregistrer le tri").click()
        expect(page.locator("#ticket-state")).to_have_text("Assigné")
        expect(page.get_by_role("link", name="Plomberie Dupont SRL")).to_be_visible()
        whole(page)
        _shot(page, f"ticket-triaged-{mode}")
        page.goto(f"{own_server}/buildings")
        page.get_by_role("link", name="Résidence Les Tilleuls").click()
        page.get_by_role("link", name="Travaux et devis").click()
        expect(page.get_by_text(re.compile("3 devis au moins sont requis"))).to_be_visible()
        page.get_by_role("link", name="Réfection de la toiture").click()
        quotes = page.locator("#quotes table")
        expect(quotes.get_by_role("row")).to_have_count(3)
        page.get_by_role("button", name="Accepter le devis de Toitures Lambert").click()
        expect(page.locator("#quotes")).to_contain_text("accepté")
        expect(page.locator("#competition")).to_contain_text("la commande est refusée")
        expect(page.locator("#competition")).to_contain_text("8\u202f957,00")
        page.get_by_role("button", name="Passer la commande").click()
        expect(page.locator("#refusal")).to_contain_text("Commande refusée")
        expect(page.locator("#competition")).to_contain_text("3.88")
        whole(page)
        _shot(page, f"quotes-refused-{mode}")
        page.get_by_role("checkbox", name="Plomberie Dupont SRL").check()
        page.get_by_role("button", name="Demander", exact=True).click()
        answer = page.locator("form[aria-label='Plomberie Dupont SRL']")
        answer.get_by_label("Montant HTVA (€)").fill("7 950,00")
        answer.get_by_role("button", name="Enregistrer le devis").click()
        page.get_by_role("button", name="Passer la commande").click()
        expect(page.locator("#work-status")).to_have_text("commandé")
        _shot(page, f"quotes-ordered-{mode}")
        work_url = page.url
        phone_context, phone = _page(browser, own_server, viewport={"width": 360, "height": 740}, is_mobile=True,
                                     has_touch=True, java_script_enabled=javascript)
        login(phone, own_server, SYNDIC, DEMO_PASSWORD)
        phone.goto(work_url)
        expect(phone.get_by_role("heading", name="Réfection de la toiture")).to_be_visible()
        _shot(phone, f"quotes-phone-{mode}")
        phone_context.close()
    finally:
        context.close()
