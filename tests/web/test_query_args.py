"""The query string is read one way (web/query.py): a bad value answers 422 naming the parameter, on the pages as
in the API — it is never silently replaced by a default."""
from __future__ import annotations

from tests.factories import api_user, browser_login, make_building, make_unit


async def test_a_bad_date_or_year_is_refused_naming_it_on_pages_and_in_the_api(client, conn) -> None:
    org, _, headers = await api_user(conn)
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building)
    api = await client.get(f"/api/v1/units/{unit['id']}/owners?date=31-12-2026", headers=headers)
    assert api.status_code == 422 and "date" in (await api.get_json())["errors"]
    await browser_login(client, conn, "syndic", org)
    lot = await client.get(f"/units/{unit['id']}?date=demain")
    assert lot.status_code == 422 and "date" in await lot.get_data(as_text=True)
    charges = await client.get(f"/buildings/{building.id}/charges?year=20x6")
    assert charges.status_code == 422 and "year" in await charges.get_data(as_text=True)
    assert (await client.get(f"/buildings/{building.id}/charges?year=2026")).status_code == 200
    assert (await client.get(f"/units/{unit['id']}?date=2026-01-31")).status_code == 200


async def test_an_identifier_in_the_query_is_checked(client, conn) -> None:
    _org, _, headers = await api_user(conn)
    resp = await client.get("/api/v1/units?building_id=pas-un-id", headers=headers)
    assert resp.status_code == 422 and (await resp.get_json())["errors"]["building_id"]
