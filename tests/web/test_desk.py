"""The desk lists each kind of item from data set up for it — a draft expense, minutes due (BE 30 days, FR one
month), an owner's agenda request, an ordinary assembly to convene in its window, a convocation that failed — and
nothing of another organisation; filters by building and kind; the accountant limited to their buildings; the
same list as JSON; the charts drawn as SVG."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from domain.charges import expenses
from domain.meetings import agenda_requests, meetings
from tests.factories import (
    actor,
    api_user,
    bearer,
    browser_login,
    give_right,
    make_building,
    make_org,
    make_owner,
    make_unit,
    make_user,
    token,
)

EXPENSE = {"category": "Maintenance", "description": "Entretien ascenseur", "amount": 100,
           "expense_date": "2026-03-01"}


async def _world(conn, org=None):  # type: ignore[no-untyped-def]
    org, syndic, headers = await api_user(conn, org=org)
    me = actor(syndic, org, "syndic")
    be = await make_building(conn, org, name=f"Les Tilleuls {org.name}")
    fr = await make_building(conn, org, name=f"Le Clos {org.name}", jurisdiction="FR", country="France")
    unit = await make_unit(conn, org, be, quota=1000)
    owner_user = await make_user(conn, org, "owner")
    owner = await make_owner(conn, org, user=owner_user, email=owner_user.email)
    await give_right(conn, org, unit, owner)
    await expenses.create_expense(conn, me, {**EXPENSE, "building_id": str(be.id)})
    held = datetime.now() - timedelta(days=10)
    for building in (be, fr):
        m = await meetings.create_meeting(conn, me, {"building_id": str(building.id), "title": f"AG {building.name}",
                                                     "meeting_type": "ordinary", "location": "Salle",
                                                     "scheduled_date": (held + timedelta(days=60)).isoformat()[:16]})
        await conn.execute("UPDATE meetings SET status = 'closed', scheduled_at = $2, closed_at = now() WHERE id = $1",
                           m.id, held)
    await agenda_requests.ask_for_item(conn, actor(owner_user, org, "owner"), be.id, {"title": "Vélos"})
    start = date.today() + timedelta(days=20)
    await conn.execute("INSERT INTO assembly_windows (organization_id, building_id, starts_month, starts_day, days) "
                       "VALUES ($1, $2, $3, $4, 15)", org.id, fr.id, start.month, min(start.day, 28))
    convened = await meetings.create_meeting(conn, me, {"building_id": str(be.id), "title": "AG extraordinaire",
                                                        "meeting_type": "extraordinary", "location": "Salle",
                                                        "scheduled_date": (datetime.now() + timedelta(days=20)).isoformat()[:16]})
    await conn.execute("UPDATE meetings SET status = 'convened' WHERE id = $1", convened.id)
    box = await conn.fetchval("INSERT INTO outbox (organization_id, recipient, subject, body, status) "
                              "VALUES ($1, 'x@example.test', 'Convocation', '.', 'failed') RETURNING id", org.id)
    await conn.execute("INSERT INTO meeting_mailings (organization_id, meeting_id, owner_id, document, channel, outbox_id) "
                       "VALUES ($1, $2, $3, 'convocation', 'email', $4)", org.id, convened.id, owner["id"], box)
    return org, headers, be, fr, held


async def test_every_kind_is_listed_and_nothing_of_another_organisation(client, conn):
    other_org = await make_org(conn)
    _o, _h, their_be, their_fr, _held = await _world(conn, other_org)  # the same things in another firm
    org, headers, be, fr, held = await _world(conn)
    body = await (await client.get("/api/v1/desk", headers=headers)).get_json()
    kinds = sorted(i["kind"] for i in body["data"])
    assert kinds == sorted(["expense.draft", "minutes.due", "minutes.due", "agenda_request.pending",
                            "assembly.to_convene", "convocation.failed"])
    assert {i["building_id"] for i in body["data"]} == {str(be.id), str(fr.id)}
    assert not {str(their_be.id), str(their_fr.id)} & {i["building_id"] for i in body["data"]}
    minutes = {i["building_id"]: i for i in body["data"] if i["kind"] == "minutes.due"}
    assert minutes[str(be.id)]["due"] == (held.date() + timedelta(days=30)).isoformat()  # BE: 30 days
    assert minutes[str(be.id)]["days_left"] == 20
    from domain.rules.meeting_common import add_months
    assert minutes[str(fr.id)]["due"] == add_months(held.date(), 1).isoformat()  # FR: one month
    draft = next(i for i in body["data"] if i["kind"] == "expense.draft")
    assert draft["path"].startswith("/expenses/") and "Entretien ascenseur" in draft["title"]
    window = next(i for i in body["data"] if i["kind"] == "assembly.to_convene")
    assert window["building_id"] == str(fr.id) and window["path"] == f"/buildings/{fr.id}/meetings/new"
    counts = {b["building_id"]: b["count"] for b in body["by_building"]}
    assert counts == {str(be.id): 4, str(fr.id): 2}


async def test_filters_by_building_and_kind(client, conn):
    _org, headers, be, fr, _held = await _world(conn)
    only_fr = await (await client.get(f"/api/v1/desk?building={fr.id}", headers=headers)).get_json()
    assert {i["building_id"] for i in only_fr["data"]} == {str(fr.id)}
    minutes = await (await client.get("/api/v1/desk?kind=minutes.due", headers=headers)).get_json()
    assert [i["kind"] for i in minutes["data"]] == ["minutes.due", "minutes.due"]
    bad = await client.get("/api/v1/desk?kind=nothing", headers=headers)
    assert bad.status_code == 422 and "kind" in (await bad.get_json())["errors"]


async def test_the_desk_is_paged_with_its_filters_kept(client, conn):
    _org, headers, be, _fr, _held = await _world(conn)
    whole = (await (await client.get("/api/v1/desk", headers=headers)).get_json())["data"]
    first = await (await client.get("/api/v1/desk?per_page=4", headers=headers)).get_json()
    second = await (await client.get("/api/v1/desk?page=2&limit=4", headers=headers)).get_json()
    assert first["data"] + second["data"] == whole and len(first["data"]) == 4
    assert first["pagination"]["total_items"] == 6 and first["pagination"]["has_next"] is True
    assert second["pagination"]["has_next"] is False
    assert sum(b["count"] for b in second["by_building"]) == 6  # the counts are over the whole list
    one = await (await client.get(f"/api/v1/desk?building={be.id}&per_page=1&page=2", headers=headers)).get_json()
    assert [i["building_id"] for i in one["data"]] == [str(be.id)] and one["pagination"]["total_items"] == 4
    for bad in ("page=0", "per_page=500", "limit=x"):
        r = await client.get(f"/api/v1/desk?{bad}", headers=headers)
        assert r.status_code == 422, bad
    await browser_login(client, conn, "syndic", org=_org)
    html = await (await client.get(f"/desk?building={be.id}&per_page=2")).get_data(as_text=True)
    assert "4 tâches" in html and f'href="/desk?page=2&amp;building={be.id}&amp;per_page=2"' in html


async def test_an_accountant_sees_only_their_buildings_and_an_owner_no_desk(client, conn):
    org, _headers, be, fr, _held = await _world(conn)
    accountant = await make_user(conn, org, "accountant")
    await conn.execute("INSERT INTO member_buildings (organization_id, user_id, role, building_id) "
                       "VALUES ($1, $2, 'accountant', $3)", org.id, accountant.id, fr.id)
    theirs = bearer(await token(conn, accountant, org, "accountant"))
    body = await (await client.get("/api/v1/desk", headers=theirs)).get_json()
    assert {i["building_id"] for i in body["data"]} == {str(fr.id)}
    _o, _u, owner_headers = await api_user(conn, "owner", org)
    assert (await client.get("/api/v1/desk", headers=owner_headers)).status_code == 403


async def test_a_window_convened_leaves_the_desk(client, conn):
    org, headers, _be, fr, _held = await _world(conn)
    start = await conn.fetchval("SELECT make_date(extract(year FROM current_date)::int, starts_month, starts_day) "
                                "FROM assembly_windows WHERE building_id = $1", fr.id)
    if start < date.today():
        start = start.replace(year=start.year + 1)
    await conn.execute("INSERT INTO meetings (organization_id, building_id, meeting_type, title, scheduled_at, "
                       "location, status, convened_on) VALUES ($1, $2, 'ordinary', 'AGO', $3, 'Salle', 'convened', "
                       "current_date)", org.id, fr.id, datetime.combine(start + timedelta(days=2), datetime.min.time()))
    body = await (await client.get("/api/v1/desk?kind=assembly.to_convene", headers=headers)).get_json()
    assert body["data"] == []


async def test_the_desk_page_is_the_syndics_home_with_charts(client, conn):
    org, _user, csrf = await browser_login(client, conn)
    await _world(conn, org)
    home = await client.get("/")
    assert home.headers["Location"] == "/desk"
    html = await (await client.get("/desk")).get_data(as_text=True)
    assert "Entretien ascenseur" in html and "Vélos" not in html and "Répondre aux demandes" in html
    assert "<svg" in html and "Arriérés" in html
    [b] = [r["id"] for r in await conn.fetch("SELECT id FROM buildings WHERE organization_id = $1 AND jurisdiction = 'BE'",
                                               org.id)]
    one = await (await client.get(f"/desk?building={b}")).get_data(as_text=True)
    assert "Charges par catégorie" in one
    assert csrf


async def test_the_assembly_window_is_set_on_the_building_page(client, conn):
    org, _user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    page = await (await client.get(f"/buildings/{building.id}")).get_data(as_text=True)
    assert "Période de l'assemblée ordinaire" in page
    bad = await client.post(f"/buildings/{building.id}/assembly-window",
                            form={"csrf_token": csrf, "starts_day": "30", "starts_month": "2", "days": "15"})
    assert bad.status_code == 422 and "existe pas chaque année" in await bad.get_data(as_text=True)
    ok = await client.post(f"/buildings/{building.id}/assembly-window",
                           form={"csrf_token": csrf, "starts_day": "1", "starts_month": "6", "days": "15"})
    assert ok.status_code == 303
    assert await conn.fetchval("SELECT starts_month FROM assembly_windows WHERE building_id = $1", building.id) == 6
