"""Journey: the syndic adds three lots and two owners, splits a lot 50/50 between them, records a sale to the
demo owner, who then sees the lot on a 360-pixel phone (with JavaScript and without); and adding a lot with
JavaScript disabled."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"


def _new_building(page, base: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/buildings/new")
    page.get_by_label("Nom", exact=True).fill(name)
    page.get_by_label("Adresse").fill("Rue des Tanneurs 5")
    page.get_by_label("Code postal").fill("1000")
    page.get_by_label("Ville").fill("Bruxelles")
    page.get_by_label("Nombre de lots").fill("3")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    whole(page)


def _add_lot(page, number: str, kind: str, quota: str) -> None:  # type: ignore[no-untyped-def]
    form = page.locator("#add-lot")
    form.get_by_label("Numéro du lot").fill(number)
    form.get_by_label("Type").select_option(label=kind)
    form.get_by_label("Quote-part").fill(quota)
    form.get_by_role("button", name="Ajouter le lot").click()
    expect(page.locator("#lots").get_by_role("link", name=number, exact=True)).to_be_visible()
    whole(page)


def _new_owner(page, base: str, first: str, last: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/owners/new")
    page.get_by_label("Prénom").fill(first)
    page.get_by_label("Nom de famille").fill(last)
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("heading", name=f"{first} {last}")).to_be_visible()
    whole(page)


def test_syndic_builds_the_register_and_the_owner_sees_their_lot(page, phone, live_server, javascript):  # type: ignore[no-untyped-def]
    park = "Résidence du Parc" if javascript else "Résidence du Jardin"
    tag = "js" if javascript else "nojs"
    odile, hugo = f"odile.aubry.{tag}@example.be", f"hugo.renard.{tag}@example.be"
    login(page, live_server, SYNDIC, DEMO_PASSWORD)
    _new_building(page, live_server, park)
    _add_lot(page, "E1", "Appartement", "500")
    _add_lot(page, "E2", "Appartement", "400")
    _add_lot(page, "P1", "Parking", "100")
    expect(page.locator("#quota-total")).to_contain_text("complet")
    page.get_by_role("link", name="Modifier le lot E2").click()  # inline with htmx; the lot's form without
    whole(page)
    row_form = page.get_by_role("form", name="Modifier le lot E2")
    row_form.get_by_label("Quote-part").fill("350")
    row_form.get_by_role("button", name="Enregistrer").click()
    if not javascript:
        page.goto(live_server + "/buildings")
        page.get_by_role("link", name=park).click()
    expect(page.locator("#quota-total")).to_contain_text("il manque 50")
    whole(page)
    _new_owner(page, live_server, "Odile", "Aubry", odile)
    _new_owner(page, live_server, "Hugo", "Renard", hugo)

    page.goto(live_server + "/buildings")
    page.get_by_role("link", name=park).click()
    page.locator("#lots").get_by_role("link", name="E1", exact=True).click()
    whole(page)
    page.get_by_role("link", name="Définir les propriétaires").click()
    whole(page)
    page.get_by_label("Propriétaire 1 — nom").select_option(label=f"Odile Aubry ({odile})")
    page.get_by_label("Propriétaire 1 — part").fill("50")
    page.get_by_label("Propriétaire 1 — contact du lot").check()
    page.get_by_label("Propriétaire 2 — nom").select_option(label=f"Hugo Renard ({hugo})")
    page.get_by_label("Propriétaire 2 — part").fill("40")
    page.get_by_role("button", name="Enregistrer les propriétaires").click()
    expect(page.get_by_role("alert")).to_contain_text("90 %")  # refused, the form kept
    whole(page)
    page.get_by_label("Propriétaire 2 — part").fill("1/2")
    page.get_by_role("button", name="Enregistrer les propriétaires").click()
    holders = page.locator("#holders")
    expect(holders).to_contain_text("Odile Aubry")
    expect(holders).to_contain_text("Hugo Renard")
    whole(page)

    page.get_by_role("link", name="Enregistrer une vente").click()
    whole(page)
    page.get_by_label("Vendeur").select_option(label="Odile Aubry")
    page.get_by_label("Acheteur").select_option(label="Jean Martin (proprietaire@demo.koprogo.be)")
    page.get_by_role("button", name="Enregistrer la vente").click()
    expect(holders).to_contain_text("Jean Martin")
    expect(holders).not_to_contain_text("Odile Aubry")
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()
    whole(page)

    login(phone, live_server, OWNER, DEMO_PASSWORD)
    phone.goto(live_server + "/portal")
    whole(phone)
    lot = phone.get_by_role("heading", name=f"Lot E1 · {park}")
    expect(lot).to_be_visible()
    card = phone.locator("article", has=lot)
    expect(card).to_contain_text("500 / 1000")
    expect(card).to_contain_text("50 %")
    expect(card).to_contain_text("Hugo Renard")
    expect(card).not_to_contain_text(hugo)  # not shared
    expect(phone.locator("#syndic-contact")).to_contain_text("contact@demo.koprogo.be")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_add_a_lot_without_javascript(nojs, live_server):
    login(nojs, live_server, SYNDIC, DEMO_PASSWORD)
    nojs.goto(live_server + "/buildings")
    nojs.get_by_role("link", name="Le Clos des Vignes").click()
    form = nojs.locator("#add-lot")
    form.get_by_label("Numéro du lot").fill("G9")
    form.get_by_label("Type").select_option(label="Parking")
    form.get_by_label("Quote-part").fill("99999")
    form.get_by_role("button", name="Ajouter le lot").click()
    expect(nojs.get_by_text(re.compile("de trop"))).to_be_visible()  # over the total: the form comes back
    nojs.get_by_label("Quote-part").fill("100")
    nojs.get_by_role("button", name="Enregistrer").click()
    expect(nojs.locator("#lots").get_by_role("link", name="G9", exact=True)).to_be_visible()
    whole(nojs)
