"""Maintenance and the register in the browser without JavaScript: an owner reports a leak with a photo from the
plain form (and sees their input kept beside the message when it is wrong), the syndic triages it, quotes are
compared and the order refused with the rule, the register and the board's report PDF."""
from __future__ import annotations

import io
from typing import Any

import pytest

from domain.maintenance import contacts
from domain.platform.users import csrf_for
from domain.storage import LocalStorage
from tests.factories import (
    actor,
    give_right,
    make_building,
    make_org,
    make_owner,
    make_unit,
    make_user,
    sit_on_board,
    token,
)
from tests.maintenance_factories import PNG, make_contractor, make_ticket, make_work_with_quotes


@pytest.fixture
def storage(app, tmp_path):  # type: ignore[no-untyped-def]
    app.config["STORAGE"] = LocalStorage(tmp_path)
    return tmp_path


def _file(data: bytes, name: str) -> Any:
    from werkzeug.datastructures import FileStorage
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/octet-stream")


async def _login(client, conn, user, org, role):  # type: ignore[no-untyped-def]
    value = await token(conn, user, org, role, kind="session")
    client.set_cookie("localhost", "kg_session", value)
    return csrf_for(value)


@pytest.fixture
async def world(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic_user = await make_user(conn, org, "syndic")
    building = await make_building(conn, org, name="Résidence Les Tilleuls")
    owner_user = await make_user(conn, org, "owner", email="leak@example.test")
    unit = await make_unit(conn, org, building, "A1")
    await give_right(conn, org, unit, await make_owner(conn, org, user=owner_user))
    return {"org": org, "syndic_user": syndic_user, "syndic": actor(syndic_user, org, "syndic"),
            "building": building, "owner_user": owner_user, "unit": unit}


async def test_an_owner_reports_a_leak_with_a_photo(client, conn, world, storage) -> None:  # type: ignore[no-untyped-def]
    csrf = await _login(client, conn, world["owner_user"], world["org"], "owner")
    b = world["building"]
    portal = await (await client.get("/portal")).get_data(as_text=True)
    assert f'href="/buildings/{b.id}/tickets/new"' in portal
    form = await (await client.get(f"/buildings/{b.id}/tickets/new")).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'name="photo"' in form and ">A1<" in form
    bad = await client.post(f"/buildings/{b.id}/tickets", form={"csrf_token": csrf, "title": "",
                                                                 "description": "Le plafond goutte"},
                            files={"photo": _file(b"not an image", "leak.png")})
    page = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Le plafond goutte" in page and 'id="e-title"' in page and 'id="e-photo"' in page
    done = await client.post(f"/buildings/{b.id}/tickets", form={
        "csrf_token": csrf, "title": "Fuite", "description": "Le plafond goutte", "unit_id": str(world["unit"]["id"])},
        files={"photo": _file(PNG, "leak.png")})
    assert done.status_code == 303
    shown = await (await client.get(done.headers["Location"])).get_data(as_text=True)
    assert "Fuite" in shown and "Nouveau" in shown and "Voir la photo" in shown and 'id="triage"' not in shown


async def test_the_syndic_triages_and_the_state_moves(client, conn, world, storage) -> None:  # type: ignore[no-untyped-def]
    ticket = await make_ticket(conn, world["syndic"], world["building"].id)
    firm = await make_contractor(conn, world["syndic"], company_name="Plomberie Dupont")
    csrf = await _login(client, conn, world["syndic_user"], world["org"], "syndic")
    page = await (await client.get(f"/tickets/{ticket.id}")).get_data(as_text=True)
    assert "Plomberie Dupont" in page
    bad = await client.post(f"/tickets/{ticket.id}/triage", form={"csrf_token": csrf, "urgency": "whenever"})
    assert bad.status_code == 422 and 'id="e-urgency"' in await bad.get_data(as_text=True)
    r = await client.post(f"/tickets/{ticket.id}/triage", form={"csrf_token": csrf, "urgency": "high",
                                                               "contractor_id": str(firm.id), "due_on": ""})
    assert r.status_code == 303
    assert (await client.post(f"/tickets/{ticket.id}/start", form={"csrf_token": csrf})).status_code == 303
    page = await (await client.get(f"/tickets/{ticket.id}")).get_data(as_text=True)
    assert "En cours" in page and "Marquer terminé" in page
    assert (await client.post(f"/tickets/{ticket.id}/reopen", form={"csrf_token": csrf})).status_code == 409
    listed = await (await client.get("/tickets")).get_data(as_text=True)
    assert f"/tickets/{ticket.id}" in listed


async def test_quotes_compared_and_the_order_refused_with_the_rule(client, conn, world, storage) -> None:  # type: ignore[no-untyped-def]
    from domain.maintenance import quotes
    syndic, b = world["syndic"], world["building"]
    await quotes.set_threshold(conn, syndic, b.id, {"amount": "1000", "quotes_required": 3, "decided_on": "2026-01-10"})
    work, offers = await make_work_with_quotes(conn, syndic, b.id, ["1500", "1400"])
    csrf = await _login(client, conn, world["syndic_user"], world["org"], "syndic")
    page = await (await client.get(f"/works/{work.id}")).get_data(as_text=True)
    assert offers[0].contractor_name in page and offers[1].contractor_name in page and "1\u202f694,00" in page
    assert (await client.post(f"/quotes/{offers[1].id}/accept", form={"csrf_token": csrf})).status_code == 303
    refused = await client.post(f"/works/{work.id}/order", form={"csrf_token": csrf})
    text = await refused.get_data(as_text=True)
    assert refused.status_code == 409 and "3.88" in text and 'id="refusal"' in text
    listing = await (await client.get(f"/buildings/{b.id}/works")).get_data(as_text=True)
    assert "1\u202f000,00" in listing and work.title in listing


async def test_the_register_and_the_board_s_report(client, conn, world, storage) -> None:  # type: ignore[no-untyped-def]
    from domain.board import decisions
    b = world["building"]
    await decisions.add_decision(conn, world["syndic"], b.id, {"title": "Repeindre le hall", "due_on": "2020-05-01",
                                                               "responsible": "Le syndic"})
    board_user = await make_user(conn, world["org"], "board_member")
    await sit_on_board(conn, world["org"], board_user, b)
    await _login(client, conn, board_user, world["org"], "board_member")
    building_page = await (await client.get(f"/buildings/{b.id}")).get_data(as_text=True)
    assert "Repeindre le hall" in building_page and "en retard" in building_page
    register = await (await client.get(f"/buildings/{b.id}/decisions")).get_data(as_text=True)
    assert "Repeindre le hall" in register and "Ajouter une action" not in register
    pdf = await client.get(f"/buildings/{b.id}/board-report.pdf?year=2020")
    assert pdf.status_code == 200 and (await pdf.get_data()).startswith(b"%PDF")
    assert (await client.get(f"/buildings/{b.id}/board-report.pdf?year=abc")).status_code == 422
    other = await make_building(conn, world["org"])
    assert (await client.get(f"/buildings/{other.id}/decisions")).status_code == 404


async def test_a_contractor_s_form_keeps_the_input_beside_the_message(client, conn, world, storage) -> None:  # type: ignore[no-untyped-def]
    csrf = await _login(client, conn, world["syndic_user"], world["org"], "syndic")
    from urllib.parse import urlencode
    typed = {"Content-Type": "application/x-www-form-urlencoded"}  # the two checkboxes sent as a browser does
    fields = [("csrf_token", csrf), ("company_name", "Toitures Nord"), ("country", "BE"), ("iban", "BE68 5390 0754 7034"),
              ("trades", "roofing"), ("trades", "masonry")]
    bad = await client.post("/contractors", data=urlencode([*fields, ("enterprise_number", "0403.170.702")]),
                            headers=typed)
    page = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="e-enterprise_number"' in page and 'value="Toitures Nord"' in page
    assert page.count("checked") == 2  # both trades kept
    done = await client.post("/contractors", data=urlencode([*fields, ("enterprise_number", "0403.170.701")]),
                             headers=typed)
    assert done.status_code == 303
    shown = await (await client.get(done.headers["Location"])).get_data(as_text=True)
    assert "0403170701" in shown and "Toiture" in shown and "Maçonnerie" in shown
    cert = await client.post(done.headers["Location"] + "/certificate", form={"csrf_token": csrf,
                                                                             "insurance_expires_on": "2027-06-30"},
                             files={"file": _file(b"%PDF-1.4\n%%EOF\n", "rc.pdf")})
    assert cert.status_code == 303
    assert "30/06/2027" in await (await client.get(done.headers["Location"])).get_data(as_text=True)


async def test_the_syndic_adds_and_removes_a_contractor_s_contacts(client, conn, world) -> None:  # type: ignore[no-untyped-def]
    firm = await make_contractor(conn, world["syndic"], company_name="Toitures Lambert")
    csrf = await _login(client, conn, world["syndic_user"], world["org"], "syndic")
    page = await (await client.get(f"/contractors/{firm.id}")).get_data(as_text=True)
    assert "Aucun autre contact." in page and f'action="/contractors/{firm.id}/contacts"' in page
    bad = await client.post(f"/contractors/{firm.id}/contacts", form={"csrf_token": csrf, "name": "",
                                                                     "role": "Chef de chantier"})
    text = await bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="contact-e-name"' in text and 'value="Chef de chantier"' in text
    for name, role in (("Luc Peeters", "Chef de chantier"), ("Marie Lambert", "Comptabilité")):
        r = await client.post(f"/contractors/{firm.id}/contacts", form={"csrf_token": csrf, "name": name,
                                                                       "role": role, "phone": "+32 2 555 01 02"})
        assert r.status_code == 303
    page = await (await client.get(f"/contractors/{firm.id}")).get_data(as_text=True)
    assert "Luc Peeters" in page and "Marie Lambert" in page and 'href="tel:+32 2 555 01 02"' in page
    [luc] = [p for p in await contacts.contacts_of(conn, world["syndic"], firm.id) if p.name == "Luc Peeters"]
    r = await client.post(f"/contractors/{firm.id}/contacts/{luc.id}/delete", form={"csrf_token": csrf})
    assert r.status_code == 303
    page = await (await client.get(f"/contractors/{firm.id}")).get_data(as_text=True)
    assert "Luc Peeters" not in page and "Marie Lambert" in page
