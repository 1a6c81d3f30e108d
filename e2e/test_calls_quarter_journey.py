"""Journey: the syndic opens "Appels" (the firm's quarter), sees what each building would issue up to the end of the
year, issues it in one click, and the page says how many calls and e-mails went; on a 360-pixel phone too. With
JavaScript and without."""
from __future__ import annotations

import os
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import _page, _serve, login, whole
from queries.db import connect
from tests.fixtures import run_in_thread

SYNDIC = "syndic@demo.koprogo.be"
SHOTS = os.environ.get("KOPROGO_SHOTS")  # a folder: the pages are kept as PNG for a look


@pytest.fixture
def quarter_server(clone_db):  # type: ignore[no-untyped-def]
    """A server of the journey's own on the demo data, with a draft working-fund call dated today in the demo
    building (whatever the demo's own calls are by now)."""
    urls: list[str] = []

    def recording(prefix: str) -> str:
        urls.append(clone_db(prefix))
        return urls[-1]
    served = _serve(recording)
    base = next(served)

    async def draft() -> None:
        from domain.access import Actor
        from domain.calls import calls
        conn = await connect(urls[0])
        try:
            r = await conn.fetchrow(
                "SELECT u.id, u.email, u.full_name, o.id AS org, o.name, b.id AS building FROM users u "
                "JOIN memberships m ON m.user_id = u.id JOIN organizations o ON o.id = m.organization_id "
                "JOIN buildings b ON b.organization_id = o.id AND b.name = 'Résidence Les Tilleuls' "
                "WHERE u.email = $1", SYNDIC)
            syndic = Actor(r["id"], r["email"], r["full_name"], r["org"], r["name"], "syndic", ["syndic"])
            await calls.create_call(conn, syndic, r["building"], {
                "kind": "working_fund", "label": "Complément du fonds de roulement",
                "call_date": date.today().isoformat(), "total": "1200.00"})
        finally:
            await conn.close()
    run_in_thread(draft)
    yield base
    next(served, None)


def _quarter(p, base: str, name: str) -> str:  # type: ignore[no-untyped-def]
    """The firm's quarter previewed then issued: the status the syndic reads after it."""
    login(p, base, SYNDIC, DEMO_PASSWORD)
    p.get_by_role("link", name="Appels", exact=True).first.click()
    whole(p)
    expect(p.get_by_role("heading", name="Émettre le trimestre")).to_be_visible()
    p.get_by_label("Appels datés jusqu'au").fill(f"{date.today().year}-12-31")
    p.get_by_role("button", name="Voir ce qui sera émis").click()
    whole(p)
    row = p.locator("tr", has_text="Résidence Les Tilleuls")
    expect(row).to_be_visible()
    if SHOTS:
        p.screenshot(path=f"{SHOTS}/quarter-preview-{name}.png", full_page=True)
    p.get_by_role("button", name="Émettre le trimestre").click()
    whole(p)
    expect(p.get_by_role("status")).to_contain_text("Appels émis")
    if SHOTS:
        p.screenshot(path=f"{SHOTS}/quarter-issued-{name}.png", full_page=True)
    return p.get_by_role("status").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_the_firms_quarter(browser, quarter_server, javascript: bool, width: int) -> None:  # type: ignore[no-untyped-def]
    context, p = _page(browser, quarter_server, viewport={"width": width, "height": 800}, is_mobile=width < 400,
                       java_script_enabled=javascript)
    try:
        status = _quarter(p, quarter_server, f"{width}-{'js' if javascript else 'nojs'}")
        issued = re.search(r"Appels émis\s*:\s*(\d+)", status)
        assert issued and int(issued.group(1)) > 0, status
    finally:
        context.close()
