"""The revised budget's regularisation over the budget page (no JavaScript: preview, bad mode re-rendered, apply)
and over /api/v1 (preview 200, applied 201, another organisation 404)."""
from __future__ import annotations

from domain.calls import budgets, calls, funds, schedule
from tests.domain.test_calls_worked_example import adopted_resolution
from tests.factories import actor, api_user, browser_login, give_right, make_building, make_org, make_owner, make_unit


async def _revised(conn, org, user):  # type: ignore[no-untyped-def]
    """A 4,000 € year, Q1 issued, then revised to 8,000 €."""
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org)
    await give_right(conn, org, await make_unit(conn, org, building, "1", quota=1000), await make_owner(conn, org))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    ids = []
    for amount in ("4000", "8000"):
        view = await budgets.draft_budget(conn, syndic, building.id, {"year_start": "2027-01-01", "lines": [
            {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": amount}]})
        await budgets.approve_budget(conn, syndic, view.budget.id,
                                     {"resolution_id": await adopted_resolution(conn, syndic, building)})
        if not ids:
            [q1, *_rest] = await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(view.budget.id)})
            await calls.issue_call(conn, syndic, q1.id)
        ids.append(view.budget.id)
    return ids[1]


async def test_the_budget_page_form(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    budget_id = await _revised(conn, org, user)
    page = await (await client.get(f"/budgets/{budget_id}")).get_data(as_text=True)
    assert 'id="regularise-form"' in page
    bad = await client.post(f"/budgets/{budget_id}/regularise", form={"csrf_token": csrf, "mode": "x",
                                                                       "call_date": "2027-04-15"})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="e-mode"' in text and 'value="2027-04-15"' in text
    seen = await client.post(f"/budgets/{budget_id}/regularise", form={"csrf_token": csrf, "mode": "call",
                                                                        "call_date": "2027-04-15", "preview": "1"})
    text = await seen.get_data(as_text=True)
    assert seen.status_code == 200 and "Régularisation du budget révisé" in text and "1\u202f000,00\u00a0€" in text
    done = await client.post(f"/budgets/{budget_id}/regularise", form={"csrf_token": csrf, "mode": "call",
                                                                        "call_date": "2027-04-15"})
    assert done.status_code == 303
    assert await conn.fetchval("SELECT total FROM calls WHERE label LIKE 'Régularisation%' AND status = 'draft'") \
        == 1000


async def test_the_api(client, conn) -> None:
    org, user, headers = await api_user(conn)
    budget_id = await _revised(conn, org, user)
    url = f"/api/v1/budgets/{budget_id}/regularise"
    r = await client.post(url, json={"mode": "recompute", "preview": True}, headers=headers)
    body = await r.get_json()
    assert r.status_code == 200 and [c["total"] for c in body["drafts"]] == ["2333.34", "2333.33", "2333.33"]
    r = await client.post(url, json={"mode": "call"}, headers=headers)
    body = await r.get_json()
    assert r.status_code == 201 and [c["total"] for c in body["regularisation"]] == ["1000.00"]
    assert [c["total"] for c in body["drafts"]] == ["2000.00"] * 3
    r = await client.post(url, json={"mode": 3}, headers=headers)
    assert r.status_code == 422 and "mode" in (await r.get_json())["errors"]
    _o, _u, other = await api_user(conn, "syndic", await make_org(conn))
    assert (await client.post(url, json={"mode": "call"}, headers=other)).status_code == 404
