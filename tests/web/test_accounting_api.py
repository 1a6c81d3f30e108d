"""The books over /api/v1 and as pages: the chart, the journal (and a manual entry), the trial balance, fiscal
years and their closing, the exports; roles, tenants, bad input."""
from __future__ import annotations

import csv
import io

import pytest

from tests.factories import api_user, bearer, board_user, make_building, make_user, token
from tests.web.test_charges_accounts_api import approved_expense, setup


async def test_trial_balance_chart_journal_and_exports(client, conn) -> None:
    org, headers, building, _units, owners, owner_headers = await setup(conn)
    await approved_expense(client, headers, building)
    tb = await (await client.get(f"/api/v1/buildings/{building.id}/trial-balance?year=2026",
                                 headers=headers)).get_json()
    assert tb["balanced"] and tb["debit"] == tb["credit"] == "400.00"
    assert {(a["code"], a["sub_account"]) for a in tb["accounts"]} == {("6102", False), ("440", False),
                                                                       ("4101", True), ("701", False)}
    chart = await (await client.get(f"/api/v1/buildings/{building.id}/accounts", headers=headers)).get_json()
    assert sum(1 for a in chart["data"] if a["owner_id"]) == 2
    page = await (await client.get(f"/api/v1/buildings/{building.id}/journal-entries?journal=OD",
                                   headers=headers)).get_json()
    assert page["pagination"]["total"] == 1 and [x["account"] for x in page["data"][0]["lines"]] == [
        "4101", "4101", "701"]
    years = await (await client.get(f"/api/v1/buildings/{building.id}/fiscal-years", headers=headers)).get_json()
    assert [y["state"] for y in years["data"]] == ["open"]
    resp = await client.get(f"/api/v1/buildings/{building.id}/exports/journal.csv?year=2026", headers=headers)
    rows = list(csv.reader(io.StringIO((await resp.get_data()).decode("utf-8-sig")), delimiter=";"))
    assert resp.status_code == 200 and rows[0][0] == "journal" and len(rows) == 1 + 5
    resp = await client.get(f"/api/v1/buildings/{building.id}/exports/journal.xlsx?year=2026", headers=headers)
    assert resp.status_code == 200 and (await resp.get_data())[:2] == b"PK"
    resp = await client.get(f"/api/v1/buildings/{building.id}/exports/trial-balance.csv?year=2026", headers=headers)
    assert resp.status_code == 200
    resp = await client.get(f"/api/v1/buildings/{building.id}/exports/fec?year=2026", headers=headers)
    lines = (await resp.get_data()).decode().split("\r\n")
    assert lines[0].split("\t")[:4] == ["JournalCode", "JournalLib", "EcritureNum", "EcritureDate"]
    assert len(lines[0].split("\t")) == 18 and lines[1].split("\t")[3] == "20260201"
    assert "FEC20261231.txt" in resp.headers["Content-Disposition"]
    # an owner reads none of it; their own statement stays theirs
    for url in ("trial-balance", "accounts", "journal-entries", "exports/fec"):
        assert (await client.get(f"/api/v1/buildings/{building.id}/{url}", headers=owner_headers)).status_code == 403
    other = await (await client.get(f"/api/v1/owners/{owners[1]['id']}/statement?building={building.id}",
                                    headers=owner_headers)).get_json()
    assert other["code"] == "NOT_FOUND"


async def test_manual_entry_422_naming_lines_then_posted_and_409_once_closed(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    url = f"/api/v1/buildings/{building.id}/journal-entries"
    body = {"entry_date": "2026-05-01", "label": "Régularisation", "lines": [
        {"account": "6100", "debit": "10.00"}, {"account": "499", "credit": "9.00"}]}
    resp = await client.post(url, headers=headers, json=body)
    assert resp.status_code == 422 and "lines" in (await resp.get_json())["errors"]
    body["lines"][1] = {"account": "499", "credit": "10.00", "debit": "1.00"}
    resp = await client.post(url, headers=headers, json=body)
    assert resp.status_code == 422 and "lines[2]" in (await resp.get_json())["errors"]
    body["lines"][1] = {"account": "499", "credit": "10.00"}
    resp = await client.post(url, headers=headers, json=body)
    posted = await resp.get_json()
    assert resp.status_code == 201 and (posted["journal"], posted["number"]) == ("OD", 1)
    checklist = await (await client.get(f"/api/v1/fiscal-years/{posted['fiscal_year_id']}/checklist",
                                        headers=headers)).get_json()
    assert not checklist["ready"] and [i["key"] for i in checklist["items"] if i["blocking"]] == ["suspense"]
    resp = await client.post(f"/api/v1/fiscal-years/{posted['fiscal_year_id']}/close", headers=headers)
    assert resp.status_code == 409
    await client.post(url, headers=headers, json={**body, "lines": [{"account": "499", "debit": "10.00"},
                                                                    {"account": "551", "credit": "10.00"}]})
    resp = await client.post(f"/api/v1/fiscal-years/{posted['fiscal_year_id']}/close", headers=headers)
    assert resp.status_code == 200 and (await resp.get_json())["state"] == "closed"
    resp = await client.post(url, headers=headers, json=body)
    assert resp.status_code == 409


@pytest.mark.parametrize("body", [{}, {"entry_date": "x", "label": "", "lines": "no"},
                                  {"entry_date": "2026-01-01", "label": "x", "lines": [{"account": "6100"}, 3]},
                                  {"entry_date": "2026-01-01", "label": "x", "lines": [], "colour": 1}])
async def test_bad_manual_entries_are_422(client, conn, body) -> None:
    org, headers, building, *_ = await setup(conn)
    resp = await client.post(f"/api/v1/buildings/{building.id}/journal-entries", headers=headers, json=body)
    assert resp.status_code == 422


async def test_another_organisation_and_an_unassigned_board_see_nothing(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    await approved_expense(client, headers, building)
    year_id = await conn.fetchval("SELECT id FROM fiscal_years WHERE building_id = $1", building.id)
    _org2, _, other_headers = await api_user(conn)
    for url in (f"/api/v1/buildings/{building.id}/trial-balance", f"/api/v1/buildings/{building.id}/accounts",
                f"/api/v1/buildings/{building.id}/journal-entries", f"/api/v1/fiscal-years/{year_id}/checklist",
                f"/api/v1/buildings/{building.id}/exports/journal.csv"):
        assert (await client.get(url, headers=other_headers)).status_code == 404, url
    assert (await client.post(f"/api/v1/fiscal-years/{year_id}/close", headers=other_headers)).status_code == 404
    _user, board_headers = await board_user(conn, org, await make_building(conn, org))
    assert (await client.get(f"/api/v1/buildings/{building.id}/trial-balance",
                             headers=board_headers)).status_code == 404
    _user, own_board = await board_user(conn, org, building)
    assert (await client.get(f"/api/v1/buildings/{building.id}/trial-balance", headers=own_board)).status_code == 200
    assert (await client.post(f"/api/v1/fiscal-years/{year_id}/close", headers=own_board)).status_code == 403
    accountant = await make_user(conn, org, "accountant")
    acc_headers = bearer(await token(conn, accountant, org, "accountant"))
    assert (await client.get(f"/api/v1/buildings/{building.id}/trial-balance",
                             headers=acc_headers)).status_code == 200


async def test_the_pages(client, conn) -> None:
    from tests.factories import browser_login
    org, headers, building, _units, owners, _ = await setup(conn)
    await approved_expense(client, headers, building)
    await browser_login(client, conn, "syndic", org=org)
    html = await (await client.get(f"/buildings/{building.id}/books")).get_data(as_text=True)
    assert "Balance des comptes" in html and "6102" in html and "400,00" in html
    journal = await (await client.get(f"/buildings/{building.id}/books/journal")).get_data(as_text=True)
    assert "ACH 1" in journal and "OD 1" in journal
    ledger = await (await client.get(f"/buildings/{building.id}/books/accounts/4101")).get_data(as_text=True)
    assert "Grand livre" in ledger
    year_id = await conn.fetchval("SELECT id FROM fiscal_years WHERE building_id = $1", building.id)
    page = await (await client.get(f"/fiscal-years/{year_id}")).get_data(as_text=True)
    assert "Avant la clôture" in page and "Clôturer l'exercice" in page


@pytest.mark.parametrize("jurisdiction", ["BE", "FR"])
async def test_the_annual_accounts_pdf(client, conn, jurisdiction, tmp_path) -> None:
    from tests.factories import browser_login
    org, headers, building, *_ = await setup(conn)
    await conn.execute("UPDATE buildings SET jurisdiction = $2 WHERE id = $1", building.id, jurisdiction)
    await approved_expense(client, headers, building)
    await browser_login(client, conn, "syndic", org=org)
    resp = await client.get(f"/buildings/{building.id}/books/annual.pdf?year=2026")
    body = await resp.get_data()
    assert resp.status_code == 200 and body[:4] == b"%PDF"
    (tmp_path / f"annual-{jurisdiction}.pdf").write_bytes(body)
    import os
    if os.environ.get("KEEP_PDF"):
        (__import__("pathlib").Path(os.environ["KEEP_PDF"]) / f"annual-{jurisdiction}.pdf").write_bytes(body)
