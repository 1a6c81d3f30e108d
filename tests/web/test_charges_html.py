"""Charges pages without JavaScript: record with a file, approve, explain, keys, payments, statements, portal."""
from __future__ import annotations

import re

import pytest

from domain.storage import LocalStorage
from tests.factories import browser_login, give_right, make_building, make_owner, make_unit, make_user, token

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def storage(app, tmp_path):
    app.config["STORAGE"] = LocalStorage(tmp_path)
    return tmp_path


async def setup(client, conn, role="syndic"):
    """A logged-in user in `role`, a building with lots 1 (600) and 2 (400), one owner each."""
    org, _user, csrf = await browser_login(client, conn, role)
    building = await make_building(conn, org, name="Résidence Test")
    owners = []
    for number, quota in (("1", 600), ("2", 400)):
        unit = await make_unit(conn, org, building, number, quota=quota)
        owner = await make_owner(conn, org, f"Proprio{number}")
        await give_right(conn, org, unit, owner)
        owners.append(owner)
    return org, building, owners, csrf


FORM = {"category": "cleaning", "description": "Nettoyage des communs", "supplier": "Net SA",
        "amount_excl_vat": "1 000,00", "vat_rate": "21", "invoice_date": "2026-03-10", "sharing_key_id": ""}


async def test_record_with_file_approve_and_explain(client, conn, storage):
    _org, building, _owners, csrf = await setup(client, conn)
    section = await (await client.get(f"/buildings/{building.id}")).get_data(as_text=True)
    assert f'href="/buildings/{building.id}/expenses/new"' in section
    form = await (await client.get(f"/buildings/{building.id}/expenses/new")).get_data(as_text=True)
    for name in ("category", "description", "amount_excl_vat", "vat_rate", "invoice_date", "invoice_file"):
        assert f'<label for="f-{name}"' in form
    resp = await client.post(f"/buildings/{building.id}/expenses", form={**FORM, "csrf_token": csrf},
                             files={"invoice_file": _file("facture.pdf", PDF)})
    assert resp.status_code == 303
    url = resp.headers["Location"]
    shown = await (await client.get(url)).get_data(as_text=True)
    assert "1\u202f210,00\u00a0€" in shown and "Brouillon" in shown and "facture.pdf" in shown
    assert (await client.post(url + "/approve", form={"csrf_token": csrf})).status_code == 303
    shown = await (await client.get(url)).get_data(as_text=True)
    assert "Approuvée" in shown and "726,00" in shown and "484,00" in shown
    line = re.search(r'href="(/charges/lines/[0-9a-f-]+)"', shown).group(1)
    why = await (await client.get(line)).get_data(as_text=True)
    assert "Pourquoi je dois ce montant ?" in why and "600 ÷ 1000 = 726&nbsp;€" in why
    charges = await (await client.get(f"/buildings/{building.id}/charges?year=2026")).get_data(as_text=True)
    assert "<svg" in charges and "Nettoyage (6102)" in charges and "<script" not in charges.split("</head>")[1]


def _file(name, data):
    import io

    from quart.datastructures import FileStorage
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/octet-stream")


async def test_bad_form_keeps_input_and_writes_nothing(client, conn, storage):
    _org, building, _owners, csrf = await setup(client, conn)
    resp = await client.post(f"/buildings/{building.id}/expenses", form={
        **FORM, "csrf_token": csrf, "amount_excl_vat": "-5", "vat_rate": "20"},
        files={"invoice_file": _file("virus.exe", b"MZ\x90\x00 not a pdf")})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Nettoyage des communs"' in html and 'id="e-amount_excl_vat"' in html
    assert 'id="e-vat_rate"' in html
    file_error = await client.post(f"/buildings/{building.id}/expenses", form={**FORM, "csrf_token": csrf},
                                   files={"invoice_file": _file("virus.exe", b"MZ\x90\x00 not a pdf")})
    assert file_error.status_code == 422 and 'id="e-invoice_file"' in await file_error.get_data(as_text=True)
    assert await conn.fetchval("SELECT count(*) FROM expenses WHERE building_id = $1", building.id) == 0
    assert not list(storage.rglob("*.*"))


async def test_cancel_needs_a_reason(client, conn, storage):
    _org, building, _owners, csrf = await setup(client, conn)
    url = (await client.post(f"/buildings/{building.id}/expenses",
                             form={**FORM, "csrf_token": csrf})).headers["Location"]
    resp = await client.post(url + "/cancel", form={"csrf_token": csrf, "reason": ""})
    assert resp.status_code == 422 and 'id="e-reason"' in await resp.get_data(as_text=True)
    assert (await client.post(url + "/cancel", form={"csrf_token": csrf, "reason": "Doublon"})).status_code == 303
    assert "Annulée" in await (await client.get(url)).get_data(as_text=True)


async def test_key_editor(client, conn):
    _org, building, _owners, csrf = await setup(client, conn)
    page = await (await client.get(f"/buildings/{building.id}/keys")).get_data(as_text=True)
    field = re.search(r'name="(w_[0-9a-f-]+)"', page).group(1)
    bad = await client.post(f"/buildings/{building.id}/keys", form={"csrf_token": csrf, "name": "Ascenseur",
                                                                     field: "-2"})
    assert bad.status_code == 422 and f'id="e-{field}"' in await bad.get_data(as_text=True)
    ok = await client.post(f"/buildings/{building.id}/keys", form={"csrf_token": csrf, "name": "Ascenseur",
                                                                    field: "2,5"})
    assert ok.status_code == 303
    listed = await (await client.get(f"/buildings/{building.id}/keys")).get_data(as_text=True)
    key_url = re.search(r'href="(/keys/[0-9a-f-]+)"', listed).group(1)
    edit = await (await client.get(key_url)).get_data(as_text=True)
    assert 'value="2.5"' in edit and 'value="Ascenseur"' in edit


async def test_payments_statement_and_pdf(client, conn):
    _org, building, owners, csrf = await setup(client, conn)
    url = (await client.post(f"/buildings/{building.id}/expenses",
                             form={**FORM, "csrf_token": csrf})).headers["Location"]
    await client.post(url + "/approve", form={"csrf_token": csrf})
    resp = await client.post(f"/buildings/{building.id}/payments", form={
        "csrf_token": csrf, "owner_id": str(owners[0]["id"]), "amount": "500", "paid_on": "2026-04-01",
        "reference": "+++123/4567/89012+++"})
    assert resp.status_code == 303
    bad = await client.post(f"/buildings/{building.id}/payments", form={
        "csrf_token": csrf, "owner_id": str(owners[0]["id"]), "amount": "abc", "paid_on": "2026-04-01"})
    assert bad.status_code == 422 and 'id="e-amount"' in await bad.get_data(as_text=True)
    query = f"?building={building.id}&from=2026-01-01&to=2026-12-31"
    page = await (await client.get(f"/owners/{owners[0]['id']}/statement{query}")).get_data(as_text=True)
    assert "726,00" in page and "500,00" in page and "226,00" in page and "Pourquoi ?" in page
    pdf = await client.get(f"/owners/{owners[0]['id']}/statement.pdf{query}")
    assert pdf.status_code == 200 and (await pdf.get_data()).startswith(b"%PDF")
    bad_query = await client.get(f"/owners/{owners[0]['id']}/statement?building=nope")
    assert bad_query.status_code == 422


async def test_owner_portal_and_only_their_own_lines(client, conn):
    org, building, owners, csrf = await setup(client, conn)
    url = (await client.post(f"/buildings/{building.id}/expenses",
                             form={**FORM, "csrf_token": csrf})).headers["Location"]
    await client.post(url + "/approve", form={"csrf_token": csrf})
    user = await make_user(conn, org, "owner")
    await conn.execute("UPDATE owners SET user_id = $1 WHERE id = $2", user.id, owners[0]["id"])
    client.set_cookie("localhost", "kg_session", await token(conn, user, org, "owner", kind="session"))
    portal = await (await client.get("/portal")).get_data(as_text=True)
    assert "Mes charges" in portal and "solde dû 726,00" in portal.replace("\u00a0", " ")
    mine = re.search(r'href="(/charges/lines/[0-9a-f-]+)"', portal).group(1)
    assert (await client.get(mine)).status_code == 200
    other = await conn.fetchval("SELECT id FROM charge_lines WHERE owner_id = $1", owners[1]["id"])
    assert (await client.get(f"/charges/lines/{other}")).status_code == 404
    assert (await client.get(f"/owners/{owners[1]['id']}/statement?building={building.id}")).status_code == 404
    assert (await client.get(url)).status_code == 403
    assert (await client.get(f"/buildings/{building.id}/charges")).status_code in (403, 404)


async def test_expense_list_filters_and_fragment(client, conn):
    _org, building, _owners, csrf = await setup(client, conn)
    await client.post(f"/buildings/{building.id}/expenses", form={**FORM, "csrf_token": csrf})
    full = await (await client.get("/expenses?status=draft")).get_data(as_text=True)
    assert "<html" in full and "Nettoyage des communs" in full and '<label for="f-status"' in full
    frag = await client.get("/expenses?status=paid", headers={"HX-Request": "true"})
    body = await frag.get_data(as_text=True)
    assert "<html" not in body and 'id="results"' in body and "Nettoyage des communs" not in body
    bad = await (await client.get("/expenses?period=demain")).get_data(as_text=True)
    assert "Période attendue" in bad


async def test_a_correcting_entry_from_the_expense_page(client, conn):
    _org, building, _owners, csrf = await setup(client, conn)
    url = (await client.post(f"/buildings/{building.id}/expenses",
                             form={**FORM, "csrf_token": csrf})).headers["Location"]
    await client.post(url + "/approve", form={"csrf_token": csrf})
    assert "Passer une correction" in await (await client.get(url)).get_data(as_text=True)
    bad = await client.post(url + "/corrections", form={"csrf_token": csrf, "amount_excl_vat": "0"})
    assert bad.status_code == 422
    resp = await client.post(url + "/corrections", form={"csrf_token": csrf, "amount_excl_vat": "-100",
                                                         "description": "Remise commerciale"})
    assert resp.status_code == 303
    draft = await (await client.get(resp.headers["Location"])).get_data(as_text=True)
    assert "Remise commerciale" in draft and "-121,00" in draft and "Brouillon" in draft
