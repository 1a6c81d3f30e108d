"""A lot's sale over the pages (no JavaScript) and /api/v1: the notary's statement (page, JSON, PDF), the settlement
form (bad input re-rendered with its message, twice refused), other organisations not found."""
from __future__ import annotations

from datetime import date

from domain.calls import calls, funds
from tests.factories import (
    actor,
    api_user,
    browser_login,
    give_right,
    make_building,
    make_org,
    make_owner,
    make_unit,
)


async def _lot_sold(conn, org, user):  # type: ignore[no-untyped-def]
    """Lot 1 (600/1000) sold by Alice to Bruno on 15 May 2027, after a 1,000 € working-fund call in January."""
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, name="Le Parc")
    sold = await make_unit(conn, org, building, "1", quota=600)
    other = await make_unit(conn, org, building, "2", quota=400)
    alice, bruno = await make_owner(conn, org, "Alice"), await make_owner(conn, org, "Bruno")
    await give_right(conn, org, sold, alice, end=date(2027, 5, 15))
    await give_right(conn, org, sold, bruno, start=date(2027, 5, 15))
    await give_right(conn, org, other, await make_owner(conn, org, "Carl"))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68 5390 0754 7034"})
    call = await calls.create_call(conn, syndic, building.id, {"kind": "working_fund", "call_date": "2027-01-15",
                                                               "total": "1000"})
    await calls.issue_call(conn, syndic, call.id)
    return sold["id"], alice["id"], bruno["id"]


async def test_the_statement_page_and_the_settlement_form(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    lot, alice, bruno = await _lot_sold(conn, org, user)
    shown = await client.get(f"/units/{lot}")
    assert f'href="/units/{lot}/notary-statement"' in await shown.get_data(as_text=True)
    page = await client.get(f"/units/{lot}/notary-statement?date=2027-05-15")
    text = await page.get_data(as_text=True)
    assert page.status_code == 200 and "Alice" in text and "600,00\u00a0€" in text
    assert f'href="/units/{lot}/notary-statement.pdf?date=2027-05-15"' in text and 'id="sale-form"' in text
    bad = await client.get(f"/units/{lot}/notary-statement?date=15-05")
    assert bad.status_code == 422 and 'value="15-05"' in await bad.get_data(as_text=True)
    form = {"csrf_token": csrf, "transfer_date": "2027-05-16", "seller_id": str(alice), "buyer_id": str(bruno),
            "due_date": ""}
    wrong = await client.post(f"/units/{lot}/sale-settlement", form=form)
    text = await wrong.get_data(as_text=True)
    assert wrong.status_code == 422 and "registre" in text and 'value="2027-05-16"' in text
    ok = await client.post(f"/units/{lot}/sale-settlement", form={**form, "transfer_date": "2027-05-15"})
    assert ok.status_code == 303 and ok.headers["Location"] == f"/units/{lot}/notary-statement?date=2027-05-15"
    after = await (await client.get(ok.headers["Location"])).get_data(as_text=True)
    assert "Ventes réglées" in after and "/calls/" in after
    again = await client.post(f"/units/{lot}/sale-settlement", form={**form, "transfer_date": "2027-05-15"})
    assert again.status_code == 409 and "déjà réglée" in await again.get_data(as_text=True)
    pdf = await client.get(f"/units/{lot}/notary-statement.pdf?date=2027-05-15")
    assert pdf.status_code == 200 and (await pdf.get_data()).startswith(b"%PDF")


async def test_the_statement_and_settlement_over_the_api(client, conn) -> None:
    org, user, headers = await api_user(conn)
    lot, alice, bruno = await _lot_sold(conn, org, user)
    url = f"/api/v1/lots/{lot}"
    r = await client.get(f"{url}/notary-statement?date=2027-05-15", headers=headers)
    body = await r.get_json()
    assert r.status_code == 200 and body["owed"] == "600.00" and body["date"] == "2027-05-15"
    assert [(f["kind"], f["lot_share"], f["refunded"]) for f in body["funds"]] == [("working", "600.00", True)]
    assert [c["unpaid"] for c in body["unpaid_calls"]] == ["600.00"]
    r = await client.get(f"{url}/notary-statement", headers=headers)
    assert r.status_code == 422 and "date" in (await r.get_json())["errors"]
    r = await client.get(f"{url}/notary-statement.pdf?date=2027-05-15", headers=headers)
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/pdf"
    sale = {"transfer_date": "2027-05-15", "seller_id": str(alice), "buyer_id": str(bruno)}
    r = await client.post(f"{url}/sale-settlement", json={**sale, "buyer_id": "x"}, headers=headers)
    assert r.status_code == 422 and "buyer_id" in (await r.get_json())["errors"]
    r = await client.post(f"{url}/sale-settlement", json=sale, headers=headers)
    body = await r.get_json()
    assert r.status_code == 201 and body["working_fund_share"] == "600.00"
    assert body["buyer_call"]["total"] == "600.00" and body["buyer_call"]["due_date"] == "2027-06-14"
    r = await client.post(f"{url}/sale-settlement", json=sale, headers=headers)
    assert r.status_code == 409
    _other, _user, other_headers = await api_user(conn, "syndic", await make_org(conn))
    assert (await client.get(f"{url}/notary-statement?date=2027-05-15", headers=other_headers)).status_code == 404
    assert (await client.post(f"{url}/sale-settlement", json=sale, headers=other_headers)).status_code == 404
