"""The firm's quarter on the web: the page previews what each building would generate and issue, then issues it
all with one plain form POST (no JavaScript); POST /api/v1/calls/issue does the same in JSON, 422 naming the field
or the building, 409 once issued, another organisation's building 404."""
from __future__ import annotations

from tests.domain.test_calls_batch import _building
from tests.factories import actor, api_user, browser_login, make_org, make_user


async def test_the_quarter_page_previews_then_issues(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    syndic = actor(user, org, "syndic")
    built = [await _building(conn, org, syndic, i) for i in range(2)]
    page = await client.get("/calls")
    html = await page.get_data(as_text=True)
    assert page.status_code == 200 and 'action="/calls"' in html and 'name="generate"' in html
    assert 'href="/calls"' in html  # in the menu
    preview = await client.get("/calls?until=2027-03-31&generate=on")
    html = await preview.get_data(as_text=True)
    assert preview.status_code == 200 and f'id="quarter-{built[0][0].id}"' in html
    assert "Émettre le trimestre (4 appels)" in html and 'action="/calls/issue"' in html
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE organization_id = $1", org.id) == 0
    bad = await client.get("/calls?until=2027-02-30")
    assert bad.status_code == 422 and 'aria-invalid="true"' in await bad.get_data(as_text=True)
    done = await client.post("/calls/issue", form={"csrf_token": csrf, "until": "2027-03-31", "generate": "on"})
    assert done.status_code == 303 and done.headers["Location"] == "/calls?issued=4&emails=22&buildings=2"
    shown = await client.get(done.headers["Location"])
    assert "Appels émis : 4 ; immeubles : 2 ; e-mails mis en file : 22." in await shown.get_data(as_text=True)
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE organization_id = $1 AND status = 'issued'",
                               org.id) == 4
    again = await client.post("/calls/issue", form={"csrf_token": csrf, "until": "2027-03-31", "generate": "on"})
    assert again.status_code == 409 and "Aucun appel à émettre" in await again.get_data(as_text=True)


async def test_the_quarter_over_the_api(client, conn) -> None:
    org, user, headers = await api_user(conn)
    syndic = actor(user, org, "syndic")
    built = [await _building(conn, org, syndic, i) for i in range(2)]
    r = await client.post("/api/v1/calls/issue", json={"until": "2027-13-01", "extra": 1}, headers=headers)
    assert r.status_code == 422 and set((await r.get_json())["errors"]) == {"until", "extra"}
    other_org = await make_org(conn)
    other = await _building(conn, other_org, actor(await make_user(conn, other_org, "syndic"), other_org, "syndic"), 9)
    r = await client.post("/api/v1/calls/issue", json={"until": "2027-03-31", "building_ids": [str(other[0].id)]},
                          headers=headers)
    assert r.status_code == 404
    r = await client.post("/api/v1/calls/issue?preview=true", json={"until": "2027-03-31"}, headers=headers)
    body = await r.get_json()
    assert r.status_code == 200 and body["preview"] and body["totals"]["calls"] == 4
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE organization_id = $1", org.id) == 0
    await conn.execute("UPDATE buildings SET total_quota = 1200 WHERE id = $1", built[1][0].id)
    r = await client.post("/api/v1/calls/issue", json={"until": "2027-03-31"}, headers=headers)
    errors = (await r.get_json())["errors"]
    assert r.status_code == 422 and list(errors) == [f"buildings[{built[1][0].id}].sharing_key_id"]
    assert errors[f"buildings[{built[1][0].id}].sharing_key_id"].startswith("Bâtiment 1 : ")
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE organization_id = $1", org.id) == 0
    r = await client.post("/api/v1/calls/issue", json={"until": "2027-03-31", "building_ids": [str(built[0][0].id)]},
                          headers=headers)
    body = await r.get_json()
    assert r.status_code == 200 and [(b["building_name"], b["generated"], b["calls"], b["shares"], b["emails"])
                                     for b in body["data"]] == [("Bâtiment 0", 8, 2, 15, 11)]
    assert body["totals"]["total"] == "10000.01"
    subjects = await conn.fetch("SELECT subject FROM outbox WHERE organization_id = $1", org.id)
    assert len(subjects) == 11 and all("Bâtiment 0" in s["subject"] for s in subjects)  # the web's own composer
    r = await client.post("/api/v1/calls/issue", json={"until": "2027-03-31", "building_ids": [str(built[0][0].id)]},
                          headers=headers)
    assert r.status_code == 409 and "until" in str(await r.get_json())


async def test_the_notice_email_is_its_templates_text_in_every_language(app, conn) -> None:
    """The composer writes the e-mail by plain string work (fast for a firm's quarter): character for character
    what templates/calls/notice_email.txt renders, in French, Dutch and English."""
    from domain.calls import batch
    from web.documents.calls import compose_notice, compose_notice_by_template
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    await _building(conn, org, syndic, 0)
    await conn.execute("UPDATE owners SET language = (ARRAY['fr', 'nl', 'en'])[1 + abs(hashtext(id::text)) % 3] "
                       "WHERE organization_id = $1", org.id)
    seen: dict[str, int] = {}

    async def both(n):  # type: ignore[no-untyped-def]
        fast = await compose_notice(n)
        assert fast == await compose_notice_by_template(n)
        seen[n.owner.language] = seen.get(n.owner.language, 0) + 1
        return fast
    async with app.test_request_context("/"):
        done = await batch.issue_quarter(conn, syndic, {"until": "2027-03-31", "generate": "on"}, both)
    assert sum(b.emails for b in done) == sum(seen.values()) > 0 and set(seen) == {"fr", "nl", "en"}
