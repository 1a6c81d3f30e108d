"""Journey: the syndic uploads a CODA statement on the bank page, sees what matched (an owner's structured
communication) and what waits in suspense, assigns the money in left to an owner and the money out to the approved
expense it paid, each in one click; that owner then sees the
payment on a phone, in their portal's statement. With JavaScript and without, each on a database of its own."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from domain.rules import coda
from domain.rules.bank_statement import CODA, Movement, Statement
from e2e.conftest import _page, login, serving, whole
from queries.db import connect
from tests.fixtures import run_in_thread

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"
BUILDING = "Résidence Les Tilleuls"


@pytest.fixture
def bank_server(clone_db):  # type: ignore[no-untyped-def]
    yield from serving(clone_db, "koprogo_e2e_bank")


def _facts(url: str) -> dict[str, Any]:
    """The demo's last statement on the building's working account, an owner's reference, the demo owner."""
    async def run() -> dict[str, Any]:
        conn = await connect(url)
        try:
            last = await conn.fetchrow(
                "SELECT s.building_id, s.iban, s.sequence, s.closing_balance, s.closing_date FROM bank_statements s "
                "JOIN buildings b ON b.id = s.building_id AND b.organization_id = s.organization_id "
                "WHERE b.name = $1 ORDER BY s.closing_date DESC, s.sequence DESC LIMIT 1", BUILDING)
            me = await conn.fetchval("SELECT o.id FROM owners o JOIN users u ON u.id = o.user_id WHERE u.email = $1",
                                     OWNER)
            other = await conn.fetchrow(
                "SELECT r.reference, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS name "
                "FROM payment_references r JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id "
                "WHERE r.building_id = $1 AND r.owner_id <> $2 ORDER BY r.reference LIMIT 1",
                last["building_id"] if last else None, me)
            unpaid = await conn.fetchrow(
                "SELECT id, total, supplier FROM expenses WHERE building_id = $1 AND status = 'approved' "
                "ORDER BY invoice_date LIMIT 1", last["building_id"] if last else None)
            assert last is not None and other is not None and unpaid is not None
            return {**dict(last), "me": me, "reference": other["reference"], "other_name": other["name"],
                    "expense": unpaid["id"], "expense_total": unpaid["total"], "supplier": unpaid["supplier"]}
        finally:
            await conn.close()
    return run_in_thread(run)


def _expense_status(url: str, expense_id: Any) -> str:
    async def run() -> str:
        conn = await connect(url)
        try:
            return str(await conn.fetchval("SELECT status FROM expenses WHERE id = $1", expense_id))
        finally:
            await conn.close()
    return run_in_thread(run)


def _coda(facts: dict[str, Any]) -> bytes:
    day = max(date.today(), facts["closing_date"])
    ref = facts["reference"]
    moves = (Movement(1, day, day, Decimal("60.00"), "Payeur connu", "BE71096123456769",
                      structured_communication=f"{ref:010d}{ref % 97 or 97:02d}"),
             Movement(2, day, day, Decimal("77.77"), "Mme Martin", "BE43068999999501",
                      free_communication="charges lot"),
             Movement(3, day, day, -facts["expense_total"], "Virement fournisseur", "BE48735038052427",
                      free_communication="paiement"))
    opening = Decimal(facts["closing_balance"]).quantize(Decimal("0.01"))
    closing = opening + sum((m.amount for m in moves), Decimal(0))
    return coda.write([Statement(CODA, facts["iban"], "EUR", facts["sequence"] + 1, opening, day,
                                 closing, day, moves, holder="ACP Les Tilleuls")]).encode("cp850")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_statement_uploaded_matched_assigned_and_seen_by_the_owner(browser, bank_server, javascript):  # type: ignore[no-untyped-def]
    base, url = bank_server
    facts = _facts(url)
    context, page = _page(browser, base, viewport={"width": 1280, "height": 800}, java_script_enabled=javascript)
    login(page, base, SYNDIC, DEMO_PASSWORD)
    page.goto(f"{base}/buildings/{facts['building_id']}")
    page.get_by_role("link", name="Extraits bancaires").click()
    expect(page.get_by_role("heading", name=re.compile("Banque"))).to_be_visible()
    page.get_by_label("Fichier CODA ou CAMT.053").set_input_files(
        files=[{"name": "extrait.cod", "mimeType": "application/octet-stream", "buffer": _coda(facts)}])
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_role("status")).to_contain_text("Extraits importés : 1")
    whole(page)
    page.get_by_role("link", name=f"Extrait n° {facts['sequence'] + 1}").click()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(facts["other_name"])
    expect(rows.nth(1)).to_contain_text("Compte d'attente (499)")
    expect(rows.nth(2)).to_contain_text("Compte d'attente (499)")
    page.get_by_role("link", name=BUILDING).click()
    todo = page.locator("#todo li", has_text="Mme Martin")
    todo.get_by_label("Copropriétaire").select_option(str(facts["me"]))
    todo.get_by_role("button", name="Attribuer").click()
    expect(page.locator("#todo li", has_text="Mme Martin")).to_have_count(0)
    # money out: the approved expense of its amount offered, paid in one click
    out = page.locator("#todo li", has_text="Virement fournisseur")
    out.get_by_label("Dépense payée").select_option(str(facts["expense"]))
    out.get_by_role("button", name="Attribuer").click()
    expect(page.locator("#todo li", has_text="Virement fournisseur")).to_have_count(0)
    assert _expense_status(url, facts["expense"]) == "paid"
    whole(page)
    context.close()

    context, phone = _page(browser, base, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                           java_script_enabled=javascript)
    login(phone, base, OWNER, DEMO_PASSWORD)
    phone.goto(f"{base}/portal")
    phone.locator(f"#balance-{facts['building_id']}").get_by_role("link", name="Mon décompte").first.click()
    expect(phone.get_by_text("77,77").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
