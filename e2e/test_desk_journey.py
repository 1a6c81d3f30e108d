"""Journeys of issue 17 (part A): the syndic starts the day on the desk and follows two items to their pages;
the accountant turns two-factor on and logs in again with a code (computed with pyotp, as the phone would);
a password is reset through the e-mailed link. JavaScript on and off; screenshots at 360 px and desktop."""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, serving, whole
from tests.fixtures import run_in_thread

SYNDIC = "syndic@demo.koprogo.be"
ACCOUNTANT = "comptable@demo.koprogo.be"
SHOTS = Path(os.environ.get("KOPROGO_SHOTS", "/tmp/koprogo-shots"))


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_syndic_starts_the_day_on_the_desk(page, live_server, javascript):
    login(page, live_server, SYNDIC, DEMO_PASSWORD)
    assert page.url.endswith("/desk")
    expect(page.get_by_role("heading", name="À faire")).to_be_visible()
    items = page.locator(".desk-item")
    expect(items.first).to_be_visible()
    assert items.count() >= 5
    _shot(page, f"desk-desktop-{'js' if javascript else 'nojs'}")
    # first item followed: the draft expense to approve
    page.get_by_role("link", name=re.compile("^Approuver la dépense")).first.click()
    expect(page.locator("#status")).to_have_text("Brouillon")
    whole(page)
    page.go_back()
    # second: the owners' agenda requests to answer
    page.get_by_role("link", name=re.compile("^Répondre aux demandes")).click()
    expect(page.get_by_text("Installation d'un local vélos")).to_be_visible()
    whole(page)
    # filtered on a building, the charts of that building
    page.goto(f"{live_server}/desk")
    page.locator(".desk-filters").get_by_role("link", name="Résidence Les Tilleuls").click()
    page.wait_for_url(re.compile(r"building="))
    expect(page.get_by_role("heading", name=re.compile("Charges par catégorie .* Les Tilleuls"))).to_be_visible()
    assert page.locator("#desk-charts svg.chart").count() == 2


def test_the_desk_on_a_phone(phone, live_server, javascript):
    login(phone, live_server, SYNDIC, DEMO_PASSWORD)
    expect(phone.get_by_role("heading", name="À faire")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth") if javascript else 360
    assert width <= 360
    _shot(phone, f"desk-phone-{'js' if javascript else 'nojs'}")


@pytest.fixture
def server_db(clone_db):  # type: ignore[no-untyped-def]
    """A server of the test's own with the demo data, and its database's URL (to read the e-mails sent)."""
    yield from serving(clone_db, "koprogo_e2e_desk")


def _last_mail_to(url: str, email: str) -> str:
    async def read() -> str:
        from queries.db import connect
        conn = await connect(url)
        try:
            return await conn.fetchval("SELECT body FROM outbox WHERE recipient = $1 ORDER BY created_at DESC LIMIT 1",
                                       email)
        finally:
            await conn.close()
    return run_in_thread(read)


@pytest.fixture
def own_page(browser, server_db, javascript):  # type: ignore[no-untyped-def]
    base, _url = server_db
    context = browser.new_context(base_url=base, locale="fr-BE", viewport={"width": 1280, "height": 800},
                                  java_script_enabled=javascript)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_two_factor_turned_on_then_a_login_with_a_code(own_page, server_db, javascript):
    page, (base, _url) = own_page, server_db
    login(page, base, ACCOUNTANT, DEMO_PASSWORD)
    page.get_by_role("link", name="Sécurité").click()
    page.get_by_role("button", name="Activer la double authentification").click()
    expect(page.locator("figure.qr svg")).to_be_visible()
    _shot(page, f"totp-enrol-{'js' if javascript else 'nojs'}")
    secret = page.locator("figure.qr code").inner_text().strip()
    page.get_by_label("Code").fill("000000")  # a wrong code first
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_text("Code incorrect ou déjà utilisé.")).to_be_visible()
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activer").click()
    expect(page.get_by_role("heading", name="Double authentification activée")).to_be_visible()
    assert page.locator("ul.codes li").count() == 10
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", name="Connexion")).to_be_visible()
    page.get_by_label("E-mail").fill(ACCOUNTANT)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", name="Code de connexion")).to_be_visible()
    # the enrolment used this 30-second step's code: the phone shows the next one soon (accepted within a step)
    page.get_by_label("Code").fill(pyotp.TOTP(secret).at(int(time.time()) + 30))
    page.get_by_role("button", name="Valider").click()
    page.wait_for_url(lambda u: u.endswith("/desk"))
    expect(page.get_by_role("heading", name="À faire")).to_be_visible()
    whole(page)


def test_a_password_is_reset_through_the_mailed_link(own_page, server_db, javascript):
    page, (base, url) = own_page, server_db
    page.goto(f"{base}/login")
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    # with JavaScript the page is swapped in by htmx: fill the new page's field, not the login form's
    expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    page.get_by_label("E-mail").fill(ACCOUNTANT)
    page.get_by_role("button", name="Recevoir un lien").click()
    expect(page.get_by_text(re.compile("Si un compte existe pour cette adresse"))).to_be_visible()
    link = re.search(r"https?://\S+/password-reset/\S+", _last_mail_to(url, ACCOUNTANT)).group(0)
    page.goto(link)
    page.get_by_label("Nouveau mot de passe (10 caractères au moins)").fill("court")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page).to_have_url(re.compile("/password-reset/"))  # the browser's own check (minlength) stops it
    page.get_by_label("Nouveau mot de passe (10 caractères au moins)").fill("un-tout-nouveau-2026")
    page.get_by_role("button", name="Enregistrer le mot de passe").click()
    expect(page.get_by_text("Mot de passe changé : connectez-vous avec le nouveau.")).to_be_visible()
    login(page, base, ACCOUNTANT, "un-tout-nouveau-2026")
    assert page.url.endswith("/desk")


def test_an_owner_reads_their_notifications_on_a_phone(phone, own_server, javascript):
    login(phone, own_server, "proprietaire@demo.koprogo.be", DEMO_PASSWORD)
    count = phone.locator("#notice-count")
    expect(count.locator(".badge")).to_be_visible()  # the demo's payments recorded
    assert count.get_attribute("hx-trigger") == "every 60s"
    count.click()
    expect(phone.get_by_role("heading", name="Vos notifications")).to_be_visible()
    expect(phone.get_by_role("link", name=re.compile("^Paiement de .*€ reçu")).first).to_be_visible()
    _shot(phone, f"notifications-phone-{'js' if javascript else 'nojs'}")
    phone.get_by_role("button", name="Tout marquer comme lu").click()
    expect(phone.locator("#notice-count .badge")).to_have_count(0)
    whole(phone)


def test_the_syndic_sees_the_members(page, live_server, javascript):
    login(page, live_server, SYNDIC, DEMO_PASSWORD)
    page.get_by_role("link", name="Utilisateurs").click()
    expect(page.get_by_role("heading", name="Membres de l'organisation")).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("comptable@demo.koprogo.be"))).to_be_visible()
    _shot(page, f"members-desktop-{'js' if javascript else 'nojs'}")
