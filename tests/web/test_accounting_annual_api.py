"""The annual accounts over /api/v1 and as pages (the balance sheet, the income statement, the whole pack and its
PDF); roles and tenants."""
from __future__ import annotations

import pytest

from tests.factories import api_user, browser_login
from tests.web.test_charges_accounts_api import approved_expense, setup


async def test_balance_sheet_and_income_statement_json(client, conn) -> None:
    org, headers, building, _units, _owners, owner_headers = await setup(conn)
    await approved_expense(client, headers, building)  # 200 of cleaning (6102), allocated 120 / 80
    sheet = await (await client.get(f"/api/v1/buildings/{building.id}/balance-sheet?year=2026",
                                    headers=headers)).get_json()
    assert sheet["balanced"] and sheet["total_assets"] == sheet["total_liabilities"] == "200.00"
    assert [(x["code"], x["amount"]) for x in sheet["assets"]] == [("4101", "200.00")]
    assert [(x["code"], x["amount"]) for x in sheet["liabilities"]] == [("440", "200.00")]
    assert sheet["result_to_allocate"] == "0.00" and sorted(o["balance"] for o in sheet["owners"]) == ["120.00",
                                                                                                    "80.00"]
    income = await (await client.get(f"/api/v1/buildings/{building.id}/income-statement?year=2026",
                                     headers=headers)).get_json()
    assert (income["total_charges"], income["total_income"], income["result"]) == ("200.00", "200.00", "0.00")
    assert income["charges"][0] | {"label": ""} == {"code": "6102", "label": "", "actual": "200.00", "budget": None,
                                                  "variance": None, "previous": "0.00", "next_budget": None}
    assert not income["budgeted"] and "annexes" not in income
    for url in ("balance-sheet", "income-statement"):
        resp = await client.get(f"/api/v1/buildings/{building.id}/{url}?year=2026", headers=owner_headers)
        assert resp.status_code == 403
        _org2, _, other = await api_user(conn)
        assert (await client.get(f"/api/v1/buildings/{building.id}/{url}", headers=other)).status_code == 404
        resp = await client.get(f"/api/v1/buildings/{building.id}/{url}?year=1990", headers=headers)
        assert resp.status_code == 404
        resp = await client.get(f"/api/v1/buildings/{building.id}/{url}?year=abc", headers=headers)
        assert resp.status_code == 422


async def test_a_french_income_statement_carries_the_annexes(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    await conn.execute("UPDATE buildings SET jurisdiction = 'FR' WHERE id = $1", building.id)
    await approved_expense(client, headers, building)
    income = await (await client.get(f"/api/v1/buildings/{building.id}/income-statement?year=2026",
                                     headers=headers)).get_json()
    annexes = income["annexes"]
    assert annexes["current_operations"]["total_charges"] == income["total_charges"] == "200.00"
    assert annexes["works_and_exceptional"]["total_charges"] == "0.00" and annexes["works_voted_open"] == []


@pytest.mark.parametrize("jurisdiction", ["BE", "FR"])
async def test_the_pages_and_the_pdf(client, conn, jurisdiction, tmp_path) -> None:
    org, headers, building, *_ = await setup(conn)
    await conn.execute("UPDATE buildings SET jurisdiction = $2 WHERE id = $1", building.id, jurisdiction)
    await approved_expense(client, headers, building)
    await browser_login(client, conn, "syndic", org=org)
    whole = await (await client.get(f"/buildings/{building.id}/books/annual?year=2026")).get_data(as_text=True)
    if jurisdiction == "FR":
        for title in ("Annexe 1", "Annexe 2", "Annexe 3", "Annexe 4", "Annexe 5"):
            assert title in whole
    else:
        assert "Bilan" in whole and "Compte de résultats" in whole and "Fonds de roulement" in whole
    assert "Soldes des copropriétaires" in whole and "200,00" in whole
    sheet = await (await client.get(f"/buildings/{building.id}/books/balance-sheet?year=2026")).get_data(as_text=True)
    assert 'id="assets"' in sheet and 'id="general-charges"' not in sheet
    income = await (await client.get(f"/buildings/{building.id}/books/income-statement?year=2026")).get_data(
        as_text=True)
    assert 'id="general-charges"' in income and 'id="assets"' not in income
    resp = await client.get(f"/buildings/{building.id}/books/annual.pdf?year=2026")
    body = await resp.get_data()
    assert resp.status_code == 200 and body[:4] == b"%PDF"
    import os
    if os.environ.get("KEEP_PDF"):
        (__import__("pathlib").Path(os.environ["KEEP_PDF"]) / f"annual-{jurisdiction}.pdf").write_bytes(body)


async def test_the_supplier_ledger(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    await approved_expense(client, headers, building, supplier="Net SA")
    await approved_expense(client, headers, building, supplier="Net SA", amount_excl_vat="50.00")
    listed = await (await client.get(f"/api/v1/buildings/{building.id}/supplier-accounts?year=2026",
                                     headers=headers)).get_json()
    [net] = [a for a in listed["data"] if a["label"] == "Net SA"]
    assert (net["code"], net["credit"], net["sub_account"]) == ("440", "250.00", True)
    ledger = await (await client.get(f"/api/v1/buildings/{building.id}/supplier-accounts/{net['id']}/ledger",
                                     headers=headers)).get_json()
    assert ledger["owed"] == "250.00" and [x["owed"] for x in ledger["lines"]] == ["200.00", "250.00"]
    _org2, _, other = await api_user(conn)
    url = f"/api/v1/buildings/{building.id}/supplier-accounts/{net['id']}/ledger"
    assert (await client.get(url, headers=other)).status_code == 404
    # another account of the building is no supplier's
    chart = await (await client.get(f"/api/v1/buildings/{building.id}/accounts", headers=headers)).get_json()
    general = next(a["id"] for a in chart["data"] if a["code"] == "701")
    resp = await client.get(f"/api/v1/buildings/{building.id}/supplier-accounts/{general}/ledger", headers=headers)
    assert resp.status_code == 404
    await browser_login(client, conn, "syndic", org=org)
    html = await (await client.get(f"/buildings/{building.id}/books/suppliers")).get_data(as_text=True)
    assert "Net SA" in html and "250,00" in html
    html = await (await client.get(f"/buildings/{building.id}/books/suppliers/{net['id']}")).get_data(as_text=True)
    assert "Compte fournisseur" in html and "ACH 2" in html


@pytest.mark.parametrize("jurisdiction", ["BE", "FR"])
async def test_the_auditors_zip(client, conn, jurisdiction) -> None:
    import csv
    import io
    import zipfile
    org, headers, building, _units, _owners, owner_headers = await setup(conn)
    await conn.execute("UPDATE buildings SET jurisdiction = $2 WHERE id = $1", building.id, jurisdiction)
    await approved_expense(client, headers, building, invoice_number="F-17")
    url = f"/api/v1/buildings/{building.id}/exports/audit.zip?year=2026"
    resp = await client.get(url, headers=headers)
    assert resp.status_code == 200 and "verification-2026-01-01.zip" in resp.headers["Content-Disposition"]
    z = zipfile.ZipFile(io.BytesIO(await resp.get_data()))
    names = set(z.namelist())
    assert {"LISEZMOI.txt", "journal.csv", "balance.csv", "grand-livre.csv", "pieces.csv",
            "comptes-annuels.pdf"} <= names
    assert any(n.endswith("FEC20261231.txt") for n in names) == (jurisdiction == "FR")
    assert z.read("comptes-annuels.pdf")[:4] == b"%PDF"
    ledger = list(csv.reader(io.StringIO(z.read("grand-livre.csv").decode("utf-8-sig")), delimiter=";"))
    # the owners' sub-account lines then the charge: each sub-account's running balance starts again
    assert ledger[0][-1] == "balance" and len(ledger) == 1 + 5
    pieces = list(csv.reader(io.StringIO(z.read("pieces.csv").decode("utf-8-sig")), delimiter=";"))
    assert len(pieces) == 1 + 2 and {p[-1] for p in pieces[1:]} == {"200.00"}
    assert (await client.get(url, headers=owner_headers)).status_code == 403
    _org2, _, other = await api_user(conn)
    assert (await client.get(url, headers=other)).status_code == 404
