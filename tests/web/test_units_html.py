"""The syndic's lots on the building page: table, quota total, inline add / edit (htmx and plain), lot page,
owners form and sale form without JavaScript."""
from __future__ import annotations

from tests.factories import browser_login, give_right, make_building, make_owner, make_unit

HX = {"HX-Request": "true"}


async def test_building_page_lists_lots_with_owners_and_quota_total(client, conn):
    org, _, _ = await browser_login(client, conn)
    b = await make_building(conn, org, total_quota=1000)
    u10, u2 = await make_unit(conn, org, b, "10", quota=400), await make_unit(conn, org, b, "2", quota=500)
    await give_right(conn, org, u2, await make_owner(conn, org, "Dupont"))
    html = await (await client.get(f"/buildings/{b.id}")).get_data(as_text=True)
    assert 'id="lots"' in html and f'id="unit-{u10["id"]}"' in html
    assert html.index(f'unit-{u2["id"]}') < html.index(f'unit-{u10["id"]}')  # 2 before 10
    assert "Alex Dupont" in html and "900 sur 1000" in html and "il manque 100" in html
    assert '<label for="new-unit_number">Numéro du lot' in html


async def test_add_a_lot_inline_with_htmx_and_errors_swap_in(client, conn):
    org, _, csrf = await browser_login(client, conn)
    b = await make_building(conn, org, total_quota=100)
    resp = await client.post(f"/buildings/{b.id}/units", headers=HX, form={
        "csrf_token": csrf, "unit_number": "A1", "unit_type": "apartment", "floor": "2", "surface_area": "71,5",
        "quota": "100"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 200 and "<html" not in html and 'id="lots"' in html
    assert "A1" in html and "71.50 m²" in html and "complet" in html
    resp = await client.post(f"/buildings/{b.id}/units", headers=HX, form={
        "csrf_token": csrf, "unit_number": "A2", "unit_type": "cellar", "quota": "5"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422 and "105" in html and 'value="A2"' in html
    assert await conn.fetchval("SELECT count(*) FROM units WHERE building_id = $1", b.id) == 1


async def test_add_without_javascript_redirects_or_shows_the_form(client, conn):
    org, _, csrf = await browser_login(client, conn)
    b = await make_building(conn, org)
    resp = await client.post(f"/buildings/{b.id}/units", form={"csrf_token": csrf, "unit_number": "B1",
                                                               "unit_type": "parking", "quota": "10"})
    assert resp.status_code == 303 and resp.headers["Location"] == f"/buildings/{b.id}#lots"
    resp = await client.post(f"/buildings/{b.id}/units", form={"csrf_token": csrf, "unit_number": "",
                                                               "unit_type": "parking", "quota": "dix"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422 and "<html" in html and "Doit être un nombre entier." in html


async def test_edit_inline_and_plain(client, conn):
    org, _, csrf = await browser_login(client, conn)
    b = await make_building(conn, org)
    u = await make_unit(conn, org, b, "7", quota=50)
    row = await (await client.get(f"/units/{u['id']}/edit", headers=HX)).get_data(as_text=True)
    assert row.startswith(f'<tr id="unit-{u["id"]}">') or f'<tr id="unit-{u["id"]}">' in row
    assert "<html" not in row and 'value="7"' in row
    full = await (await client.get(f"/units/{u['id']}/edit")).get_data(as_text=True)
    assert "<html" in full and "Supprimer ce lot" in full
    resp = await client.post(f"/units/{u['id']}", headers=HX, form={
        "csrf_token": csrf, "unit_number": "7", "unit_type": "apartment", "quota": "5000"})
    assert resp.status_code == 422 and "5000" in await resp.get_data(as_text=True)
    resp = await client.post(f"/units/{u['id']}", form={"csrf_token": csrf, "unit_number": "7bis",
                                                         "unit_type": "office", "quota": "60"})
    assert resp.status_code == 303
    assert await conn.fetchval("SELECT number FROM units WHERE id = $1", u["id"]) == "7bis"


async def test_owners_form_and_sale_without_javascript(client, conn):
    org, _, csrf = await browser_login(client, conn)
    b = await make_building(conn, org)
    u = await make_unit(conn, org, b, "12")
    a, c, d = [await make_owner(conn, org, name) for name in ("Dupont", "Martin", "Peeters")]
    form = await (await client.get(f"/units/{u['id']}/owners/edit")).get_data(as_text=True)
    assert "Alex Dupont" in form and '<label for="f-share_0">' in form
    resp = await client.post(f"/units/{u['id']}/owners", form={
        "csrf_token": csrf, "date": "2024-01-01", "owner_id_0": str(a["id"]), "share_0": "50",
        "owner_id_1": str(c["id"]), "share_1": "40", "contact": "0"})
    assert resp.status_code == 422 and "90 %" in await resp.get_data(as_text=True)
    resp = await client.post(f"/units/{u['id']}/owners", form={
        "csrf_token": csrf, "date": "2024-01-01", "owner_id_0": str(a["id"]), "share_0": "50",
        "owner_id_1": str(c["id"]), "share_1": "1/2", "contact": "1"})
    assert resp.status_code == 303
    sale = await (await client.get(f"/units/{u['id']}/sale")).get_data(as_text=True)
    assert '<label for="f-buyer_id">Acheteur' in sale
    resp = await client.post(f"/units/{u['id']}/sale", form={
        "csrf_token": csrf, "date": "2024-05-01", "seller_id": str(a["id"]), "buyer_id": str(d["id"])})
    assert resp.status_code == 303
    page = await (await client.get(f"/units/{u['id']}?date=2024-03-01")).get_data(as_text=True)
    assert "Alex Dupont" in page and "Historique" in page and "01/05/2024" in page
    holders = await (await client.get(f"/units/{u['id']}?date=2024-06-01", headers=HX)).get_data(as_text=True)
    assert "Alex Peeters" in holders and "Alex Dupont" not in holders and "<html" not in holders


async def test_readers_see_no_edit_controls_and_cannot_post(client, conn):
    org, _, csrf = await browser_login(client, conn, "accountant")
    b = await make_building(conn, org)
    u = await make_unit(conn, org, b, "3")
    html = await (await client.get(f"/buildings/{b.id}")).get_data(as_text=True)
    assert 'id="lots"' in html and "Ajouter un lot" not in html
    resp = await client.post(f"/buildings/{b.id}/units", form={"csrf_token": csrf, "unit_number": "4",
                                                               "unit_type": "parking", "quota": "1"})
    assert resp.status_code == 403
    assert (await client.get(f"/units/{u['id']}/sale")).status_code == 403


async def test_other_organisations_lot_pages_are_404(client, conn):
    await browser_login(client, conn)
    other, _, _ = await browser_login(client.app.test_client(), conn)
    u = await make_unit(conn, other, await make_building(conn, other))
    for path in ("", "/edit", "/owners/edit", "/sale"):
        assert (await client.get(f"/units/{u['id']}{path}")).status_code == 404


async def test_choose_the_contact_from_the_lot_page(client, conn):
    org, _, csrf = await browser_login(client, conn)
    u = await make_unit(conn, org, await make_building(conn, org), "5")
    a, b = await make_owner(conn, org, "Premier"), await make_owner(conn, org, "Second")
    await give_right(conn, org, u, a, (1, 2))
    await give_right(conn, org, u, b, (1, 2), contact=False)
    html = await (await client.get(f"/units/{u['id']}")).get_data(as_text=True)
    assert "Désigner Alex Second comme contact" in html and "Désigner Alex Premier" not in html
    resp = await client.post(f"/units/{u['id']}/contact", form={"csrf_token": csrf, "owner_id": str(b["id"])})
    assert resp.status_code == 303
    assert await conn.fetchval("SELECT owner_id FROM unit_owners WHERE unit_id = $1 AND is_contact", u["id"]) == b["id"]
