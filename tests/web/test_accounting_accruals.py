"""An invoice to receive accrued from the closing checklist: the year's charge against 444 on its last day, the
reversal on the next year's first day; after the closing, 444 is carried into the next year and the reversal
clears it; 422 and 409 as for any posting."""
from __future__ import annotations

from tests.factories import browser_login, csrf_from
from tests.web.test_charges_accounts_api import approved_expense, setup


async def test_an_invoice_to_receive_is_accrued_then_reversed(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    await approved_expense(client, headers, building)
    year = await conn.fetchval("SELECT id FROM fiscal_years WHERE building_id = $1", building.id)
    url = f"/api/v1/fiscal-years/{year}/accruals"
    resp = await client.post(url, headers=headers, json={"account": "6121", "amount": "80.00",
                                                         "label": "Électricité décembre", "supplier": "Engie"})
    found = await resp.get_json()
    assert resp.status_code == 201
    rows = await conn.fetch("""SELECT e.entry_date, a.code, l.debit, l.credit FROM journal_entries e
        JOIN entry_lines l ON l.entry_id = e.id JOIN ledger_accounts a ON a.id = l.account_id
        WHERE e.id = ANY($1::uuid[]) ORDER BY e.entry_date, l.line_no""",
                            [found["accrued_entry_id"], found["reversal_entry_id"]])
    assert [(str(r["entry_date"]), r["code"], str(r["debit"]), str(r["credit"])) for r in rows] == [
        ("2026-12-31", "6121", "80.00", "0.00"), ("2026-12-31", "444", "0.00", "80.00"),
        ("2027-01-01", "444", "80.00", "0.00"), ("2027-01-01", "6121", "0.00", "80.00")]
    checklist = await (await client.get(f"/api/v1/fiscal-years/{year}/checklist", headers=headers)).get_json()
    assert {i["key"]: i["count"] for i in checklist["items"]}["accruals"] == 1 and checklist["ready"]
    assert (await client.post(f"/api/v1/fiscal-years/{year}/close", headers=headers)).status_code == 200
    # the next year opens with 444 owed 80 and its reversal clears it
    tb = await (await client.get(f"/api/v1/buildings/{building.id}/trial-balance?year=2027",
                                 headers=headers)).get_json()
    assert [a["balance"] for a in tb["accounts"] if a["code"] == "444"] == ["0.00"]
    assert (await client.post(url, headers=headers, json={"account": "6121", "amount": "1", "label": "x"})
            ).status_code == 409
    for body in ({"account": "440", "amount": "1", "label": "x"}, {"account": "6999", "amount": "1", "label": "x"},
                 {"account": "6121", "amount": "-1", "label": "x"}, {"account": "6121", "label": "x"}):
        resp = await client.post(f"/api/v1/fiscal-years/{tb['year']['id']}/accruals", headers=headers, json=body)
        errors = (await resp.get_json())["errors"]
        assert resp.status_code == 422 and set(errors) <= {"account", "amount"} and errors, body


async def test_the_checklist_offers_it(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    await approved_expense(client, headers, building)
    year = await conn.fetchval("SELECT id FROM fiscal_years WHERE building_id = $1", building.id)
    await browser_login(client, conn, "syndic", org=org)
    page = await (await client.get(f"/fiscal-years/{year}")).get_data(as_text=True)
    assert "Facture à recevoir" in page and page.count('id="accrual"') == 1
    title = page[page.index("<title>"):page.index("</title>")]
    assert "<form" not in title and "<section" not in title  # the form is in the page, not its title
    token = csrf_from(page)
    resp = await client.post(f"/fiscal-years/{year}/accruals", form={"csrf_token": token, "account": "6121",
                                                                     "amount": "abc", "label": "Gaz"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422 and 'value="Gaz"' in html
    resp = await client.post(f"/fiscal-years/{year}/accruals", form={"csrf_token": token, "account": "6121",
                                                                     "amount": "12.50", "label": "Gaz"})
    assert resp.status_code == 303
    page = await (await client.get(resp.headers["Location"].split("#")[0])).get_data(as_text=True)
    assert "comptabilisée et extournée" in page
