"""France, art. 19-2, from the arrears screen without JavaScript: the row of an owner whose formal notice went
unanswered 30 days offers the action, a confirm page says what happens, the POST makes the year's remaining call
due today; a Belgian building's rows do not offer it, nor a notice too recent."""
from __future__ import annotations

from datetime import date, timedelta

from domain.calls import calls, funds
from domain.collection import ladder
from tests.domain.test_collection_interest import _no_letter
from tests.factories import actor, browser_login, give_right, make_building, make_owner, make_unit


async def _noticed(conn, org, user, jurisdiction, notice_days):  # type: ignore[no-untyped-def]
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, total_quota=1000, jurisdiction=jurisdiction,
                                   country="France" if jurisdiction == "FR" else "Belgique")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Retard")
    await give_right(conn, org, unit, owner)
    iban = "FR7630006000011234567890189" if jurisdiction == "FR" else "BE68539007547034"
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": iban})
    today = date.today()
    later = min(today + timedelta(days=20), date(today.year, 12, 31))
    for label, call_day, due in (("T1", today - timedelta(days=90), today - timedelta(days=80)),
                                 ("T4", today - timedelta(days=85), later)):
        made = await calls.create_call(conn, syndic, building.id, {
            "kind": "ordinary", "label": label, "total": "300.00", "call_date": call_day.isoformat(),
            "due_date": due.isoformat()})
        await calls.issue_call(conn, syndic, made.id)
    for _ in range(3):  # two reminders, then the formal notice
        [sent] = await ladder.run_now(conn, syndic, building.id, [owner["id"]], today, _no_letter)
    await ladder.record_registered(conn, syndic, sent.id, {
        "registered_on": (today - timedelta(days=notice_days)).isoformat(), "tracking_number": "RR1FR"})
    return building, owner["id"]


async def test_the_row_offers_it_then_it_is_confirmed(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building, owner = await _noticed(conn, org, user, "FR", 31)
    url = f"/buildings/{building.id}/owners/{owner}/bring-forward"
    screen = await (await client.get(f"/buildings/{building.id}/arrears")).get_data(as_text=True)
    assert f'href="{url}"' in screen
    confirm = await (await client.get(url)).get_data(as_text=True)
    assert "art. 19-2" in confirm and f'action="{url}"' in confirm
    done = await client.post(url, form={"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["Location"].endswith("?forward=1")
    due = await conn.fetchval("SELECT due_date FROM call_due_overrides WHERE organization_id = $1 AND owner_id = $2",
                              org.id, owner)
    assert due == date.today()
    screen = await (await client.get(done.headers["Location"])).get_data(as_text=True)
    assert "(art. 19-2) : 1." in screen


async def test_not_offered_in_belgium_nor_too_early(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    belgian, owner = await _noticed(conn, org, user, "BE", 40)
    screen = await (await client.get(f"/buildings/{belgian.id}/arrears")).get_data(as_text=True)
    assert "bring-forward" not in screen
    recent, owner2 = await _noticed(conn, org, user, "FR", 10)
    screen = await (await client.get(f"/buildings/{recent.id}/arrears")).get_data(as_text=True)
    assert "bring-forward" not in screen
    r = await client.post(f"/buildings/{recent.id}/owners/{owner2}/bring-forward", form={"csrf_token": csrf})
    assert r.status_code == 422 and "30 jours" in await r.get_data(as_text=True)
