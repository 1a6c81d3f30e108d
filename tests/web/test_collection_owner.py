"""An owner's collection page without JavaScript: what is overdue, a payment plan created from a count and a first
date (the split shown to the cent), a bad form kept with its errors, a dispute hold added and lifted; the arrears
row links to it; a plan over the API with its instalments."""
from __future__ import annotations

from datetime import date, timedelta

from domain.calls import calls, funds
from tests.factories import actor, api_user, browser_login, give_right, make_building, make_owner, make_unit


async def _late_owner(conn, org, user):  # type: ignore[no-untyped-def]
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Le Parc")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Retard")
    await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    day = date.today() - timedelta(days=40)
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions", "total": "100.00", "call_date": day.isoformat(),
        "due_date": (day + timedelta(days=5)).isoformat()})
    await calls.issue_call(conn, syndic, made.id)
    return building, owner["id"]


async def test_the_owner_page_plans_and_holds(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building, owner = await _late_owner(conn, org, user)
    arrears = await (await client.get(f"/buildings/{building.id}/arrears")).get_data(as_text=True)
    assert f'href="/owners/{owner}/collection"' in arrears
    url = f"/owners/{owner}/collection"
    page = await (await client.get(url)).get_data(as_text=True)
    assert "Provisions" in page and 'id="plan-form"' in page
    first = (date.today() + timedelta(days=10)).isoformat()
    bad = await client.post(f"{url}/plans", form={"csrf_token": csrf, "reason": "Accord", "count": "0",
                                                  "first_due_on": first})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="e-count"' in text and 'value="Accord"' in text
    ok = await client.post(f"{url}/plans", form={"csrf_token": csrf, "reason": "Accord", "count": "3",
                                                 "first_due_on": first})
    assert ok.status_code == 303
    page = await (await client.get(url)).get_data(as_text=True)
    assert "33,34" in page and "33,33" in page and "respecté" in page
    assert 'id="plan-form"' not in page  # one plan at a time
    ok = await client.post(f"{url}/holds", form={"csrf_token": csrf, "kind": "dispute", "reason": "Clé contestée",
                                                 "ends_on": "2099-01-01"})
    assert ok.status_code == 303
    hold = await conn.fetchval("SELECT id FROM owner_holds WHERE organization_id = $1 AND kind = 'dispute'", org.id)
    assert (await client.post(f"/holds/{hold}/end", form={"csrf_token": csrf})).status_code == 303
    assert "levé le" in await (await client.get(url)).get_data(as_text=True)


async def test_a_plan_over_the_api(client, conn) -> None:
    org, user, headers = await api_user(conn)
    _building, owner = await _late_owner(conn, org, user)
    url = f"/api/v1/owners/{owner}/holds"
    first = date.today() + timedelta(days=10)
    r = await client.post(url, headers=headers, json={"kind": "payment_plan", "reason": "Deux fois", "instalments": [
        {"due_on": first.isoformat(), "amount": "60.00"}, {"due_on": (first + timedelta(days=30)).isoformat(),
                                                          "amount": "30.00"}]})
    assert r.status_code == 422 and "instalments" in (await r.get_json())["errors"]
    r = await client.post(url, headers=headers, json={"kind": "payment_plan", "reason": "Deux fois", "instalments": [
        {"due_on": first.isoformat(), "amount": "60.00"}, {"due_on": (first + timedelta(days=30)).isoformat(),
                                                          "amount": "40.00"}]})
    body = await r.get_json()
    assert r.status_code == 201 and body["total"] == "100.00" and [i["amount"] for i in body["instalments"]] == [
        "60.00", "40.00"]
    listed = (await (await client.get(f"/api/v1/owners/{owner}/payment-plans", headers=headers)).get_json())["data"]
    assert [p["next_instalment"] for p in listed] == [1]
