"""French left in Dutch and English, found by probing: the majority choices of an agenda item, the articles of law
cited (C. civ., loi 1965), and the French space before a colon after a label."""
from __future__ import annotations

from tests.factories import the_day_comes
from tests.web.test_meetings_html import SOON, post, setup


async def _closed_meeting(client, conn):  # type: ignore[no-untyped-def]
    _org, building, owners, csrf = await setup(client, conn)
    resp = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary",
                      title="AG", scheduled_date=SOON, location="Salle")
    url = resp.headers["Location"]
    await post(client, f"{url}/items", csrf, title="Budget", decision_kind="budget", draft_resolution="Oui.")
    await post(client, f"{url}/convene", csrf)
    for owner, _ in owners:
        await post(client, f"{url}/attendance", csrf, owner_id=str(owner["id"]), status="present",
                   proxy_holder_owner_id="", proxy_holder_name="")
    await the_day_comes(conn, url.rsplit("/", 1)[1])
    await post(client, f"{url}/open", csrf)
    await post(client, f"{url}/close", csrf)
    return url, csrf


async def test_the_draft_offers_the_majorities_in_the_readers_language(client, conn):
    _org, building, _owners, csrf = await setup(client, conn)
    resp = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary",
                      title="AG", scheduled_date=SOON, location="Salle")
    client.set_cookie("localhost", "lang", "nl")
    page = await (await client.get(resp.headers["Location"])).get_data(as_text=True)
    assert "volstrekte meerderheid van de uitgebrachte stemmen" in page
    assert "majorité absolue" not in page


async def test_the_minutes_cite_the_law_and_punctuate_in_dutch_and_english(client, conn):
    url, _csrf = await _closed_meeting(client, conn)
    client.set_cookie("localhost", "lang", "nl")
    nl = await (await client.get(f"{url}/minutes")).get_data(as_text=True)
    assert "C. civ." not in nl and "BW, art. 3.87, § 5" in nl
    assert "Regel:" in nl and "Regel :" not in nl
    client.set_cookie("localhost", "lang", "en")
    en = await (await client.get(f"{url}/minutes")).get_data(as_text=True)
    assert "C. civ." not in en and "Civil Code, art. 3.87, § 5" in en
    client.set_cookie("localhost", "lang", "fr")
    fr = await (await client.get(f"{url}/minutes")).get_data(as_text=True)
    assert "C. civ., art. 3.87, § 5" in fr and "Règle\u00a0:" in fr
