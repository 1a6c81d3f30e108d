"""The law at the opening, on the syndic's pages: an owner nobody can reach is flagged before convening and the
convening waits until they are marked; the live screen and the minutes show the quorum at the opening and the
movements after it, with their times."""
from __future__ import annotations

from tests.factories import the_day_comes
from tests.web.test_meetings_html import SOON, post, setup


async def _draft(client, conn, csrf, building):  # type: ignore[no-untyped-def]
    resp = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary",
                      title="AG 2027", scheduled_date=SOON, location="Salle")
    url = resp.headers["Location"]
    await post(client, f"{url}/items", csrf, title="Budget", decision_kind="budget", draft_resolution="Oui.")
    return url


async def test_an_unreachable_owner_is_flagged_and_blocks_convening_until_marked(client, conn):
    _org, building, owners, csrf = await setup(client, conn)
    await conn.execute("UPDATE owners SET email = NULL, address = NULL WHERE id = $1", owners[1][0]["id"])
    url = await _draft(client, conn, csrf, building)
    page = await (await client.get(url)).get_data(as_text=True)
    assert 'id="unreachable"' in page and "Voisin2" in page
    refused = await post(client, f"{url}/convene", csrf)
    assert refused.status_code == 422 and "Voisin2" in await refused.get_data(as_text=True)
    marked = await post(client, f"{url}/reached-otherwise", csrf, owner_id=str(owners[1][0]["id"]),
                        note="Remise en main propre")
    assert marked.status_code == 303
    assert 'id="unreachable"' not in await (await client.get(url)).get_data(as_text=True)
    assert (await post(client, f"{url}/convene", csrf)).status_code == 303


async def test_the_live_screen_and_minutes_show_the_opening_quorum_and_movements(client, conn):
    _org, building, owners, csrf = await setup(client, conn)
    url = await _draft(client, conn, csrf, building)
    assert (await post(client, f"{url}/convene", csrf)).status_code == 303
    early = await post(client, f"{url}/open", csrf)
    assert early.status_code == 409 and "avant la date et l&#39;heure" in await early.get_data(as_text=True)
    for owner, _ in owners[:2]:
        await post(client, f"{url}/attendance", csrf, owner_id=str(owner["id"]), status="present",
                   proxy_holder_owner_id="", proxy_holder_name="")
    mid = url.rsplit("/", 1)[1]
    await the_day_comes(conn, mid)
    assert (await post(client, f"{url}/open", csrf)).status_code == 303
    await post(client, f"{url}/attendance", csrf, owner_id=str(owners[2][0]["id"]), status="present",
               proxy_holder_owner_id="", proxy_holder_name="")
    live = await (await client.get(f"{url}/live")).get_data(as_text=True)
    assert "Quorum à l'ouverture" in live and "Maintenant : 3 copropriétaires" in live
    assert (await post(client, f"{url}/close", csrf)).status_code == 303
    minutes = await (await client.get(f"{url}/minutes")).get_data(as_text=True)
    assert "À l'ouverture de la séance : 2 copropriétaires sur 3" in minutes
    assert "Arrivées et départs en cours de séance" in minutes and "Voisin3" in minutes
    assert "Ouverte le" in minutes


async def test_the_officers_are_chosen_on_the_live_screen(client, conn):
    _org, building, owners, csrf = await setup(client, conn)
    url = await _draft(client, conn, csrf, building)
    await post(client, f"{url}/convene", csrf)
    await the_day_comes(conn, url.rsplit("/", 1)[1])
    await post(client, f"{url}/open", csrf)
    live = await (await client.get(f"{url}/live")).get_data(as_text=True)
    assert 'id="officers"' in live and 'name="chair"' in live
    bad = await post(client, f"{url}/officers", csrf, chair="x" * 201, secretary="", tellers="")
    assert bad.status_code == 422 and 'value="' + "x" * 201 + '"' in await bad.get_data(as_text=True)
    assert (await post(client, f"{url}/officers", csrf, chair="Marie Dupont", secretary="Paul", tellers="")).status_code == 303
    assert 'value="Marie Dupont"' in await (await client.get(f"{url}/live")).get_data(as_text=True)
