"""Cancelling an issued call over /api/v1 and from its page without JavaScript: the reason required (422 naming
it, the form kept), the confirm step, the call shown cancelled, a second cancellation 409, another tenant 404."""
from __future__ import annotations

from domain.calls import calls, funds
from tests.factories import (
    actor,
    api_user,
    browser_login,
    give_right,
    make_building,
    make_owner,
    make_unit,
)


async def _issued_call(conn, org, user):  # type: ignore[no-untyped-def]
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Le Parc")
    for number, quota in (("1", 600), ("2", 400)):
        unit = await make_unit(conn, org, building, number, quota=quota)
        await give_right(conn, org, unit, await make_owner(conn, org, f"Proprio{number}"))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions T1", "total": "1000.00", "call_date": "2027-01-05",
        "due_date": "2027-01-31"})
    return (await calls.issue_call(conn, syndic, made.id)).id


async def test_the_api_cancels_once(client, conn) -> None:
    org, user, headers = await api_user(conn)
    call_id = await _issued_call(conn, org, user)
    url = f"/api/v1/calls/{call_id}/cancel"
    r = await client.post(url, json={}, headers=headers)
    assert r.status_code == 422 and "reason" in (await r.get_json())["errors"]
    r = await client.post(url, json={"reason": "Mauvaise clé", "other": 1}, headers=headers)
    assert r.status_code == 422 and "other" in (await r.get_json())["errors"]
    r = await client.post(url, json={"reason": "Mauvaise clé"}, headers=headers)
    body = await r.get_json()
    assert r.status_code == 200 and body["status"] == "cancelled" and body["owners_credited"] == 2
    assert body["reason"] == "Mauvaise clé" and body["reversal_entry_id"]
    assert (await client.post(url, json={"reason": "Encore"}, headers=headers)).status_code == 409
    _org2, _user2, other = await api_user(conn)
    assert (await client.post(url, json={"reason": "x"}, headers=other)).status_code == 404


async def test_the_page_confirms_then_cancels(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    call_id = await _issued_call(conn, org, user)
    page = await (await client.get(f"/calls/{call_id}")).get_data(as_text=True)
    assert f'href="/calls/{call_id}/cancel"' in page
    confirm = await client.get(f"/calls/{call_id}/cancel")
    text = await confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and 'name="reason"' in text and "devient un crédit" in text
    bad = await client.post(f"/calls/{call_id}/cancel", form={"csrf_token": csrf, "reason": "   "})
    assert bad.status_code == 422 and 'id="e-reason"' in await bad.get_data(as_text=True)
    ok = await client.post(f"/calls/{call_id}/cancel", form={"csrf_token": csrf, "reason": "Budget revu"})
    assert ok.status_code == 303 and ok.headers["Location"].endswith(f"/calls/{call_id}")
    shown = await (await client.get(f"/calls/{call_id}")).get_data(as_text=True)
    assert "annulé" in shown and "Budget revu" in shown and f"/calls/{call_id}/cancel" not in shown
    again = await client.post(f"/calls/{call_id}/cancel", form={"csrf_token": csrf, "reason": "Encore"})
    assert again.status_code == 409 and "déjà annulé" in await again.get_data(as_text=True)
