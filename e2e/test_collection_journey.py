"""Journey: the syndic opens the firm's arrears screen, checks an overdue owner of the demo and runs the next
reminder step in one click; the page says it was sent and the owner's next step moved on. With JavaScript and
without, each on a server and demo database of its own."""
from __future__ import annotations

import os

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

SYNDIC = "syndic@demo.koprogo.be"


def test_syndic_runs_the_reminder_step_from_the_arrears_screen(page, own_server, javascript) -> None:
    login(page, own_server, SYNDIC, DEMO_PASSWORD)
    page.goto(f"{own_server}/arrears")
    whole(page)
    expect(page.get_by_role("heading", name="Impayés")).to_be_visible()
    box = page.locator('input[name="sel"]').first
    row = page.locator("tbody tr").filter(has=box)
    step_before = row.locator("td").last.inner_text()
    box.check()
    page.get_by_role("button", name="Envoyer l'étape suivante").click()
    expect(page.get_by_role("status")).to_have_text("Rappels envoyés : 1.")
    whole(page)
    if os.environ.get("KOPROGO_SHOTS"):
        page.screenshot(path=f"{os.environ['KOPROGO_SHOTS']}/arrears-{'js' if javascript else 'nojs'}.png",
                        full_page=True)
    assert step_before.startswith("Étape")
