"""The syndic's calls pages without JavaScript: open a fund, draft a budget (the reserve check shown), approve it
by the AG's resolution, preview the year, create and issue a call; errors kept beside the fields; other tenants."""
from __future__ import annotations

from tests.domain.test_calls_worked_example import adopted_resolution
from tests.factories import actor, browser_login, give_right, make_building, make_org, make_owner, make_unit


async def test_from_fund_to_issued_call(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org, name="Résidence Test")
    for number, quota in (("1", 600), ("2", 400)):
        unit = await make_unit(conn, org, building, number, quota=quota)
        await give_right(conn, org, unit, await make_owner(conn, org, f"Proprio{number}"))
    url = f"/buildings/{building.id}/calls"
    page = await (await client.get(url)).get_data(as_text=True)
    assert f'action="/buildings/{building.id}/funds"' in page and '<label for="f-iban"' in page
    bad = await client.post(f"/buildings/{building.id}/funds", form={"csrf_token": csrf, "kind": "working",
                                                                    "iban": "BE00 0000"})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'value="BE00 0000"' in text and 'id="e-iban"' in text
    ok = await client.post(f"/buildings/{building.id}/funds", form={"csrf_token": csrf, "kind": "working",
                                                                   "iban": "BE68 5390 0754 7034"})
    assert ok.status_code == 303
    drafted = await client.post(f"/buildings/{building.id}/budgets", form={
        "csrf_token": csrf, "year_start": "2027-01-01", "frequency": "quarterly", "section_1": "ordinary",
        "account_code_1": "6100", "label_1": "Entretien", "amount_1": "4 000,00"})
    assert drafted.status_code == 303
    budget_url = drafted.headers["Location"]
    shown = await (await client.get(budget_url)).get_data(as_text=True)
    assert "4\u202f000,00\u00a0€" in shown and "3.86" in shown and 'id="approve-form"' in shown
    resolution = await adopted_resolution(conn, actor(user, org, "syndic"), building)
    assert (await client.post(budget_url + "/approve", form={"csrf_token": csrf,
                                                              "resolution_id": resolution})).status_code == 303
    preview = await (await client.get(budget_url + "?preview=1")).get_data(as_text=True)
    assert preview.count("Provisions ordinaires") >= 4 and "600,00\u00a0€" in preview
    assert (await client.post(budget_url + "/calls", form={"csrf_token": csrf})).status_code == 303
    [call_id] = [r["id"] for r in await conn.fetch(
        "SELECT id FROM calls WHERE building_id = $1 ORDER BY call_date LIMIT 1", building.id)]
    assert (await client.post(f"/calls/{call_id}/issue", form={"csrf_token": csrf})).status_code == 303
    issued = await (await client.get(f"/calls/{call_id}")).get_data(as_text=True)
    assert "+++" in issued and "notices.pdf" in issued
    other = await make_org(conn)
    elsewhere = await make_building(conn, other)
    assert (await client.get(f"/buildings/{elsewhere.id}/calls")).status_code == 404


async def test_a_bad_budget_line_is_shown_beside_its_row_with_the_input_kept(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    bad = await client.post(f"/buildings/{building.id}/budgets", form={
        "csrf_token": csrf, "year_start": "2027-01-01", "section_2": "ordinary", "account_code_2": "6100",
        "label_2": "Entretien", "amount_2": "-5"})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="e-line_2"' in text and 'value="-5"' in text and 'value="Entretien"' in text


async def test_the_settlement_page(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org)
    page = await client.get(f"/buildings/{building.id}/settlement?from=2027-01-01&to=2027-03-31")
    assert page.status_code == 200 and "Ni provision ni charge" in await page.get_data(as_text=True)
    bad = await client.get(f"/buildings/{building.id}/settlement?from=2027-04-01&to=2027-03-31")
    assert bad.status_code == 422 and 'id="e-to"' in await bad.get_data(as_text=True)


async def test_a_draft_budget_put_on_the_agenda(client, conn) -> None:
    from domain.calls import budgets, funds
    from domain.meetings import meetings
    org, user, csrf = await browser_login(client, conn)
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org)
    fund = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": "BE68539007547034"})
    view = await budgets.draft_budget(conn, syndic, building.id, {"year_start": "2027-01-01", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "1000"},
        {"section": "reserve", "label": "Réserve", "fund_id": str(fund.id), "amount": "50"}]})
    meeting = await meetings.create_meeting(conn, syndic, {
        "building_id": str(building.id), "title": "AG 2026", "meeting_type": "ordinary",
        "scheduled_date": "2026-11-20T18:00", "location": "Salle"})
    url = f"/budgets/{view.budget.id}"
    assert 'id="agenda-form"' in await (await client.get(url)).get_data(as_text=True)
    bad = await client.post(f"{url}/agenda", form={"csrf_token": csrf, "meeting_id": str(building.id)})
    assert bad.status_code == 422 and 'id="e-meeting_id"' in await bad.get_data(as_text=True)
    ok = await client.post(f"{url}/agenda", form={"csrf_token": csrf, "meeting_id": str(meeting.id)})
    assert ok.status_code == 303
    assert await conn.fetchval("SELECT count(*) FROM agenda_items WHERE meeting_id = $1 AND title = $2",
                               meeting.id, view.budget.label) == 1
    assert "est à l'ordre du jour" in await (await client.get(url)).get_data(as_text=True)


async def test_the_settlement_is_posted_from_its_page(client, conn) -> None:
    from domain.calls import calls, funds
    org, user, csrf = await browser_login(client, conn)
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building, "1", quota=1000)
    await give_right(conn, org, unit, await make_owner(conn, org, "Seule"))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68 5390 0754 7034"})
    call = await calls.create_call(conn, syndic, building.id, {"kind": "ordinary", "period_start": "2027-01-01",
                                                               "period_end": "2027-03-31", "total": "900"})
    await calls.issue_call(conn, syndic, call.id)
    url = f"/buildings/{building.id}/settlement"
    shown = await (await client.get(f"{url}?from=2027-01-01&to=2027-03-31")).get_data(as_text=True)
    assert f'action="/buildings/{building.id}/settlements"' in shown and "crédit 900,00\u00a0€" in shown
    bad = await client.post(f"/buildings/{building.id}/settlements", form={
        "csrf_token": csrf, "from": "2027-01-01", "to": "2026-12-31", "kind": "ordinary"})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="e-to"' in text and 'value="2027-01-01"' in text
    ok = await client.post(f"/buildings/{building.id}/settlements", form={
        "csrf_token": csrf, "from": "2027-01-01", "to": "2027-03-31", "kind": "ordinary"})
    assert ok.status_code == 303 and ok.headers["Location"] == url
    listed = await (await client.get(url)).get_data(as_text=True)
    assert 'id="settlements"' in listed and "Seule" in listed and "crédit 900,00\u00a0€" in listed
    shown = await (await client.get(f"{url}?from=2027-01-01&to=2027-03-31")).get_data(as_text=True)
    assert 'id="already-settled"' in shown and f'action="/buildings/{building.id}/settlements"' not in shown
    again = await client.post(f"/buildings/{building.id}/settlements", form={
        "csrf_token": csrf, "from": "2027-02-01", "to": "2027-03-31", "kind": "ordinary"})
    assert again.status_code == 409 and "déjà passé" in await again.get_data(as_text=True)


async def test_the_calls_page_offers_the_printed_batch(client, conn) -> None:
    """The owners without e-mail get their notice by post: the call's page names them and links their batch,
    each page addressed for a windowed envelope, with the amount, the account, the communication and the QR code."""
    import subprocess
    import tempfile

    from domain.calls import calls, funds
    org, user, _csrf = await browser_login(client, conn)
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, name="Le Cèdre")
    for number, quota, email in (("1", 600, "a@example.test"), ("2", 400, None)):
        unit = await make_unit(conn, org, building, number, quota=quota)
        owner = await make_owner(conn, org, f"Proprio{number}", email=email, accepts_email_notices=bool(email),
                                 address="Rue des Lilas 7", postal_code="1050", city="Ixelles")
        await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68 5390 0754 7034",
                                                        "bic": "GKCCBEBB"})
    call = await calls.create_call(conn, syndic, building.id, {"kind": "ordinary", "label": "Provisions T1",
                                                               "period_start": "2027-01-01",
                                                               "period_end": "2027-03-31", "total": "1000"})
    await calls.issue_call(conn, syndic, call.id)
    page = await (await client.get(f"/calls/{call.id}")).get_data(as_text=True)
    assert "Avis à imprimer (1 sans e-mail)" in page and "À poster : Alex Proprio2." in page
    assert f'href="/api/v1/calls/{call.id}/notices.pdf?printed=true"' in page
    r = await client.get(f"/api/v1/calls/{call.id}/notices.pdf?printed=true")
    assert r.status_code == 200
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False, dir="/tmp") as f:
        f.write(await r.get_data())
    text = subprocess.run(["pdftotext", "-layout", f.name, "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("Appel de fonds — Provisions T1") == 1 and "Proprio1" not in text
    assert "Rue des Lilas 7" in text and "1050 Ixelles" in text and "400,00" in text and "+++" in text
