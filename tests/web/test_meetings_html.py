"""The assemblies' HTML pages without JavaScript: forms, redirects, re-rendered errors, the live screen, the
owner's ballot, the minutes, the portal."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from domain.platform.users import csrf_for
from tests.factories import (
    browser_login,
    give_right,
    make_building,
    make_owner,
    make_unit,
    make_user,
    the_day_comes,
    token,
)

SOON = (date.today() + timedelta(days=30)).strftime("%Y-%m-%dT18:00")


async def setup(client, conn):  # type: ignore[no-untyped-def]
    org, _syndic, csrf = await browser_login(client, conn)
    building = await make_building(conn, org, name="Résidence Test", total_quota=1000)
    owners = []
    for i, quota in enumerate((400, 350, 250)):
        unit = await make_unit(conn, org, building, number=f"{i + 1}", quota=quota)
        user = await make_user(conn, org, "owner")
        owner = await make_owner(conn, org, last_name=f"Voisin{i + 1}", user=user, email=f"v{i}@example.test",
                                 accepts_email_notices=i == 0)
        await give_right(conn, org, unit, owner)
        owners.append((owner, user))
    return org, building, owners, csrf


async def post(client, url, csrf, **data):  # type: ignore[no-untyped-def]
    return await client.post(url, form={"csrf_token": csrf, **data})


async def test_syndic_prepares_convenes_holds_and_closes(client, conn):
    org, building, owners, csrf = await setup(client, conn)
    new = await (await client.get(f"/buildings/{building.id}/meetings/new")).get_data(as_text=True)
    assert 'for="f-scheduled_date"' in new and 'for="f-meeting_type"' in new
    bad = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary", title="",
                     scheduled_date=SOON, location="Salle")
    assert bad.status_code == 422 and "Ce champ est obligatoire." in await bad.get_data(as_text=True)
    resp = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary",
                      title="AG 2026", scheduled_date=SOON, location="Salle du rez")
    assert resp.status_code == 303
    url = resp.headers["Location"]
    mid = url.rsplit("/", 1)[1]
    empty = await post(client, f"{url}/convene", csrf)
    assert empty.status_code == 409 and "ordre du jour est vide" in await empty.get_data(as_text=True)
    for kind, title in (("accounts", "Comptes"), ("works", "Ravalement")):
        r = await post(client, f"{url}/items", csrf, title=title, decision_kind=kind, draft_resolution="Décide.",
                       majority="")
        assert r.status_code == 303
    show = await (await client.get(url)).get_data(as_text=True)
    assert "majorité des deux tiers des voix exprimées" in show
    assert (await post(client, f"{url}/convene", csrf)).status_code == 303
    listed = await (await client.get("/meetings")).get_data(as_text=True)
    assert "AG 2026" in listed and "Résidence Test" in listed
    show = await (await client.get(url)).get_data(as_text=True)
    assert "convoquée" in show and "courrier" in show and "v0@example.test" in show
    letters = await client.get(f"{url}/letters.pdf")
    assert (await letters.get_data()).startswith(b"%PDF")
    for (owner, _), status in zip(owners, ("present", "present", "present"), strict=False):
        r = await post(client, f"{url}/attendance", csrf, owner_id=str(owner["id"]), status=status,
                       proxy_holder_owner_id="", proxy_holder_name="")
        assert r.status_code == 303
    syndic_proxy = await post(client, f"{url}/attendance", csrf, owner_id=str(owners[2][0]["id"]),
                              status="represented", proxy_holder_owner_id="syndic", proxy_holder_name="")
    assert syndic_proxy.status_code == 422
    assert "Le syndic ne peut pas être mandataire" in await syndic_proxy.get_data(as_text=True)
    live = await (await client.get(f"{url}/live")).get_data(as_text=True)
    assert "Quorum" in live and "atteint" in live and 'hx-trigger="every 3s"' in live
    fragment = await client.get(f"{url}/live", headers={"HX-Request": "true"})
    assert "<html" not in await fragment.get_data(as_text=True)
    await the_day_comes(conn, mid)
    assert (await post(client, f"{url}/open", csrf)).status_code == 303
    items = await conn.fetch("SELECT id FROM agenda_items WHERE meeting_id = $1 ORDER BY position", mid)
    assert (await post(client, f"{url}/resolutions/{items[0]['id']}/open", csrf)).status_code == 303

    phone_client = client.app.test_client()
    owner_token = await token(conn, owners[0][1], org, "owner", kind="session")
    phone_client.set_cookie("localhost", "kg_session", owner_token)
    ballot = await (await phone_client.get(f"/meetings/{mid}/vote")).get_data(as_text=True)
    assert "Comptes" in ballot and 'value="for"' in ballot
    voted = await phone_client.post(f"/resolutions/{items[0]['id']}/votes",
                                    form={"csrf_token": csrf_for(owner_token), "owner_id": str(owners[0][0]["id"]),
                                          "choice": "for"})
    assert voted.status_code == 303
    again = await phone_client.post(f"/resolutions/{items[0]['id']}/votes",
                                    form={"csrf_token": csrf_for(owner_token), "owner_id": str(owners[0][0]["id"]),
                                          "choice": "against"})
    assert again.status_code == 409 and "déjà enregistré" in await again.get_data(as_text=True)
    assert (await post(client, f"/resolutions/{items[0]['id']}/votes", csrf, owner_id=str(owners[1][0]["id"]),
                       choice="against")).status_code == 303
    live = await (await client.get(f"{url}/live")).get_data(as_text=True)
    assert "pour 400, contre 350" in live
    assert (await post(client, f"{url}/close", csrf)).headers["Location"].endswith("/minutes")
    minutes = await (await client.get(f"{url}/minutes")).get_data(as_text=True)
    assert "Adoptée" in minutes and "Ont voté contre" in minutes and "Alex Voisin2 (350)" in minutes
    assert "Non mise au vote." in minutes
    assert (await post(client, f"{url}/minutes/send", csrf)).status_code == 303
    assert "Envoyé aux copropriétaires" in await (await client.get(f"{url}/minutes")).get_data(as_text=True)


async def test_owner_portal_lists_assemblies_and_takes_requests(client, conn):
    org, building, owners, _csrf = await setup(client, conn)
    owner_client = client.app.test_client()
    value = await token(conn, owners[1][1], org, "owner", kind="session")
    owner_client.set_cookie("localhost", "kg_session", value)
    portal = await (await owner_client.get("/portal")).get_data(as_text=True)
    assert "Mes assemblées générales" in portal
    form = await (await owner_client.get("/portal/agenda-requests/new")).get_data(as_text=True)
    assert 'for="f-title"' in form
    bad = await owner_client.post("/portal/agenda-requests", form={"csrf_token": csrf_for(value),
                                                                   "building_id": str(building.id), "title": ""})
    assert bad.status_code == 422
    ok = await owner_client.post("/portal/agenda-requests", form={
        "csrf_token": csrf_for(value), "building_id": str(building.id), "title": "Repeindre le hall"})
    assert ok.status_code == 303
    portal = await (await owner_client.get("/portal")).get_data(as_text=True)
    assert "Repeindre le hall" in portal and "en attente" in portal
    sub = await owner_client.post("/portal/convocations", form={"csrf_token": csrf_for(value), "on": "1"})
    assert sub.status_code == 303
    assert "Vous recevez vous-même les convocations." in await (await owner_client.get("/portal")).get_data(as_text=True)


async def test_pages_of_another_organisation_are_404(client, conn):
    _org, building, _owners, csrf = await setup(client, conn)
    resp = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary",
                      title="AG", scheduled_date=SOON, location="Salle")
    url = resp.headers["Location"]
    other = client.app.test_client()
    _o, _u, _c = await browser_login(other, conn)
    for path in ("", "/live", "/minutes", "/convocation.pdf", "/minutes.pdf"):
        assert (await other.get(f"{url}{path}")).status_code == 404
    assert re.search(r"/meetings/[0-9a-f-]{36}$", url)


async def test_dev_mail_page_is_hidden_when_no_catch_all_runs(client, conn):
    await browser_login(client, conn)
    assert (await client.get("/dev/mail")).status_code == 404


async def test_dev_mail_page_shows_what_the_catch_all_received(client, conn):
    from datetime import UTC, datetime

    from domain.platform import mail
    org, _user, _csrf = await browser_login(client, conn)
    handler = mail.CatchAll()
    handler.messages.append(mail.Caught(datetime.now(UTC), "s@k.test", ["a@example.test"], "Convocation AG",
                                        "Bonjour", ["convocation.pdf"], str(org.id)))
    mail.RUNNING["catch_all"] = handler
    try:
        body = await (await client.get("/dev/mail")).get_data(as_text=True)
    finally:
        mail.RUNNING.pop("catch_all")
    assert "Convocation AG" in body and "a@example.test" in body and "convocation.pdf" in body


async def test_the_building_section_lists_its_assemblies(client, conn):
    from domain.access import Actor
    from web.views.meetings.meetings import assemblies_section
    org, building, _owners, csrf = await setup(client, conn)
    await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary", title="AG 2027",
               scheduled_date=SOON, location="Salle")
    user_id = await conn.fetchval("SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'syndic'",
                                  org.id)
    syndic = Actor(user_id, "s@x", "S", org.id, org.name, "syndic", ["syndic"])
    template, data = await assemblies_section(conn, syndic, building)
    assert template == "meetings/_section.html" and [m.title for m in data["meetings"]] == ["AG 2027"]


async def test_syndic_answers_or_accepts_owners_requests(client, conn):
    from domain.access import Actor
    from domain.meetings import agenda_requests
    org, building, owners, csrf = await setup(client, conn)
    owner_user = owners[0][1]
    owner = Actor(owner_user.id, owner_user.email, "O", org.id, org.name, "owner", ["owner"])
    first = await agenda_requests.ask_for_item(conn, owner, building.id, {"title": "Bornes de recharge"})
    second = await agenda_requests.ask_for_item(conn, owner, building.id, {"title": "Local vélos"})
    page = await (await client.get(f"/buildings/{building.id}/agenda-requests")).get_data(as_text=True)
    assert "Bornes de recharge" in page and "Aucune assemblée en préparation" in page
    empty = await post(client, f"/agenda-requests/{first.id}/answer", csrf, answer="")
    assert empty.status_code == 422
    ok = await post(client, f"/agenda-requests/{first.id}/answer", csrf, answer="Prévu en 2027.")
    assert ok.status_code == 303
    resp = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary", title="AG",
                      scheduled_date=SOON, location="Salle")
    mid = resp.headers["Location"].rsplit("/", 1)[1]
    assert "Local vélos" in await (await client.get(f"/meetings/{mid}")).get_data(as_text=True)
    accepted = await post(client, f"/agenda-requests/{second.id}/accept", csrf, meeting_id=mid)
    assert accepted.status_code == 303
    agenda = await conn.fetch("SELECT title FROM agenda_items WHERE meeting_id = $1", mid)
    assert [r["title"] for r in agenda] == ["Local vélos"]
    page = await (await client.get(f"/buildings/{building.id}/agenda-requests")).get_data(as_text=True)
    assert "Répondu le" in page and "Prévu en 2027." in page and "Inscrit à l'ordre du jour" in page


async def test_the_list_warns_before_the_minutes_are_late(client, conn):
    _org, building, _owners, csrf = await setup(client, conn)
    resp = await post(client, "/meetings", csrf, building_id=str(building.id), meeting_type="ordinary",
                      title="AG passée", scheduled_date=SOON, location="Salle")
    mid = resp.headers["Location"].rsplit("/", 1)[1]
    held = date.today() - timedelta(days=25)
    await conn.execute("UPDATE meetings SET status = 'closed', scheduled_at = $2 WHERE id = $1", mid,
                       datetime.combine(held, datetime.min.time()))
    page = await (await client.get("/meetings")).get_data(as_text=True)
    deadline = (held + timedelta(days=30)).strftime("%d/%m/%Y")
    assert f"Procès-verbal à envoyer au plus tard le {deadline}" in page
    await conn.execute("UPDATE meetings SET scheduled_at = scheduled_at - interval '10 days' WHERE id = $1", mid)
    assert "Procès-verbal en retard" in await (await client.get("/meetings")).get_data(as_text=True)
