"""A building's late-interest clause over /api/v1 and on the reminder-policy page without JavaScript: the legal
rate by default, the bylaws' rate with its clause, 422 naming the field (a rate out of range, the clause missing),
the input kept; an owner may not read it."""
from __future__ import annotations

from decimal import Decimal

from domain.collection import interest_settings
from tests.factories import actor, api_user, bearer, browser_login, make_building, make_user, token


async def test_the_api(client, conn) -> None:
    org, user, headers = await api_user(conn)
    building = await make_building(conn, org, name="Le Parc")
    url = f"/api/v1/buildings/{building.id}/interest-settings"
    r = await client.get(url, headers=headers)
    assert r.status_code == 200 and await r.get_json() == {"mode": "legal", "rate": None, "clause": None}
    r = await client.put(url, headers=headers, json={"mode": "bylaws", "rate": "31"})
    errors = (await r.get_json())["errors"]
    assert r.status_code == 422 and set(errors) == {"rate", "clause"}
    r = await client.put(url, headers=headers, json={"mode": "bylaws", "rate": 0, "clause": "art. 12"})
    assert r.status_code == 422 and set((await r.get_json())["errors"]) == {"rate"}
    r = await client.put(url, headers=headers, json={"mode": "often"})
    assert r.status_code == 422 and "mode" in (await r.get_json())["errors"]
    r = await client.put(url, headers=headers, json={"mode": "bylaws", "rate": "8.5", "clause": "art. 12 § 3"})
    assert r.status_code == 200 and await r.get_json() == {"mode": "bylaws", "rate": "8.500", "clause": "art. 12 § 3"}
    found = await interest_settings.get_settings(conn, actor(user, org, "syndic"), building.id)
    assert found.rate == Decimal("8.5")
    r = await client.put(url, headers=headers, json={"mode": "legal"})
    assert r.status_code == 200 and (await r.get_json())["mode"] == "legal"
    owner = bearer(await token(conn, await make_user(conn, org, "owner"), org, "owner"))
    assert (await client.get(url, headers=owner)).status_code == 403


async def test_the_form_on_the_policy_page(client, conn) -> None:
    org, _user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org, name="Le Parc")
    page = await (await client.get(f"/buildings/{building.id}/reminder-policy")).get_data(as_text=True)
    assert 'id="mode-legal" value="legal" checked' in page
    url = f"/buildings/{building.id}/interest-settings"
    bad = await client.post(url, form={"csrf_token": csrf, "mode": "bylaws", "rate": "8,5", "clause": ""})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="e-clause"' in text and 'value="8,5"' in text
    ok = await client.post(url, form={"csrf_token": csrf, "mode": "bylaws", "rate": "8,5", "clause": "art. 12"})
    assert ok.status_code == 303
    page = await (await client.get(f"/buildings/{building.id}/reminder-policy")).get_data(as_text=True)
    assert 'value="8.5"' in page and 'value="art. 12"' in page and 'id="mode-bylaws" value="bylaws" checked' in page
