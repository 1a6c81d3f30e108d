"""Funds, budgets, calls and dues over /api/v1: the year generated, previewed and issued, shapes, 409s, 422s,
tenants, an owner reading another's dues, the notices PDF."""
from __future__ import annotations

from tests.domain.test_calls_worked_example import adopted_resolution
from tests.factories import (
    actor,
    api_user,
    bearer,
    give_right,
    make_building,
    make_owner,
    make_unit,
    make_user,
    token,
)


async def setup(conn):  # type: ignore[no-untyped-def]
    org, user, headers = await api_user(conn)
    building = await make_building(conn, org, name="Le Parc")
    owner_user = await make_user(conn, org, "owner")
    owners = []
    for number, quota, u in (("1", 600, owner_user), ("2", 400, None)):
        unit = await make_unit(conn, org, building, number, quota=quota)
        owner = await make_owner(conn, org, user=u, email=f"o{number}@example.test", accepts_email_notices=True)
        await give_right(conn, org, unit, owner)
        owners.append(owner)
    return org, user, headers, building, owners, bearer(await token(conn, owner_user, org, "owner"))


async def test_a_year_from_budget_to_dues(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    r = await client.post(f"{b}/funds", json={"kind": "working", "iban": "BE68 5390 0754 7034", "bic": "GKCCBEBB"},
                          headers=headers)
    assert r.status_code == 201 and (await r.get_json())["account_code"] == "100"
    r = await client.post(f"{b}/funds", json={"kind": "reserve", "iban": "BE00 1234"}, headers=headers)
    assert r.status_code == 422 and "iban" in (await r.get_json())["errors"]
    r = await client.post(f"{b}/budgets", json={"year_start": "2027-01-01", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "4000"}]}, headers=headers)
    budget = await r.get_json()
    assert r.status_code == 201 and budget["total"] == "4000.00" and budget["reserve_check"]["reasons"]
    r = await client.post(f"{b}/calls", json={"budget_id": budget["id"]}, headers=headers)
    assert r.status_code == 409
    resolution = await adopted_resolution(conn, actor(user, org, "syndic"), building)
    r = await client.post(f"/api/v1/budgets/{budget['id']}/approve", json={"resolution_id": resolution},
                          headers=headers)
    assert r.status_code == 200 and (await r.get_json())["status"] == "approved"
    r = await client.post(f"{b}/calls?preview=true", json={"budget_id": budget["id"]}, headers=headers)
    preview = (await r.get_json())["data"]
    assert r.status_code == 200 and [c["id"] for c in preview] == [None] * 4
    assert [s["amount"] for s in preview[0]["shares"]] == ["600.00", "400.00"]
    r = await client.post(f"{b}/calls", json={"budget_id": budget["id"]}, headers=headers)
    made = (await r.get_json())["data"]
    assert r.status_code == 201 and len(made) == 4
    r = await client.post(f"/api/v1/calls/{made[0]['id']}/issue", headers=headers)
    issued = await r.get_json()
    assert r.status_code == 200 and issued["status"] == "issued"
    assert all(s["communication"].startswith("+++") for s in issued["shares"])
    assert (await client.post(f"/api/v1/calls/{made[0]['id']}/issue", headers=headers)).status_code == 409
    assert await conn.fetchval("SELECT count(*) FROM outbox WHERE organization_id = $1", org.id) == 2
    notices = (await (await client.get("/api/v1/notifications", headers=owner_headers)).get_json())["data"]
    assert [n["kind"] for n in notices] == ["call.issued"]
    assert "1\u202f000,00\u00a0€ pour le bâtiment, à payer avant le" in notices[0]["title"]
    r = await client.get(f"/api/v1/owners/{owners[0]['id']}/dues", headers=owner_headers)
    [due] = (await r.get_json())["data"]
    assert due["amount"] == "600.00" and due["qr_payload"].startswith("BCD\n002\n1\nSCT\nGKCCBEBB\nACP Le Parc\n")
    assert (await client.get(f"/api/v1/owners/{owners[1]['id']}/dues", headers=owner_headers)).status_code == 404
    r = await client.get(f"/api/v1/calls/{made[0]['id']}/notices.pdf", headers=headers)
    data = await r.get_data()
    assert r.status_code == 200 and data.startswith(b"%PDF")
    assert (await client.get(f"/api/v1/calls/{made[1]['id']}/notices.pdf", headers=headers)).status_code == 409


async def test_bad_input_and_other_organisations(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    r = await client.post(f"{b}/calls", json={"kind": "ordinary", "total": "x", "call_date": "2027-01-01"},
                          headers=headers)
    assert r.status_code == 422 and "total" in (await r.get_json())["errors"]
    r = await client.post(f"{b}/calls", json={"kind": "ordinary", "total": "10", "call_date": "2027-01-01"},
                          headers=headers)
    assert r.status_code == 409  # no working fund yet
    await client.post(f"{b}/funds", json={"kind": "working", "iban": "BE68539007547034"}, headers=headers)
    await conn.execute("UPDATE buildings SET total_quota = 1100 WHERE id = $1", building.id)
    r = await client.post(f"{b}/calls", json={"kind": "ordinary", "total": "10", "call_date": "2027-01-01"},
                          headers=headers)
    assert r.status_code == 422 and "100" in (await r.get_json())["errors"]["sharing_key_id"]
    _, _, other = await api_user(conn)
    for path in (f"{b}/funds", f"{b}/budgets", f"{b}/calls"):
        assert (await client.get(path, headers=other)).status_code == 404
    assert (await client.get(f"{b}/calls", headers=owner_headers)).status_code == 403


async def test_the_portal_shows_what_is_due_with_the_qr_code(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    await client.post(f"{b}/funds", json={"kind": "working", "iban": "BE68539007547034"}, headers=headers)
    r = await client.post(f"{b}/calls", json={"kind": "working_fund", "total": "500", "call_date": "2027-02-01",
                                               "due_date": "2027-03-01"}, headers=headers)
    [made] = (await r.get_json())["data"]
    assert (await client.post(f"/api/v1/calls/{made['id']}/issue", headers=headers)).status_code == 200
    from queries.platform import users as qa
    owner_user = await qa.user_by_email(conn, await conn.fetchval("SELECT u.email FROM users u WHERE u.id = $1",
                                                                   owners[0]["user_id"]))
    client.set_cookie("localhost", "kg_session", await token(conn, owner_user, org, "owner", kind="session"))
    page = await (await client.get("/portal")).get_data(as_text=True)
    assert 'id="my-calls"' in page and "300,00\u00a0€" in page and "+++" in page and "<svg" in page
    assert "01/03/2027" in page


async def test_a_batch_issues_all_or_nothing(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    await client.post(f"{b}/funds", json={"kind": "working", "iban": "BE68539007547034"}, headers=headers)
    ids = []
    for day in ("2027-01-01", "2027-02-01", "2027-03-01"):
        r = await client.post(f"{b}/calls", json={"kind": "working_fund", "total": "100", "call_date": day},
                              headers=headers)
        ids.append((await r.get_json())["data"][0]["id"])
    r = await client.post(f"{b}/calls/issue", json={"until": "2027-02-15"}, headers=headers)
    assert r.status_code == 200 and len((await r.get_json())["data"]) == 2
    r = await client.post(f"{b}/calls/issue", json={"call_ids": [ids[0], ids[2]]}, headers=headers)
    assert r.status_code == 409  # the first is issued already: nothing issued
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE building_id = $1 AND status = 'draft'",
                               building.id) == 1
    assert (await client.post(f"{b}/calls/issue", json={}, headers=headers)).status_code == 422


async def test_the_settlement_over_the_api(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    r = await client.get(f"/api/v1/buildings/{building.id}/settlement?from=2027-01-01&to=2027-03-31",
                         headers=headers)
    assert r.status_code == 200 and (await r.get_json())["owners"] == []
    assert (await client.get(f"/api/v1/buildings/{building.id}/settlement", headers=headers)).status_code == 422
    assert (await client.get(f"/api/v1/buildings/{building.id}/settlement?from=2027-01-01&to=2027-03-31",
                             headers=owner_headers)).status_code == 403


async def test_a_settlement_posted_over_the_api_and_the_credit_in_the_dues(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    await client.post(f"{b}/funds", json={"kind": "working", "iban": "BE68 5390 0754 7034", "bic": "GKCCBEBB"},
                      headers=headers)
    ids = []
    for start, end in (("2027-01-01", "2027-03-31"), ("2027-04-01", "2027-06-30")):
        r = await client.post(f"{b}/calls", json={"kind": "ordinary", "period_start": start, "period_end": end,
                                                  "total": "1000"}, headers=headers)
        ids.append((await r.get_json())["data"][0]["id"])
        assert (await client.post(f"/api/v1/calls/{ids[-1]}/issue", headers=headers)).status_code == 200
    r = await client.post(f"/api/v1/buildings/{building.id}/expenses", json={
        "category": "insurance", "description": "Assurance", "supplier": "Ethias", "amount_excl_vat": "500",
        "vat_rate": "0", "invoice_date": "2027-02-01"}, headers=headers)
    expense = (await r.get_json())["id"]
    assert (await client.post(f"/api/v1/expenses/{expense}/approve", headers=headers)).status_code == 200
    body = {"from": "2027-01-01", "to": "2027-03-31", "kind": "ordinary"}
    r = await client.post(f"{b}/settlements", json=body, headers=headers)
    posted = await r.get_json()
    assert r.status_code == 201 and posted["entry_id"] is not None
    # charges 500: 300 / 200 against provisions 600 / 400: credits of 300 and 200
    assert sorted((o["provisions"], o["charges"], o["balance"]) for o in posted["owners"]) == [
        ("400.00", "200.00", "-200.00"), ("600.00", "300.00", "-300.00")]
    assert (await client.post(f"{b}/settlements", json=body, headers=headers)).status_code == 409
    assert (await client.post(f"{b}/settlements", json={"from": "x"}, headers=headers)).status_code == 422
    assert (await client.post(f"{b}/settlements", json=body, headers=owner_headers)).status_code == 403
    listed = await (await client.get(f"{b}/settlements", headers=headers)).get_json()
    assert [s["id"] for s in listed["data"]] == [posted["id"]]
    mine = await (await client.get(f"/api/v1/owners/{owners[0]['id']}/dues", headers=owner_headers)).get_json()
    q2 = [d for d in mine["data"] if d["call_id"] == ids[1]][0]
    assert (q2["amount"], q2["credit"], q2["to_pay"]) == ("600.00", "300.00", "300.00")
    assert mine["credit"] == "0.00" and [s["balance"] for s in mine["settlements"]] == ["-300.00"]
    from queries.platform import users as qa
    owner_user = await qa.user_by_email(conn, await conn.fetchval("SELECT u.email FROM users u WHERE u.id = $1",
                                                                   owners[0]["user_id"]))
    client.set_cookie("localhost", "kg_session", await token(conn, owner_user, org, "owner", kind="session"))
    page = await (await client.get("/portal")).get_data(as_text=True)
    assert "Mes décomptes de charges" in page and "crédit 300,00\u00a0€" in page
    assert "moins votre crédit du décompte de 300,00\u00a0€" in page
    client.delete_cookie("localhost", "kg_session")
    other_org, _u, other_headers = await api_user(conn)
    assert (await client.get(f"{b}/settlements", headers=other_headers)).status_code == 404
    assert (await client.post(f"{b}/settlements", json=body, headers=other_headers)).status_code == 404


async def test_a_settlements_notices_as_a_pdf(client, conn) -> None:
    import subprocess
    import tempfile
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    await client.post(f"{b}/funds", json={"kind": "working", "iban": "BE68 5390 0754 7034"}, headers=headers)
    r = await client.post(f"{b}/calls", json={"kind": "ordinary", "period_start": "2027-01-01",
                                              "period_end": "2027-03-31", "total": "1000"}, headers=headers)
    await client.post(f"/api/v1/calls/{(await r.get_json())['data'][0]['id']}/issue", headers=headers)
    posted = await (await client.post(f"{b}/settlements", json={"from": "2027-01-01", "to": "2027-03-31"},
                                      headers=headers)).get_json()
    r = await client.get(f"{b}/settlements/{posted['id']}/notices.pdf", headers=headers)
    data = await r.get_data()
    assert r.status_code == 200 and data.startswith(b"%PDF")
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("Décompte de charges") == 2 and "600,00" in text and "Crédit en votre faveur" in text
    other = await client.get(f"{b}/settlements/{owners[0]['id']}/notices.pdf", headers=headers)
    assert other.status_code == 404


async def test_a_balance_to_pay_and_the_payments_line_by_line(client, conn) -> None:
    import io
    import subprocess
    import tempfile

    import zxingcpp
    from PIL import Image
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    await client.post(f"{b}/funds", json={"kind": "working", "iban": "BE68 5390 0754 7034", "bic": "GKCCBEBB"},
                      headers=headers)
    r = await client.post(f"{b}/calls", json={"kind": "ordinary", "label": "T1", "period_start": "2027-01-01",
                                              "period_end": "2027-03-31", "total": "1000"}, headers=headers)
    await client.post(f"/api/v1/calls/{(await r.get_json())['data'][0]['id']}/issue", headers=headers)
    r = await client.post(f"{b}/expenses", json={
        "category": "insurance", "description": "Assurance", "supplier": "Ethias", "amount_excl_vat": "1500",
        "vat_rate": "0", "invoice_date": "2027-02-01"}, headers=headers)
    assert (await client.post(f"/api/v1/expenses/{(await r.get_json())['id']}/approve", headers=headers)).status_code == 200
    body = {"from": "2027-01-01", "to": "2027-03-31", "due_date": "2027-02-01"}
    r = await client.post(f"{b}/settlements", json=body, headers=headers)
    assert r.status_code == 422 and "due_date" in (await r.get_json())["errors"]
    posted = await (await client.post(f"{b}/settlements", json={**body, "due_date": "2027-05-15"},
                                      headers=headers)).get_json()
    assert posted["due_date"] == "2027-05-15"
    # owner 1 (600/1000): charges 900 against 600 of provisions: 300 to pay; they paid 700 by hand
    r = await client.post(f"{b}/payments", json={"owner_id": owners[0]["id"], "amount": "700.00",
                                                 "paid_on": "2027-04-01"}, headers=headers)
    assert r.status_code == 201
    mine = await (await client.get(f"/api/v1/owners/{owners[0]['id']}/dues", headers=owner_headers)).get_json()
    [balance, call] = mine["data"]  # the latest due first
    assert (call["source"], call["label"], call["to_pay"], call["paid"], call["remaining"], call["qr_payload"]) == (
        "call", "T1", "600.00", "600.00", "0.00", None)
    assert (balance["source"], balance["settlement_id"], balance["call_id"], balance["due_date"]) == (
        "settlement", posted["id"], None, "2027-05-15")
    assert (balance["amount"], balance["paid"], balance["remaining"]) == ("300.00", "100.00", "200.00")
    assert (balance["iban"], balance["bic"], balance["beneficiary"]) == ("BE68539007547034", "GKCCBEBB", "ACP Le Parc")
    assert balance["communication"] == call["communication"] and "\nEUR200.00\n" in balance["qr_payload"]
    assert mine["advance"] == "0.00"
    # the notice of the settlement carries the QR code of the balance (a real decoder reads it back)
    r = await client.get(f"{b}/settlements/{posted['id']}/notices.pdf", headers=headers)
    with tempfile.TemporaryDirectory() as d:
        with open(f"{d}/n.pdf", "wb") as f:
            f.write(await r.get_data())
        subprocess.run(["pdftoppm", "-png", "-r", "150", f"{d}/n.pdf", f"{d}/p"], check=True)
        text = subprocess.run(["pdftotext", f"{d}/n.pdf", "-"], capture_output=True, text=True, check=True).stdout
        codes = [zxingcpp.read_barcodes(Image.open(io.BytesIO(open(f"{d}/p-{i}.png", "rb").read())))
                 for i in (1, 2)]
    assert "15/05/2027" in text and balance["communication"] in text
    payloads = sorted(c[0].text.split("\n")[7] for c in codes)
    assert payloads == ["EUR200.00", "EUR300.00"]  # each owner's full balance (the notice, not what is left)
    # the syndic's owner page and the owner's portal show what is paid and what is left
    client.set_cookie("localhost", "kg_session", await token(conn, user, org, "syndic", kind="session"))
    page = await (await client.get(f"/owners/{owners[0]['id']}/dues")).get_data(as_text=True)
    assert "Solde du décompte du 01/01/2027 au 31/03/2027" in page and "Payé" in page
    assert "Déjà payé 100,00\u00a0€ sur 300,00\u00a0€, reste 200,00\u00a0€" in page and "<svg" in page
    assert (await client.get(f"/owners/{owners[1]['id']}/dues")).status_code == 200
    from queries.platform import users as qa
    owner_user = await qa.user_by_email(conn, await conn.fetchval("SELECT u.email FROM users u WHERE u.id = $1",
                                                                   owners[0]["user_id"]))
    client.set_cookie("localhost", "kg_session", await token(conn, owner_user, org, "owner", kind="session"))
    page = await (await client.get("/portal")).get_data(as_text=True)
    assert "reste 200,00\u00a0€" in page and "échéance du 15/05/2027" in page
    assert (await client.get(f"/owners/{owners[1]['id']}/dues")).status_code == 404
