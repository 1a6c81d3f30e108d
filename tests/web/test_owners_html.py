"""The syndic's owners pages: list with search and pagination, create / edit without JavaScript, owner page."""
from __future__ import annotations

from datetime import date

from tests.factories import browser_login, give_right, make_building, make_owner, make_unit, make_user


async def test_list_search_fragment_and_pagination(client, conn):
    org, _, _ = await browser_login(client, conn)
    for i in range(25):
        await make_owner(conn, org, f"Famille{i:02}", email=f"f{i}@example.be")
    html = await (await client.get("/owners?page=2")).get_data(as_text=True)
    assert "Famille20" in html and "Famille00" not in html and "Page 2 sur 2" in html
    resp = await client.get("/owners?q=f7@", headers={"HX-Request": "true"})
    fragment = await resp.get_data(as_text=True)
    assert "<html" not in fragment and "Famille07" in fragment and "Famille08" not in fragment


async def test_create_person_and_company_without_javascript(client, conn):
    _, _, csrf = await browser_login(client, conn)
    resp = await client.post("/owners", form={"csrf_token": csrf, "kind": "person", "first_name": "Léa",
                                               "last_name": "", "email": "pas-un-mail", "language": "fr"})
    html = await resp.get_data(as_text=True)
    assert resp.status_code == 422 and 'value="Léa"' in html and 'id="e-email"' in html
    resp = await client.post("/owners", form={"csrf_token": csrf, "kind": "person", "first_name": "Léa",
                                               "last_name": "Lambert", "email": "lea@example.be", "language": "nl",
                                               "shares_contact": "on"})
    assert resp.status_code == 303
    page = await (await client.get(resp.headers["Location"])).get_data(as_text=True)
    assert "Léa Lambert" in page and "lea@example.be" in page and "NL" in page
    resp = await client.post("/owners", form={"csrf_token": csrf, "kind": "company", "company_name": "ACME SA",
                                               "company_number": "BE0123456789", "language": "fr"})
    assert resp.status_code == 303


async def test_edit_keeps_values(client, conn):
    org, _, csrf = await browser_login(client, conn)
    owner = await make_owner(conn, org, "Ancien", email="a@example.be")
    form = await (await client.get(f"/owners/{owner['id']}/edit")).get_data(as_text=True)
    assert 'value="Ancien"' in form and 'value="a@example.be"' in form
    resp = await client.post(f"/owners/{owner['id']}", form={"csrf_token": csrf, "kind": "person",
                                                             "last_name": "Nouveau", "language": "fr"})
    assert resp.status_code == 303
    assert await conn.fetchval("SELECT last_name FROM owners WHERE id = $1", owner["id"]) == "Nouveau"


async def test_owner_page_shows_lots_cumulative_quota_and_history(client, conn):
    org, _, _ = await browser_login(client, conn)
    b = await make_building(conn, org, name="Les Tilleuls")
    u1, u2 = await make_unit(conn, org, b, "1", quota=120), await make_unit(conn, org, b, "2", quota=100)
    me, other = await make_owner(conn, org, "Moi"), await make_owner(conn, org, "Autre")
    await give_right(conn, org, u1, me, end=date(2024, 1, 1))
    await give_right(conn, org, u1, other, start=date(2024, 1, 1))
    await give_right(conn, org, u2, me, (1, 3))
    await give_right(conn, org, u2, other, (2, 3), contact=False)
    html = await (await client.get(f"/owners/{me['id']}")).get_data(as_text=True)
    assert "Quote-part cumulée" in html and "100/3 (≈ 33.33)" in html and "/ 1000" in html
    assert "au 01/01/2024" in html and "(en cours)" in html


async def test_an_owner_cannot_open_the_syndics_owner_pages(client, conn):
    org, _user, _ = await browser_login(client, conn, "owner")
    other = await make_owner(conn, org, "Voisin")
    assert (await client.get(f"/owners/{other['id']}")).status_code == 404
    assert (await client.get("/owners/new")).status_code == 403


async def test_link_an_owner_to_a_portal_account(client, conn):
    org, _, csrf = await browser_login(client, conn)
    account = await make_user(conn, org, "owner")
    form = await (await client.get("/owners/new")).get_data(as_text=True)
    assert '<label for="f-user_id">Compte de connexion au portail' in form and account.email in form
    resp = await client.post("/owners", form={"csrf_token": csrf, "kind": "person", "last_name": "Lié",
                                               "language": "fr", "user_id": str(account.id)})
    assert resp.status_code == 303
    assert await conn.fetchval("SELECT user_id FROM owners WHERE last_name = 'Lié'") == account.id
