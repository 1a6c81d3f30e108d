"""Journeys in the annual accounts: the accountant opens the year's accounts, the balance sheet and a supplier's
ledger on a desktop; the board reads the income statement on a phone. With JavaScript and without."""
from __future__ import annotations

import os
import re

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole
from e2e.test_accounting_journey import ACCOUNTANT, _books


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if os.environ.get("SHOTS"):
        page.screenshot(path=f"{os.environ['SHOTS']}/{name}.png", full_page=True)


def test_accountant_reads_the_annual_accounts_and_a_supplier(page, live_server, javascript):
    login(page, live_server, ACCOUNTANT, DEMO_PASSWORD)
    _books(page, live_server)
    page.get_by_role("link", name="Comptes annuels", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("^Comptes annuels"))).to_be_visible()
    expect(page.locator("#assets tfoot")).to_contain_text("€")
    expect(page.locator("#reserve-check")).to_be_visible()
    whole(page)
    _shot(page, f"annual-desktop-{javascript}")
    page.get_by_role("link", name="Bilan").click()
    page.wait_for_url(re.compile(r"/books/balance-sheet"))
    expect(page.locator("#liabilities")).to_be_visible()
    page.go_back()
    _books(page, live_server)
    page.get_by_role("link", name="Fournisseurs").click()
    expect(page.get_by_role("heading", name=re.compile("Comptes fournisseurs"))).to_be_visible()
    page.locator("tbody").get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=re.compile("Compte fournisseur"))).to_be_visible()
    whole(page)
    _shot(page, f"supplier-desktop-{javascript}")


def test_the_income_statement_on_a_phone(phone, live_server, javascript):
    login(phone, live_server, ACCOUNTANT, DEMO_PASSWORD)
    _books(phone, live_server)
    phone.get_by_role("link", name="Comptes annuels", exact=True).click()
    phone.get_by_role("link", name="Compte de résultats").click()
    phone.wait_for_url(re.compile(r"/books/income-statement"))
    expect(phone.locator("#assets")).to_have_count(0)
    expect(phone.locator("#general-charges")).to_be_visible()
    whole(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(phone, f"income-phone-{javascript}")
