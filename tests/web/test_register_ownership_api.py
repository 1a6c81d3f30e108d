"""/api/v1/units/{id}/owners, assign-owner, transfer, history: shares, dates, bad input, tenants and roles."""
from __future__ import annotations

from datetime import date

import pytest

from tests.factories import api_user, give_right, make_building, make_owner, make_unit, sit_on_board


async def _lot(conn, role="syndic"):
    org, user, headers = await api_user(conn, role)
    building = await make_building(conn, org)
    if role == "board_member":  # a board member reads the buildings whose board they sit on
        await sit_on_board(conn, org, user, building)
    unit = await make_unit(conn, org, building, "12", quota=150)
    a, b, c = [await make_owner(conn, org, name) for name in ("Dupont", "Martin", "Peeters")]
    return org, user, headers, unit, a, b, c


async def test_assign_owner_makes_a_sole_full_owner_from_today(client, conn):
    _org, _, headers, unit, a, _b, _ = await _lot(conn)
    resp = await client.put(f"/api/v1/units/{unit['id']}/assign-owner/{a['id']}", headers=headers)
    assert resp.status_code == 200
    [right] = (await resp.get_json())["owners"]
    assert (right["owner_id"], right["share"], right["percentage"], right["right_kind"], right["is_contact"]) == (
        str(a["id"]), "1", "100.00", "full", True)
    assert right["start_date"] == date.today().isoformat()
    unit_json = await (await client.get(f"/api/v1/units/{unit['id']}", headers=headers)).get_json()
    assert unit_json["owner_id"] == str(a["id"])


async def test_split_sale_and_who_owned_it_on_1_march(client, conn):
    _org, _, headers, unit, a, b, c = await _lot(conn)
    url = f"/api/v1/units/{unit['id']}"
    resp = await client.put(f"{url}/owners", headers=headers, json={"date": "2024-01-01", "owners": [
        {"owner_id": str(a["id"]), "share": "50 %", "is_contact": True}, {"owner_id": str(b["id"]), "share": 50}]})
    assert resp.status_code == 200
    resp = await client.post(f"{url}/transfer", headers=headers,
                             json={"date": "2024-04-15", "seller_id": str(a["id"]), "buyer_id": str(c["id"])})
    assert resp.status_code == 200
    on_march = await (await client.get(f"{url}/owners?date=2024-03-01", headers=headers)).get_json()
    assert sorted(r["owner_name"] for r in on_march["owners"]) == ["Alex Dupont", "Alex Martin"]
    now = await (await client.get(f"{url}/owners", headers=headers)).get_json()
    assert sorted((r["owner_name"], r["share"], r["is_contact"]) for r in now["owners"]) == [
        ("Alex Martin", "1/2", False), ("Alex Peeters", "1/2", True)]
    history = await (await client.get(f"{url}/history", headers=headers)).get_json()
    assert [(r["owner_name"], r["start_date"], r["end_date"]) for r in history["rights"]] == [
        ("Alex Dupont", "2024-01-01", "2024-04-15"), ("Alex Martin", "2024-01-01", None),
        ("Alex Peeters", "2024-04-15", None)]


async def test_usufruct_and_bare_ownership_thirds(client, conn):
    _org, _, headers, unit, a, b, c = await _lot(conn)
    resp = await client.put(f"/api/v1/units/{unit['id']}/owners", headers=headers, json={"owners": [
        {"owner_id": str(a["id"]), "right_kind": "usufruct", "share": "1/1"},
        {"owner_id": str(b["id"]), "right_kind": "bare", "share": "1/3"},
        {"owner_id": str(c["id"]), "right_kind": "nue-propriété", "share": "2/3"}]})
    assert resp.status_code == 200
    assert sorted(r["share"] for r in (await resp.get_json())["owners"]) == ["1", "1/3", "2/3"]


@pytest.mark.parametrize("owners, field", [
    ([{"owner_id": "A", "share": "50"}], "owners"),  # 50 % only
    ([{"owner_id": "A", "share": "60"}, {"owner_id": "B", "share": "60"}], "owners"),
    ([{"owner_id": "A", "share": "cent"}], "owners[0].share"),
    ([{"owner_id": "A", "share": "0"}], "owners[0].share"),
    ([{"owner_id": "A", "share": "1/0"}], "owners[0].share"),
    ([{"owner_id": "A", "share": True}], "owners[0].share"),
    ([{"owner_id": "A"}], "owners[0].share"),
    ([{"owner_id": "nope", "share": "100"}], "owners[0].owner_id"),
    ([{"owner_id": "A", "share": "100", "right_kind": "lease"}], "owners[0].right_kind"),
    ([{"owner_id": "A", "share": "100", "colour": 1}], "owners[0].colour"),
    ([{"owner_id": "A", "share": "100", "right_kind": "usufruct"}], "owners"),
    ([], "owners"), ("A", "owners"), ([5], "owners[0]"),
    ([{"owner_id": "00000000-0000-0000-0000-000000000001", "share": "100"}], "owner_id"),
])
async def test_bad_shares_are_422_and_write_nothing(client, conn, owners, field):
    _org, _, headers, unit, a, b, _c = await _lot(conn)
    ids = {"A": str(a["id"]), "B": str(b["id"])}
    if isinstance(owners, list):
        owners = [{**o, "owner_id": ids.get(o.get("owner_id"), o.get("owner_id"))} if isinstance(o, dict) else o
                  for o in owners]
    resp = await client.put(f"/api/v1/units/{unit['id']}/owners", headers=headers, json={"owners": owners})
    assert resp.status_code == 422 and field in (await resp.get_json())["errors"], await resp.get_json()
    assert await conn.fetchval("SELECT count(*) FROM unit_owners WHERE unit_id = $1", unit["id"]) == 0


@pytest.mark.parametrize("body, field", [
    ({"buyer_id": "B"}, "seller_id"), ({"seller_id": "A"}, "buyer_id"),
    ({"seller_id": "A", "buyer_id": "A"}, "buyer_id"), ({"seller_id": "A", "buyer_id": "B", "date": "hier"}, "date"),
    ({"seller_id": "A", "buyer_id": "B", "share": "3/2"}, "share"),
    ({"seller_id": "A", "buyer_id": "B", "share": "1/2", "right_kind": "bare"}, "owners"),
    ({"seller_id": "B", "buyer_id": "A"}, "owners"),  # B holds nothing
    ({"seller_id": "A", "buyer_id": "B", "date": "2019-01-01"}, "owners"),  # before A's right began
    ({"seller_id": "A", "buyer_id": "B", "price": 1}, "price"),
])
async def test_bad_transfers_are_422_and_write_nothing(client, conn, body, field):
    org, _, headers, unit, a, b, _c = await _lot(conn)
    await give_right(conn, org, unit, a)
    ids = {"A": str(a["id"]), "B": str(b["id"])}
    body = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    resp = await client.post(f"/api/v1/units/{unit['id']}/transfer", headers=headers, json=body)
    assert resp.status_code == 422 and field in (await resp.get_json())["errors"], await resp.get_json()
    assert await conn.fetchval("SELECT count(*) FROM unit_owners WHERE unit_id = $1", unit["id"]) == 1


@pytest.mark.parametrize("body", [b"{", b"[]", b"42"])
async def test_malformed_json_is_400(client, conn, body):
    _org, _, headers, unit, *_ = await _lot(conn)
    json_headers = {**headers, "Content-Type": "application/json"}
    for method, path in (("put", "owners"), ("post", "transfer")):
        resp = await getattr(client, method)(f"/api/v1/units/{unit['id']}/{path}", data=body, headers=json_headers)
        assert resp.status_code == 400


async def test_bad_date_query_is_422(client, conn):
    _org, _, headers, unit, *_ = await _lot(conn)
    assert (await client.get(f"/api/v1/units/{unit['id']}/owners?date=1er-mars", headers=headers)).status_code == 422


async def test_other_organisations_lots_and_owners_are_invisible(client, conn):
    _org, _, headers, unit, a, *_ = await _lot(conn)
    _o, _u, _their_headers, their_unit, their_owner, *_ = await _lot(conn)
    u, t = unit["id"], their_unit["id"]
    assert (await client.get(f"/api/v1/units/{t}/owners", headers=headers)).status_code == 404
    assert (await client.get(f"/api/v1/units/{t}/history", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/units/{t}/assign-owner/{a['id']}", headers=headers)).status_code == 404
    assert (await client.put(f"/api/v1/units/{u}/assign-owner/{their_owner['id']}", headers=headers)).status_code == 422
    body = {"owners": [{"owner_id": str(a["id"]), "share": "100"}]}
    assert (await client.put(f"/api/v1/units/{t}/owners", json=body, headers=headers)).status_code == 404
    sale = {"seller_id": str(a["id"]), "buyer_id": str(their_owner["id"])}
    assert (await client.post(f"/api/v1/units/{t}/transfer", json=sale, headers=headers)).status_code == 404
    assert await conn.fetchval("SELECT count(*) FROM unit_owners WHERE unit_id = ANY($1)", [u, t]) == 0


@pytest.mark.parametrize("role", ["accountant", "board_member", "owner"])
async def test_only_the_syndic_changes_ownership(client, conn, role):
    org, user, headers, unit, a, b, _ = await _lot(conn, role)
    await give_right(conn, org, unit, await make_owner(conn, org, "Moi", user=user))
    url = f"/api/v1/units/{unit['id']}"
    assert (await client.get(f"{url}/owners", headers=headers)).status_code == 200
    assert (await client.put(f"{url}/assign-owner/{a['id']}", headers=headers)).status_code == 403
    body = {"owners": [{"owner_id": str(a["id"]), "share": "100"}]}
    assert (await client.put(f"{url}/owners", json=body, headers=headers)).status_code == 403
    sale = {"seller_id": str(a["id"]), "buyer_id": str(b["id"])}
    assert (await client.post(f"{url}/transfer", json=sale, headers=headers)).status_code == 403


async def test_an_owner_cannot_read_a_lot_that_is_not_theirs(client, conn):
    org, _user, headers, unit, a, *_ = await _lot(conn, "owner")
    await give_right(conn, org, unit, a)
    for path in ("owners", "history"):
        assert (await client.get(f"/api/v1/units/{unit['id']}/{path}", headers=headers)).status_code == 404


async def test_choose_the_contact_without_a_new_deed(client, conn):
    org, _, headers, unit, a, b, c = await _lot(conn)
    await give_right(conn, org, unit, a, (1, 2))
    await give_right(conn, org, unit, b, (1, 2), contact=False)
    url = f"/api/v1/units/{unit['id']}"
    resp = await client.put(f"{url}/contact/{b['id']}", headers=headers)
    assert resp.status_code == 200
    assert [r["owner_id"] for r in (await resp.get_json())["owners"] if r["is_contact"]] == [str(b["id"])]
    assert len((await (await client.get(f"{url}/history", headers=headers)).get_json())["rights"]) == 2
    assert (await client.put(f"{url}/contact/{c['id']}", headers=headers)).status_code == 422
    _o, _u, reader = await api_user(conn, "accountant", org)
    assert (await client.put(f"{url}/contact/{a['id']}", headers=reader)).status_code == 403
