"""Maintenance and the register through /api/v1: a ticket reported with a photo and followed, contractors'
identifiers refused by field, the threshold's 409 with the rule, the board member's scope on every resource, and
every resource of another organisation a 404."""
from __future__ import annotations

import io
from typing import Any

import pytest

from tests.factories import (
    actor,
    api_user,
    bearer,
    give_right,
    make_building,
    make_org,
    make_owner,
    make_unit,
    make_user,
    sit_on_board,
    token,
)
from tests.maintenance_factories import PNG, be_number

pytestmark = pytest.mark.usefixtures("storage")


@pytest.fixture
def storage(app, tmp_path):  # type: ignore[no-untyped-def]
    from domain.storage import LocalStorage
    app.config["STORAGE"] = LocalStorage(tmp_path)
    return tmp_path


def _file(data: bytes, name: str) -> Any:
    from werkzeug.datastructures import FileStorage
    return FileStorage(io.BytesIO(data), filename=name, content_type="application/octet-stream")


@pytest.fixture
async def world(conn):  # type: ignore[no-untyped-def]
    org, syndic_user, syndic = await api_user(conn, "syndic")
    building, other = await make_building(conn, org), await make_building(conn, org)
    owner_user = await make_user(conn, org, "owner", email="leak@example.test")
    unit = await make_unit(conn, org, building, "A1")
    await give_right(conn, org, unit, await make_owner(conn, org, user=owner_user))
    board_user = await make_user(conn, org, "board_member")
    await sit_on_board(conn, org, board_user, building)
    return {"org": org, "syndic": syndic, "building": building, "other": other, "unit": unit,
            "owner": bearer(await token(conn, owner_user, org, "owner")),
            "board": bearer(await token(conn, board_user, org, "board_member")),
            "syndic_actor": actor(syndic_user, org, "syndic")}


async def _contractor(client, headers, **over):  # type: ignore[no-untyped-def]
    from tests.factories import n
    r = await client.post("/api/v1/contractors", headers=headers, json={
        "company_name": f"Toitures {n()}", "enterprise_number": be_number(n()), **over})
    assert r.status_code == 201, await r.get_data(as_text=True)
    return await r.get_json()


async def test_a_ticket_reported_with_a_photo_and_followed(client, conn, world) -> None:  # type: ignore[no-untyped-def]
    b = world["building"]
    r = await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=world["owner"],
                          form={"title": "Fuite", "description": "Plafond de la salle de bain",
                                "unit_id": str(world["unit"]["id"])}, files={"photo": _file(PNG, "fuite.png")})
    assert r.status_code == 201, await r.get_data(as_text=True)
    ticket = await r.get_json()
    assert ticket["status"] == "new" and ticket["photo_type"] == "image/png" and "photo_key" not in ticket
    photo = await client.get(ticket["photo_url"], headers=world["owner"])
    assert photo.status_code == 200 and await photo.get_data() == PNG
    big = await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=world["owner"],  # a phone's photo
                            form={"title": "Fissure", "description": "Mur"},
                            files={"photo": _file(PNG + b"\0" * 3_000_000, "IMG_0001.png")})
    assert big.status_code == 201, await big.get_data(as_text=True)
    bad = await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=world["owner"],
                            form={"title": "X", "description": "Y"}, files={"photo": _file(b"MZ\x90", "x.png")})
    assert bad.status_code == 422 and "photo" in (await bad.get_json())["errors"]
    firm = await _contractor(client, world["syndic"])
    r = await client.post(f"/api/v1/tickets/{ticket['id']}/triage", headers=world["syndic"],
                          json={"urgency": "emergency", "contractor_id": firm["id"]})
    assert (await r.get_json())["status"] == "assigned"
    assert (await client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world["owner"])).status_code == 403
    r = await client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=world["syndic"], json={"note": "Joint"})
    assert (await r.get_json())["status"] == "done"
    r = await client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=world["syndic"])
    assert r.status_code == 409
    seen = await (await client.get(f"/api/v1/tickets/{ticket['id']}", headers=world["owner"])).get_json()
    assert seen["moves"] == [] and [c["body"] for c in seen["comments"]] == ["Joint"]
    sent = await conn.fetchval("SELECT count(*) FROM outbox WHERE recipient = 'leak@example.test'")
    assert sent == 2


async def test_contractor_identifiers_refused_by_field(client, world) -> None:  # type: ignore[no-untyped-def]
    r = await client.post("/api/v1/contractors", headers=world["syndic"], json={
        "company_name": "X", "enterprise_number": "0403170702", "iban": "BE00", "vat_number": "FR00123",
        "trades": ["alchemy"], "colour": "red"})
    assert r.status_code == 422
    assert set((await r.get_json())["errors"]) == {"enterprise_number", "iban", "vat_number", "trades", "colour"}
    made = await _contractor(client, world["syndic"], iban="BE68539007547034", trades=["roofing"])
    r = await client.put(f"/api/v1/contractors/{made['id']}", headers=world["syndic"], json={"phone": "02 123"})
    assert (await r.get_json())["phone"] == "02 123" and (await r.get_json())["iban"] == "BE68539007547034"
    r = await client.post(f"/api/v1/contractors/{made['id']}/certificate", headers=world["syndic"],
                          form={"insurance_expires_on": "2027-01-31"},
                          files={"file": _file(b"%PDF-1.4\n%%EOF\n", "rc.pdf")})
    assert (await r.get_json())["insurance_expires_on"] == "2027-01-31"
    assert (await client.get(f"/api/v1/contractors/{made['id']}/certificate",
                             headers=world["syndic"])).status_code == 200


async def test_the_threshold_s_refusal_shows_the_rule(client, world) -> None:  # type: ignore[no-untyped-def]
    b, h = world["building"], world["syndic"]
    r = await client.put(f"/api/v1/buildings/{b.id}/competition-threshold", headers=h,
                         json={"amount": "3000", "quotes_required": 2, "decided_on": "2026-01-10"})
    assert r.status_code == 200 and (await r.get_json())["amount"] == "3000.00"
    work = await (await client.post(f"/api/v1/buildings/{b.id}/works", headers=h, json={"title": "Façade"})).get_json()
    firm = await _contractor(client, h)
    [quote] = (await (await client.post(f"/api/v1/works/{work['id']}/quotes", headers=h,
                                        json={"contractor_ids": [firm["id"]]})).get_json())["data"]
    r = await client.put(f"/api/v1/quotes/{quote['id']}", headers=h, json={"amount_excl_vat": "3000", "vat_rate": 6})
    assert (await r.get_json())["total"] == "3180.00"
    await client.post(f"/api/v1/quotes/{quote['id']}/accept", headers=h)
    detail = await (await client.get(f"/api/v1/works/{work['id']}", headers=h)).get_json()
    assert detail["competition"]["allowed"] is False and detail["competition"]["quotes_required"] == 2
    r = await client.post(f"/api/v1/works/{work['id']}/order", headers=h)
    refused = await r.get_json()
    assert r.status_code == 409 and "3.88" in refused["message"]
    assert refused["details"] == {"rule": "competition", "jurisdiction": "BE", "amount": "3180.00",
                                  "threshold": "3000.00", "quotes_in": 1, "quotes_required": 2}
    assert "3\u202f180,00\u00a0€" in refused["message"] and "3180.00" not in refused["message"]
    english = await (await client.post(f"/api/v1/works/{work['id']}/order",
                                       headers={**h, "Accept-Language": "en"})).get_json()
    assert "3,180.00" in english["message"] and "3180.00" not in english["message"], english["message"]


async def test_the_board_member_s_scope_on_every_resource(client, conn, world) -> None:  # type: ignore[no-untyped-def]
    h, here, there = world["syndic"], world["building"], world["other"]
    ids: dict[str, dict[str, str]] = {}
    for name, b in (("here", here), ("there", there)):
        firm = await _contractor(client, h)
        t = await (await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=h,
                                     json={"title": "Porte", "description": "Grince"})).get_json()
        await client.post(f"/api/v1/tickets/{t['id']}/triage", headers=h,
                          json={"urgency": "low", "contractor_id": firm["id"]})
        w = await (await client.post(f"/api/v1/buildings/{b.id}/works", headers=h, json={"title": "Porte"})).get_json()
        [q] = (await (await client.post(f"/api/v1/works/{w['id']}/quotes", headers=h,
                                        json={"contractor_ids": [firm["id"]]})).get_json())["data"]
        d = await (await client.post(f"/api/v1/buildings/{b.id}/decisions", headers=h,
                                     json={"title": "Huiler la porte", "due_on": "2020-01-01"})).get_json()
        ids[name] = {"tickets": t["id"], "contractors": firm["id"], "works": w["id"], "quotes": q["id"],
                     "decisions": d["id"]}
    board = world["board"]
    for resource in ("tickets", "contractors", "works", "quotes", "decisions"):
        listed = (await (await client.get(f"/api/v1/{resource}", headers=board)).get_json())["data"]
        assert [x["id"] for x in listed] == [ids["here"][resource]], resource
        assert (await client.get(f"/api/v1/{resource}/{ids['here'][resource]}", headers=board)).status_code == 200
        assert (await client.get(f"/api/v1/{resource}/{ids['there'][resource]}", headers=board)).status_code == 404
    assert listed[0]["overdue"] is True
    assert (await client.post(f"/api/v1/buildings/{here.id}/decisions", headers=board,
                              json={"title": "x"})).status_code == 403
    report = await client.get(f"/api/v1/buildings/{here.id}/board-report?year=2026", headers=board)
    assert report.status_code == 200 and (await report.get_json())["overdue"] == 1
    assert (await client.get(f"/api/v1/buildings/{there.id}/board-report", headers=board)).status_code == 404
    # another organisation's syndic: every one of them is a 404
    org2 = await make_org(conn)
    _o, _u, stranger = await api_user(conn, "syndic", org2)
    for resource, rid in ids["here"].items():
        assert (await client.get(f"/api/v1/{resource}/{rid}", headers=stranger)).status_code == 404, resource
    for resource in ("tickets", "contractors", "works", "quotes", "decisions"):
        assert (await (await client.get(f"/api/v1/{resource}", headers=stranger)).get_json())["data"] == []
    for path in (f"/api/v1/tickets/{ids['here']['tickets']}/close", f"/api/v1/quotes/{ids['here']['quotes']}/accept",
                 f"/api/v1/works/{ids['here']['works']}/order"):
        assert (await client.post(path, headers=stranger)).status_code == 404, path


async def test_decisions_from_a_held_assembly(client, conn, world) -> None:  # type: ignore[no-untyped-def]
    from domain.meetings import meetings
    b, h = world["building"], world["syndic"]
    m = await meetings.create_meeting(conn, world["syndic_actor"], {
        "building_id": str(b.id), "title": "AG 2026", "meeting_type": "ordinary",
        "scheduled_date": "2026-03-10T18:00", "location": "Salle"})
    for pos, (title, adopted) in enumerate((("Ravaler la façade", True), ("Changer le syndic", False)), 1):
        await conn.execute("INSERT INTO agenda_items (organization_id, meeting_id, position, title, "
                           "draft_resolution, majority, vote_status, adopted) VALUES ($1, $2, $3, $4, $4, "
                           "'absolute', 'closed', $5)", world["org"].id, m.id, pos, title, adopted)
    r = await client.post(f"/api/v1/meetings/{m.id}/decisions", headers=h)
    assert r.status_code == 409  # not held yet
    await conn.execute("UPDATE meetings SET status = 'closed' WHERE id = $1", m.id)
    r = await client.post(f"/api/v1/meetings/{m.id}/decisions", headers=h, json={"responsible": "Le syndic"})
    assert r.status_code == 201
    [d] = (await r.get_json())["data"]
    assert (d["title"], d["responsible"], d["meeting_title"]) == ("Ravaler la façade", "Le syndic", "AG 2026")
    again = await client.post(f"/api/v1/meetings/{m.id}/decisions", headers=h)
    assert len((await again.get_json())["data"]) == 1
    t = await (await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=h,
                                 json={"title": "Façade", "description": "Fissures"})).get_json()
    r = await client.post(f"/api/v1/decisions/{d['id']}/proofs", headers=h, json={"kind": "ticket", "ref_id": t["id"]})
    assert r.status_code == 201
    r = await client.post(f"/api/v1/decisions/{d['id']}/proofs", headers=h,
                          json={"kind": "ticket", "ref_id": world["unit"]["id"]})
    assert r.status_code == 422
    r = await client.put(f"/api/v1/decisions/{d['id']}", headers=h, json={"status": "done"})
    assert (await r.get_json())["done_on"] is not None


async def test_the_threshold_s_resolution_is_the_building_s(client, conn, world) -> None:  # type: ignore[no-untyped-def]
    from domain.meetings import meetings
    b, h = world["building"], world["syndic"]
    made = {}
    for key, building in (("here", b), ("there", world["other"])):
        m = await meetings.create_meeting(conn, world["syndic_actor"], {
            "building_id": str(building.id), "title": f"AG {key}", "meeting_type": "ordinary",
            "scheduled_date": "2026-01-10T18:00", "location": "Salle"})
        item = await conn.fetchval("INSERT INTO agenda_items (organization_id, meeting_id, position, title, "
                                   "draft_resolution, majority) VALUES ($1, $2, 1, 'Seuil', 'Seuil', 'two_thirds') RETURNING id",
                                   world["org"].id, m.id)
        made[key] = (str(m.id), str(item))
    base = {"amount": "5000", "decided_on": "2026-01-10"}
    path = f"/api/v1/buildings/{b.id}/competition-threshold"
    r = await client.put(path, headers=h, json={**base, "meeting_id": made["there"][0]})
    assert r.status_code == 422 and set((await r.get_json())["errors"]) == {"meeting_id"}
    r = await client.put(path, headers=h, json={**base, "agenda_item_id": made["there"][1]})
    assert r.status_code == 422 and set((await r.get_json())["errors"]) == {"agenda_item_id"}
    r = await client.put(path, headers=h, json={**base, "meeting_id": made["here"][0],
                                                "agenda_item_id": made["there"][1]})
    assert r.status_code == 422 and set((await r.get_json())["errors"]) == {"agenda_item_id"}
    r = await client.put(path, headers=h, json={**base, "meeting_id": made["here"][0],
                                                "agenda_item_id": made["here"][1]})
    assert r.status_code == 200 and (await r.get_json())["meeting_id"] == made["here"][0]


async def test_a_contractor_s_several_contacts(client, conn, world) -> None:  # type: ignore[no-untyped-def]
    h = world["syndic"]
    firm = await _contractor(client, h, contact_name="Jean Dupont")
    path = f"/api/v1/contractors/{firm['id']}/contacts"
    r = await client.post(path, headers=h, json={"name": "Marie Lambert", "role": "Comptabilité",
                                                 "email": "compta@toitures.test", "phone": "+32 2 555 01 02"})
    assert r.status_code == 201
    marie = await r.get_json()
    await client.post(path, headers=h, json={"name": "Luc Peeters", "role": "Chef de chantier"})
    r = await client.post(path, headers=h, json={"name": "", "email": "pas-une-adresse", "age": 3})
    assert r.status_code == 422 and {"name", "email", "age"} <= set((await r.get_json())["errors"])
    shown = await (await client.get(f"/api/v1/contractors/{firm['id']}", headers=h)).get_json()
    assert shown["contact_name"] == "Jean Dupont"
    assert [(p["name"], p["role"]) for p in shown["contacts"]] == [("Luc Peeters", "Chef de chantier"),
                                                                   ("Marie Lambert", "Comptabilité")]
    assert (await client.post(path, headers=world["board"], json={"name": "X"})).status_code in (403, 404)
    assert (await client.delete(f"{path}/{marie['id']}", headers=h)).status_code == 204
    assert (await client.delete(f"{path}/{marie['id']}", headers=h)).status_code == 404
    _o, _u, stranger = await api_user(conn, "syndic", await make_org(conn))
    assert (await client.post(path, headers=stranger, json={"name": "Intrus"})).status_code == 404
    assert (await client.get(f"/api/v1/contractors/{firm['id']}", headers=stranger)).status_code == 404


async def test_a_ticket_with_several_photos_and_heic_refused_by_name(client, world) -> None:  # type: ignore[no-untyped-def]
    from werkzeug.datastructures import MultiDict

    class Many(MultiDict):  # type: ignore[type-arg]  # the test client sends files.items(): each one, repeated keys too
        def items(self):  # type: ignore[no-untyped-def, override]
            return super().items(multi=True)
    b, h = world["building"], world["owner"]
    second = PNG + b"\0" * 10
    r = await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=h,
                          form={"title": "Fuite", "description": "Deux vues"},
                          files=Many([("photo", _file(PNG, "un.png")), ("photo", _file(second, "deux.png"))]))
    assert r.status_code == 201, await r.get_data(as_text=True)
    made = await r.get_json()
    detail = await (await client.get(f"/api/v1/tickets/{made['id']}", headers=h)).get_json()
    assert [(p["position"], p["name"]) for p in detail["photos"]] == [(1, "un.png"), (2, "deux.png")]
    assert await (await client.get(detail["photos"][1]["url"], headers=h)).get_data() == second
    assert await (await client.get(made["photo_url"], headers=h)).get_data() == PNG  # the first, as before
    assert (await client.get(f"/api/v1/tickets/{made['id']}/photos/3", headers=h)).status_code == 404
    six = Many([("photo", _file(PNG, f"{i}.png")) for i in range(6)])
    r = await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=h, form={"title": "X", "description": "Y"},
                          files=six)
    assert r.status_code == 422 and "photo" in (await r.get_json())["errors"]
    heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 64
    r = await client.post(f"/api/v1/buildings/{b.id}/tickets", headers=h, form={"title": "X", "description": "Y"},
                          files={"photo": _file(heic, "IMG_0002.HEIC")})
    assert r.status_code == 422 and "HEIC" in (await r.get_json())["errors"]["photo"]
