"""Journey: the syndic drafts next year's budget, the AG adopts it, the syndic previews the year's calls, creates
and issues the first; the notices reach the SMTP server; the owner on a phone sees what they owe and the QR code.
With JavaScript and without, each on a server and demo database of its own."""
from __future__ import annotations

import re
import socket
from datetime import date

import pytest
from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from domain.platform import mail, outbox
from e2e.conftest import _page, _serve, login, whole
from queries.db import connect
from tests.fixtures import run_in_thread

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"
YEAR = date.today().year + 1


@pytest.fixture
def calls_server(clone_db):  # type: ignore[no-untyped-def]
    """A server of the journey's own, and its database's URL."""
    urls: list[str] = []

    def recording(prefix: str) -> str:
        urls.append(clone_db(prefix))
        return urls[-1]
    served = _serve(recording)
    base = next(served)
    yield base, urls[0]
    next(served, None)


def _sql(url: str, statement: str) -> None:
    async def run() -> None:
        conn = await connect(url)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()
    run_in_thread(run)


def _deliver(url: str, port: int) -> list[str]:
    async def run() -> list[str]:
        conn = await connect(url)
        try:
            return await outbox.drain(conn, mail.smtp_sender("127.0.0.1", port, "syndic@koprogo.test"))
        finally:
            await conn.close()
    return run_in_thread(run)  # type: ignore[no-any-return]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_budget_to_issued_calls_to_the_owners_phone(browser, calls_server, javascript):  # type: ignore[no-untyped-def]
    base, url = calls_server
    context, page = _page(browser, base, viewport={"width": 1280, "height": 800}, java_script_enabled=javascript)
    login(page, base, SYNDIC, DEMO_PASSWORD)
    page.goto(f"{base}/buildings")
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    page.get_by_role("link", name="Budgets, fonds et appels").click()
    expect(page.get_by_role("heading", name=re.compile("Appels de fonds"))).to_be_visible()
    expect(page.locator("#funds-title")).to_be_visible()
    page.get_by_label("Intitulé").fill(f"Budget {YEAR}")
    page.get_by_label("Début de l'exercice").fill(f"{YEAR}-01-01")
    page.get_by_label("Libellé, ligne 1", exact=True).fill("Entretien courant")
    page.get_by_label("Compte, ligne 1", exact=True).fill("6100")
    page.get_by_label("Montant, ligne 1", exact=True).fill("20 000,00")
    page.get_by_label("Section, ligne 2", exact=True).select_option("reserve")
    page.get_by_label("Libellé, ligne 2", exact=True).fill("Fonds de réserve")
    page.get_by_label("Fonds, ligne 2", exact=True).select_option(index=1)
    page.get_by_label("Montant, ligne 2", exact=True).fill("1000")
    page.get_by_role("button", name="Enregistrer le projet de budget").click()
    expect(page.get_by_role("heading", name=re.compile(f"Budget {YEAR}"))).to_be_visible()
    expect(page.locator("#reserve-check")).to_contain_text("3.86")
    whole(page)
    # the AG adopts the demo agenda's budget item
    _sql(url, "UPDATE agenda_items SET vote_status = 'closed', adopted = true WHERE title = 'Budget prévisionnel'")
    page.reload()
    page.get_by_label("Résolution qui l'a adopté").select_option(index=0)
    page.get_by_role("button", name="Enregistrer le vote").click()
    expect(page.get_by_text("voté par l'assemblée")).to_be_visible()
    page.get_by_role("link", name="Aperçu : qui paie quoi").click()
    expect(page.get_by_role("heading", name=re.compile(r"Provisions ordinaires 1.4"))).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"5\s000,00\s€")).first).to_be_visible()
    page.get_by_role("button", name="Créer ces appels").click()
    whole(page)
    # this year's calls (the demo's, voted last autumn) come first: next year's draft is the last of the name
    page.get_by_role("link", name="Provisions ordinaires 1/4").last.click()
    page.get_by_role("button", name="Émettre l'appel").click()
    expect(page.get_by_text(re.compile(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+")).first).to_be_visible()
    whole(page)
    # the first quarter settled: computed, then posted (the provisions against the charges, one entry)
    page.goto(f"{base}/buildings")
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    page.get_by_role("link", name="Budgets, fonds et appels").click()
    page.get_by_role("link", name="Décompte d'une période").click()
    page.get_by_label("Du", exact=True).fill(f"{YEAR}-01-01")
    page.get_by_label("Au", exact=True).fill(f"{YEAR}-03-31")
    page.get_by_role("button", name="Calculer le décompte").click()
    page.get_by_role("button", name="Passer le décompte").click()
    expect(page.locator("#settlements")).to_contain_text("Provisions ordinaires")
    expect(page.locator("#already-settled")).to_have_count(0)
    whole(page)
    context.close()

    port = _free_port()
    controller, handler = mail.start_catch_all("127.0.0.1", port)
    try:
        outcomes = _deliver(url, port)
        notices = [m for m in handler.all() if m.subject.startswith("Appel de fonds")]
        assert notices and set(outcomes) == {"sent"}
        assert "Communication structurée : +++" in notices[0].text
    finally:
        controller.stop()

    context, phone = _page(browser, base, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                           java_script_enabled=javascript)
    login(phone, base, OWNER, DEMO_PASSWORD)
    phone.goto(f"{base}/portal")
    section = phone.locator("#my-calls")
    expect(section.get_by_role("heading", name="Mes appels de fonds")).to_be_visible()
    expect(section.get_by_text(re.compile(r"\+\+\+\d{3}/\d{4}/\d{5}\+\+\+")).first).to_be_visible()
    expect(section.locator("svg.qr").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
