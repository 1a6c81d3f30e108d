"""The reserve-fund rules' form without JavaScript (bad input re-rendered with its message and kept) and over
/api/v1 (the budget's check then passes, with its reason); another organisation's building is not found."""
from __future__ import annotations

from domain.calls import budgets, funds
from tests.factories import actor, api_user, browser_login, make_building, make_org


async def _building_with_a_short_budget(conn, org, user):  # type: ignore[no-untyped-def]
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, name="Le Parc")
    reserve = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": "BE68539007547034"})
    view = await budgets.draft_budget(conn, syndic, building.id, {"year_start": "2027-01-01", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "1000"},
        {"section": "reserve", "label": "Réserve", "fund_id": str(reserve.id), "amount": "10"}]})
    assert not view.reserve_check.ok
    return building, view.budget.id


async def test_the_form(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building, budget_id = await _building_with_a_short_budget(conn, org, user)
    assert f'href="/buildings/{building.id}/reserve-rules"' in await (
        await client.get(f"/buildings/{building.id}/calls")).get_data(as_text=True)
    page = await (await client.get(f"/buildings/{building.id}/reserve-rules")).get_data(as_text=True)
    assert 'id="rules-form"' in page and "Sous le minimum légal" in page
    bad = await client.post(f"/buildings/{building.id}/reserve-rules", form={
        "csrf_token": csrf, "waiver_reference": "AG du 20/11/2026, point 4", "waiver_decided_on": "",
        "provisional_acceptance_on": ""})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="e-waiver_decided_on"' in text and 'value="AG du 20/11/2026, point 4"' in text
    ok = await client.post(f"/buildings/{building.id}/reserve-rules", form={
        "csrf_token": csrf, "waiver_reference": "", "waiver_decided_on": "", "provisional_acceptance_on": "2024-06-01"})
    assert ok.status_code == 303
    after = await (await client.get(f"/buildings/{building.id}/reserve-rules")).get_data(as_text=True)
    assert 'value="2024-06-01"' in after and "Conforme" in after and "Réception provisoire" in after


async def test_the_api(client, conn) -> None:
    org, user, headers = await api_user(conn)
    building, budget_id = await _building_with_a_short_budget(conn, org, user)
    url = f"/api/v1/buildings/{building.id}/reserve-rules"
    r = await client.get(url, headers=headers)
    assert r.status_code == 200 and (await r.get_json())["waiver_decided_on"] is None
    r = await client.put(url, json={"waiver_decided_on": "2026-11-20"}, headers=headers)
    assert r.status_code == 422 and "waiver_reference" in (await r.get_json())["errors"]
    r = await client.put(url, json={"waiver_decided_on": "2026-11-20", "waiver_reference": "AG 2026, point 4"},
                         headers=headers)
    assert r.status_code == 200 and (await r.get_json())["waiver_reference"] == "AG 2026, point 4"
    check = (await (await client.get(f"/api/v1/budgets/{budget_id}", headers=headers)).get_json())["reserve_check"]
    assert check["ok"] and not check["required"] and "quatre cinquièmes" in check["reasons"][0]
    _o, _u, other = await api_user(conn, "syndic", await make_org(conn))
    assert (await client.get(url, headers=other)).status_code == 404
    assert (await client.put(url, json={}, headers=other)).status_code == 404
