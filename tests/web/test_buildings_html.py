"""The syndic's building pages: full pages, htmx fragments, forms that keep input, delete, JS-free flows."""
from __future__ import annotations

from tests.factories import browser_login, make_building, make_org


async def test_login_page_is_french_with_labels(client):
    resp = await client.get("/login")
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert 'lang="fr"' in html and "Connexion" in html
    assert '<label for="f-email">E-mail' in html and '<label for="f-password">Mot de passe' in html
    assert "Content-Security-Policy" in resp.headers and "frame-ancestors 'none'" in resp.headers[
        "Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


async def test_pages_redirect_to_login_when_anonymous(client):
    resp = await client.get("/buildings")
    assert resp.status_code == 303 and resp.headers["Location"].startswith("/login?next=/buildings")


async def test_list_full_page_and_search_fragment(client, conn):
    org, _, _ = await browser_login(client, conn)
    await make_building(conn, org, name="Résidence Soleil", city="Namur")
    await make_building(conn, org, name="Le Grand Chêne", city="Gand")
    full = await (await client.get("/buildings")).get_data(as_text=True)
    assert "<html" in full and "Résidence Soleil" in full and "Le Grand Chêne" in full
    resp = await client.get("/buildings?q=namur", headers={"HX-Request": "true"})
    fragment = await resp.get_data(as_text=True)
    assert "<html" not in fragment and 'id="results"' in fragment
    assert "Résidence Soleil" in fragment and "Le Grand Chêne" not in fragment
    assert resp.headers["Vary"] == "HX-Request"
    boosted = await client.get("/buildings?q=namur", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in await boosted.get_data(as_text=True)


async def test_create_without_javascript_redirects_to_the_building(client, conn):
    _, _, csrf = await browser_login(client, conn)
    resp = await client.post("/buildings", form={
        "csrf_token": csrf, "name": "Les Mimosas", "address": "Rue Neuve 3", "postal_code": "5000",
        "city": "Namur", "total_units": "6", "jurisdiction": "BE", "total_quota": ""})
    assert resp.status_code == 303
    page = await (await client.get(resp.headers["Location"])).get_data(as_text=True)
    assert "Les Mimosas" in page and "1000" in page


async def test_bad_form_keeps_input_and_shows_errors_next_to_fields(client, conn):
    _, _, csrf = await browser_login(client, conn)
    resp = await client.post("/buildings", form={
        "csrf_token": csrf, "name": "Les Mimosas", "address": "", "postal_code": "5000",
        "city": "Namur", "total_units": "zéro", "construction_year": "1850"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert 'value="Les Mimosas"' in html and 'value="zéro"' in html
    assert 'id="e-address"' in html and 'id="e-total_units"' in html
    assert "Doit être un nombre entier." in html
    assert await conn.fetchval("SELECT count(*) FROM buildings WHERE name = 'Les Mimosas'") == 0


async def test_missing_csrf_is_refused(client, conn):
    await browser_login(client, conn)
    resp = await client.post("/buildings", form={"name": "X", "address": "Y", "postal_code": "1",
                                                "city": "Z", "total_units": "1"})
    assert resp.status_code == 403
    assert await conn.fetchval("SELECT count(*) FROM buildings WHERE name = 'X'") == 0


async def test_edit_and_delete_with_confirmation(client, conn):
    org, _, csrf = await browser_login(client, conn)
    b = await make_building(conn, org, name="Ancien nom")
    form = await (await client.get(f"/buildings/{b.id}/edit")).get_data(as_text=True)
    assert 'value="Ancien nom"' in form
    resp = await client.post(f"/buildings/{b.id}", form={
        "csrf_token": csrf, "name": "Nouveau nom", "address": b.address, "postal_code": b.postal_code,
        "city": b.city, "country": b.country, "total_units": "10", "jurisdiction": "BE", "total_quota": "1000"})
    assert resp.status_code == 303
    confirm = await (await client.get(f"/buildings/{b.id}/delete")).get_data(as_text=True)
    assert "Supprimer « Nouveau nom » ?" in confirm
    assert (await client.post(f"/buildings/{b.id}/delete", form={"csrf_token": csrf})).status_code == 303
    assert await conn.fetchval("SELECT count(*) FROM buildings WHERE id = $1", b.id) == 0


async def test_other_organisation_building_page_is_404(client, conn):
    other = await make_org(conn)
    theirs = await make_building(conn, other)
    await browser_login(client, conn)
    assert (await client.get(f"/buildings/{theirs.id}")).status_code == 404
    assert (await client.get(f"/buildings/{theirs.id}/edit")).status_code == 404


async def test_owner_cannot_open_the_create_form(client, conn):
    await browser_login(client, conn, role="owner")
    assert (await client.get("/buildings/new")).status_code == 403
