"""Also found by probing, each now fixed: the building search is accent-insensitive; a Belgian amount `1.234,56`
is read; dates are shown as dd/mm/yyyy, not ISO; the yearly table's scroll area is reachable from the keyboard;
/favicon.ico exists; a payment and an agenda request say they were saved; the inline lot form keeps the focus."""
from __future__ import annotations

from decimal import Decimal

import pytest

from domain.parse import Fields, FormInput
from tests.factories import api_user, browser_login, give_right, make_building, make_owner, make_unit


@pytest.mark.parametrize("query", ["liege", "LIEGE", "Liège", "liÈge", "resid"])
async def test_the_building_search_ignores_accents(client, conn, query):
    org, _user, headers = await api_user(conn)
    await make_building(conn, org, name="Résidence Meuse", city="Liège")
    await make_building(conn, org, name="Les Tilleuls", city="Namur")
    body = await (await client.get("/api/v1/buildings", headers=headers, query_string={"search": query})).get_json()
    assert [b["name"] for b in body["data"]] == ["Résidence Meuse"]


@pytest.mark.parametrize("typed, value", [("1.234,56", "1234.56"), ("1 234,56", "1234.56"), ("1\u202f234,56", "1234.56"),
                                          ("1234,56", "1234.56"), ("1234.56", "1234.56"), ("12.345.678,9", "12345678.9"),
                                          ("0,5", "0.5")])
def test_a_belgian_amount_is_read_in_a_form(typed, value):
    f = Fields(FormInput({"amount": typed}))
    assert f.decimal("amount") == Decimal(value) and not f.errors


@pytest.mark.parametrize("typed", ["1.234.56", "1,234,56", "1.23,4", "12,34.5"])
def test_an_ambiguous_amount_is_refused(typed):
    f = Fields(FormInput({"amount": typed}))
    assert f.decimal("amount") is None and "amount" in f.errors


async def test_payments_show_dates_as_people_read_them_and_say_saved(client, conn):
    org, _user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    owner = await make_owner(conn, org)
    await give_right(conn, org, await make_unit(conn, org, building), owner)
    resp = await client.post(f"/buildings/{building.id}/payments", form={
        "csrf_token": csrf, "owner_id": str(owner["id"]), "amount": "1.234,56", "paid_on": "2026-03-04"})
    assert resp.status_code == 303 and "saved=" in resp.headers["Location"]
    page = await (await client.get(resp.headers["Location"])).get_data(as_text=True)
    assert 'role="status"' in page and "Paiement enregistré" in page
    assert "04/03/2026" in page and "2026-03-04</td>" not in page


async def test_an_agenda_request_says_saved(client, conn):
    org, user, csrf = await browser_login(client, conn, "owner")
    building = await make_building(conn, org)
    await give_right(conn, org, await make_unit(conn, org, building), await make_owner(conn, org, user=user))
    resp = await client.post("/portal/agenda-requests", form={"csrf_token": csrf, "building_id": str(building.id),
                                                              "title": "Vélos", "description": ""})
    assert resp.status_code == 303 and "saved=" in resp.headers["Location"]
    page = await (await client.get(resp.headers["Location"].split("#")[0])).get_data(as_text=True)
    assert 'role="status"' in page and "Demande enregistrée" in page


async def test_the_tables_scroll_from_the_keyboard(client, conn):
    org, _user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    owner = await make_owner(conn, org)
    await give_right(conn, org, await make_unit(conn, org, building), owner)
    await client.post(f"/buildings/{building.id}/payments", form={
        "csrf_token": csrf, "owner_id": str(owner["id"]), "amount": "10", "paid_on": "2026-03-04"})
    page = await (await client.get(f"/buildings/{building.id}/payments")).get_data(as_text=True)
    assert '<div class="table-wrap" tabindex="0" role="region"' in page
    from pathlib import Path
    yearly = (Path(__file__).resolve().parents[2] / "templates/charges/building.html").read_text()
    assert 'class="table-wrap" tabindex="0" role="region"' in yearly


async def test_there_is_a_favicon(client):
    resp = await client.get("/favicon.ico")
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("image/")


async def test_the_inline_lot_form_takes_the_focus(client, conn):
    org, _user, _csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building)
    fragment = await client.get(f"/units/{unit['id']}/edit", headers={"HX-Request": "true"})
    assert "autofocus" in await fragment.get_data(as_text=True)


async def test_a_draft_shows_who_pays_what_and_warns_when_quotas_fall_short(client, conn):
    org, _user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org, total_quota=10_000)
    for number, quota in (("1", 1800), ("2", 5400)):  # 7,200 of 10,000 described
        await give_right(conn, org, await make_unit(conn, org, building, number, quota=quota), await make_owner(conn, org))
    from queries.platform import users as qa
    from tests.factories import token
    user = await qa.insert_user(conn, "compta-preview@example.test", "x", "Syndic")
    await qa.add_membership(conn, org.id, user.id, "syndic")
    headers = {"Authorization": f"Bearer {await token(conn, user, org, 'syndic')}"}
    expense = await (await client.post("/api/v1/expenses", headers=headers, json={
        "building_id": str(building.id), "category": "Maintenance", "description": "Jardin", "amount": "1000.00",
        "expense_date": "2026-03-10"})).get_json()
    page = await (await client.get(f"/expenses/{expense['id']}")).get_data(as_text=True)
    assert 'id="preview"' in page and "totalisent 7200 pour un total de 10000" in page
    assert "250,00" in page and "750,00" in page  # lot 1: 1,800 / 7,200 = 25 %
