"""Draft manual entries: saved without a number, edited, shown on the desk, blocking the closing, posted (numbered
then) or deleted; over /api/v1 and as pages; roles and tenants."""
from __future__ import annotations

from tests.factories import api_user, bearer, browser_login, csrf_from, make_user, token
from tests.web.test_charges_accounts_api import setup

BODY = {"entry_date": "2026-05-01", "label": "Frais bancaires", "draft": True,
        "lines": [{"account": "6160", "debit": "12.00"}]}


async def test_a_draft_saved_edited_then_posted(client, conn) -> None:
    org, headers, building, _units, _owners, owner_headers = await setup(conn)
    url = f"/api/v1/buildings/{building.id}/journal-entries"
    resp = await client.post(url, headers=headers, json=BODY)
    draft = await resp.get_json()
    assert resp.status_code == 201 and draft["draft"] and draft["lines"][0]["debit"] == "12.00"
    # no number, no balance touched, no fiscal year opened
    assert await conn.fetchval("SELECT count(*) FROM journal_entries WHERE building_id = $1", building.id) == 0
    # unbalanced, it cannot be posted: 422 naming the lines
    resp = await client.post(f"/api/v1/journal-entries/{draft['id']}/post", headers=headers)
    assert resp.status_code == 422 and "lines" in (await resp.get_json())["errors"]
    edited = {**BODY, "lines": [*BODY["lines"], {"account": "551", "credit": "12.00"}]}
    edited.pop("draft")
    resp = await client.put(f"/api/v1/entry-drafts/{draft['id']}", headers=headers, json=edited)
    assert resp.status_code == 200 and len((await resp.get_json())["lines"]) == 2
    listed = await (await client.get(f"/api/v1/buildings/{building.id}/entry-drafts", headers=headers)).get_json()
    assert [d["id"] for d in listed["data"]] == [draft["id"]]
    # the desk shows it to the syndic
    desk = await (await client.get("/api/v1/desk", headers=headers)).get_json()
    assert any(i["kind"] == "entry.draft" for i in desk["data"])
    # an owner may not, another organisation does not see it
    assert (await client.get(f"/api/v1/entry-drafts/{draft['id']}", headers=owner_headers)).status_code == 403
    _org2, _, other = await api_user(conn)
    assert (await client.get(f"/api/v1/entry-drafts/{draft['id']}", headers=other)).status_code == 404
    assert (await client.post(f"/api/v1/journal-entries/{draft['id']}/post", headers=other)).status_code == 404
    board = await make_user(conn, org, "accountant")
    acc = bearer(await token(conn, board, org, "accountant"))
    resp = await client.post(f"/api/v1/journal-entries/{draft['id']}/post", headers=acc)
    posted = await resp.get_json()
    assert resp.status_code == 201 and (posted["journal"], posted["number"]) == ("OD", 1)
    assert (await client.post(f"/api/v1/journal-entries/{draft['id']}/post", headers=acc)).status_code == 409
    assert (await client.put(f"/api/v1/entry-drafts/{draft['id']}", headers=acc, json=edited)).status_code == 409
    assert (await client.delete(f"/api/v1/entry-drafts/{draft['id']}", headers=acc)).status_code == 409
    tb = await (await client.get(f"/api/v1/buildings/{building.id}/trial-balance?year=2026",
                                 headers=headers)).get_json()
    assert tb["debit"] == "12.00" and tb["balanced"]


async def test_a_draft_blocks_the_closing_until_deleted(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    url = f"/api/v1/buildings/{building.id}/journal-entries"
    posted = await (await client.post(url, headers=headers, json={
        "entry_date": "2026-02-01", "label": "Frais", "lines": [{"account": "6160", "debit": "5.00"},
                                                               {"account": "551", "credit": "5.00"}]})).get_json()
    draft = await (await client.post(url, headers=headers, json=BODY)).get_json()
    year = posted["fiscal_year_id"]
    checklist = await (await client.get(f"/api/v1/fiscal-years/{year}/checklist", headers=headers)).get_json()
    assert [(i["key"], i["count"]) for i in checklist["items"] if i["blocking"]] == [("entry_drafts", 1)]
    assert (await client.post(f"/api/v1/fiscal-years/{year}/close", headers=headers)).status_code == 409
    await browser_login(client, conn, "syndic", org=org)
    html = await (await client.get(f"/fiscal-years/{year}")).get_data(as_text=True)
    assert "encore en brouillon" in html
    page = await client.get(f"/entry-drafts/{draft['id']}")
    text = await page.get_data(as_text=True)
    assert "Frais bancaires" in text and "Comptabiliser" in text
    resp = await client.post(f"/entry-drafts/{draft['id']}/post", form={"csrf_token": csrf_from(text)})
    assert resp.status_code == 422  # unbalanced: the page says why
    resp = await client.post(f"/entry-drafts/{draft['id']}/delete", form={"csrf_token": csrf_from(text)})
    assert resp.status_code == 303
    listing = await (await client.get(f"/buildings/{building.id}/books/drafts")).get_data(as_text=True)
    assert "Aucune écriture en brouillon" in listing
    assert (await client.post(f"/api/v1/fiscal-years/{year}/close", headers=headers)).status_code == 200


async def test_bad_drafts_are_422(client, conn) -> None:
    org, headers, building, *_ = await setup(conn)
    url = f"/api/v1/buildings/{building.id}/journal-entries"
    for body in ({**BODY, "draft": "maybe"}, {**BODY, "lines": []}, {**BODY, "entry_date": "x"}):
        assert (await client.post(url, headers=headers, json=body)).status_code == 422
