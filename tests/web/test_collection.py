"""Collection through the web: the arrears page (buckets, the next step), the step run for a checked owner by a
plain form POST (no JavaScript), the ladder's form (an error re-rendered with the input kept); the API's arrears,
reminder policy, run, registered letter, holds; bad input a 422 naming the field; another organisation's a 404."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.calls import calls, funds
from tests.factories import actor, api_user, browser_login, give_right, make_building, make_org, make_owner, make_unit

IBAN = "BE68539007547034"


async def _late_owner(conn: Any, org: Any, syndic: Any) -> tuple[Any, Any]:
    """A building whose one owner has not paid a call due 63 days ago."""
    building = await make_building(conn, org, name="Le Parc")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Dupont", email="dupont@example.test")
    await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN})
    due = date.today() - timedelta(days=63)
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions", "total": "800.00", "call_date": (due - timedelta(days=20)).isoformat(),
        "due_date": due.isoformat()})
    await calls.issue_call(conn, syndic, made.id)
    return building, owner


async def test_the_arrears_page_runs_the_step_for_the_checked_owner(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building, owner = await _late_owner(conn, org, actor(user, org, "syndic"))
    r = await client.get("/arrears")
    html = await r.get_data(as_text=True)
    assert r.status_code == 200 and "Dupont" in html and "Le Parc" in html and "800,00" in html
    assert "Étape 1" in html
    r = await client.post("/arrears/run", form={"csrf_token": csrf, "back": str(building.id)})
    assert r.status_code == 422 and "Choisissez au moins un copropriétaire." in await r.get_data(as_text=True)
    r = await client.post("/arrears/run", form={"csrf_token": csrf, "back": str(building.id),
                                                "sel": f"{building.id}:{owner['id']}"})
    assert r.status_code == 303 and r.headers["Location"] == f"/buildings/{building.id}/arrears?sent=1"
    html = await (await client.get(r.headers["Location"])).get_data(as_text=True)
    assert "Rappels envoyés : 1." in html and "Étape 2" in html
    assert await conn.fetchval("SELECT count(*) FROM outbox WHERE organization_id = $1 AND recipient = $2",
                               org.id, "dupont@example.test") == 1


async def test_the_ladder_form_keeps_the_input_on_error(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    r = await client.get(f"/buildings/{building.id}/reminder-policy")
    assert r.status_code == 200 and 'value="45"' in await r.get_data(as_text=True)
    form = {"csrf_token": csrf, "delay_1": "20", "channel_1": "email", "cost_1": "0",
            "delay_2": "10", "channel_2": "registered", "cost_2": "12,50"}
    r = await client.post(f"/buildings/{building.id}/reminder-policy", form=form)
    html = await r.get_data(as_text=True)
    assert r.status_code == 422 and "Chaque étape vient plus tard que la précédente." in html and 'value="10"' in html
    r = await client.post(f"/buildings/{building.id}/reminder-policy", form={**form, "delay_2": "40"})
    assert r.status_code == 303


async def test_the_api(client, conn) -> None:
    org, user, headers = await api_user(conn)
    building, owner = await _late_owner(conn, org, actor(user, org, "syndic"))
    r = await client.get(f"/api/v1/buildings/{building.id}/arrears", headers=headers)
    [line] = (await r.get_json())["data"]
    assert line["total"] == "800.00" and line["d90"] == "800.00" and line["next_step"]["step"] == 1
    assert line["privilege_at_risk"] is False
    assert len((await (await client.get("/api/v1/arrears", headers=headers)).get_json())["data"]) == 1
    r = await client.put(f"/api/v1/buildings/{building.id}/reminder-policy", headers=headers, json={"steps": [
        {"delay_days": 10, "channel": "email"}, {"delay_days": 40, "channel": "registered", "cost": "20.00"}]})
    assert r.status_code == 200 and (await r.get_json())["steps"][1]["cost"] == "20.00"
    r = await client.put(f"/api/v1/buildings/{building.id}/reminder-policy", headers=headers,
                         json={"steps": [{"delay_days": "x", "channel": "fax"}]})
    errors = (await r.get_json())["errors"]
    assert r.status_code == 422 and set(errors) == {"steps[1].delay_days", "steps[1].channel"}
    run = f"/api/v1/buildings/{building.id}/reminders/run"
    assert (await client.post(run, headers=headers, json={"owner_ids": [str(owner["id"])]})).status_code == 201
    r = await client.post(run, headers=headers, json={"owner_ids": [str(owner["id"])]})  # step 2: registered
    [registered] = (await r.get_json())["data"]
    assert r.status_code == 201 and registered["channel"] == "registered" and registered["cost"] == "20.00"
    r = await client.post(run, headers=headers, json={"owner_ids": [str(owner["id"])]})
    assert r.status_code == 200 and (await r.get_json())["data"] == []  # waits for the deposit
    r = await client.post(f"/api/v1/reminders/{registered['id']}/registered", headers=headers,
                          json={"registered_on": date.today().isoformat(), "tracking_number": "RR1BE"})
    assert r.status_code == 200 and (await r.get_json())["tracking_number"] == "RR1BE"
    r = await client.post(f"/api/v1/owners/{owner['id']}/holds", headers=headers,
                          json={"kind": "dispute", "reason": "Conteste la clé", "ends_on": "2099-01-01"})
    assert r.status_code == 201
    hold = await r.get_json()
    r = await client.get(f"/api/v1/buildings/{building.id}/arrears", headers=headers)
    assert (await r.get_json())["data"][0]["on_hold"] is True
    assert (await client.post(f"/api/v1/holds/{hold['id']}/end", headers=headers)).status_code == 200
    assert (await client.post(f"/api/v1/holds/{hold['id']}/end", headers=headers)).status_code == 422
    r = await client.post(f"/api/v1/owners/{owner['id']}/holds", headers=headers, json={"kind": "x", "extra": 1})
    assert r.status_code == 422 and {"kind", "reason", "ends_on", "extra"} <= set((await r.get_json())["errors"])
    reminders = (await (await client.get(f"/api/v1/buildings/{building.id}/reminders", headers=headers)).get_json())
    assert [x["step"] for x in reminders["data"]] == [2, 1]


async def test_another_organisations_collection_is_not_found(client, conn) -> None:
    org, user, _headers = await api_user(conn)
    building, owner = await _late_owner(conn, org, actor(user, org, "syndic"))
    _other, _u, headers = await api_user(conn, org=await make_org(conn))
    for path in (f"/api/v1/buildings/{building.id}/arrears", f"/api/v1/buildings/{building.id}/reminder-policy",
                 f"/api/v1/buildings/{building.id}/reminders", f"/api/v1/owners/{owner['id']}/holds"):
        assert (await client.get(path, headers=headers)).status_code == 404, path
    r = await client.post(f"/api/v1/buildings/{building.id}/reminders/run", headers=headers,
                          json={"owner_ids": [str(owner["id"])]})
    assert r.status_code == 404
    assert (await (await client.get("/api/v1/arrears", headers=headers)).get_json())["data"] == []
