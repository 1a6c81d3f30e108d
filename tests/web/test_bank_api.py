"""Bank statements over /api/v1: a CODA file posted as multipart, matched, imported again (200, nothing changed),
the list, one statement with its movements, the "to assign" list, assign and undo; a gap 409; a malformed or
foreign file 422; other organisations 404; an owner 403."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

from domain.rules import coda
from domain.rules.bank_statement import CODA, Movement, Statement
from tests.factories import api_user, bearer, make_user, token
from tests.web.test_calls_api import setup

IBAN = "BE68539007547034"


def ogm(reference: int) -> str:
    return f"{reference:010d}{reference % 97 or 97:02d}"


def upload(data: bytes) -> dict:  # type: ignore[type-arg]
    from werkzeug.datastructures import FileStorage
    return {"file": FileStorage(io.BytesIO(data), filename="statement.cod", content_type="application/octet-stream")}


def coda_file(sequence: int, opening: D, movements: list[Movement], day: date) -> bytes:
    total = sum((m.amount for m in movements), D(0))
    return coda.write([Statement(CODA, IBAN, "EUR", sequence, opening, day, opening + total, day, tuple(movements),
                                 holder="ACP Le Parc")]).encode("cp850")


async def test_statement_imported_matched_assigned(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    assert (await client.post(f"{b}/funds", json={"kind": "working", "iban": IBAN}, headers=headers)).status_code == 201
    r = await client.post(f"{b}/calls", json={"kind": "ordinary", "label": "T1", "total": "1000", "call_date":
                                              "2027-01-01", "due_date": "2027-01-31"}, headers=headers)
    [call] = (await r.get_json())["data"]
    r = await client.post(f"/api/v1/calls/{call['id']}/issue", headers=headers)
    shares = {s["owner_id"]: s["communication"] for s in (await r.get_json())["shares"]}
    first = shares[str(owners[0]["id"])].strip("+").replace("/", "")
    day = date(2027, 1, 20)
    data = coda_file(1, D("0"), [Movement(1, day, day, D("600.00"), "Owner 1", structured_communication=first),
                                 Movement(2, day, day, D("35.50"), "Someone", free_communication="loyer")], day)
    r = await client.post(f"{b}/bank-statements", files=upload(data), headers=headers)
    body = await r.get_json()
    assert r.status_code == 201 and body["imported"] == 1 and body["statements"][0]["matched"] == 1
    r = await client.post(f"{b}/bank-statements", files=upload(data), headers=headers)
    assert r.status_code == 200 and (await r.get_json())["already_imported"] == 1
    [listed] = (await (await client.get(f"{b}/bank-statements", headers=headers)).get_json())["data"]
    shown = await (await client.get(listed["url"], headers=headers)).get_json()
    assert [(x["amount"], x["state"]) for x in shown["lines"]] == [("600.00", "matched"), ("35.50", "suspense")]
    assert shown["lines"][0]["owner_id"] == str(owners[0]["id"])
    [todo] = (await (await client.get(f"{b}/unmatched", headers=headers)).get_json())["data"]
    r = await client.post(f"/api/v1/bank-movements/{todo['id']}/assign", json={"owner_id": "x"}, headers=headers)
    assert r.status_code == 422 and "owner_id" in (await r.get_json())["errors"]
    r = await client.post(f"/api/v1/bank-movements/{todo['id']}/assign", json={"owner_id": str(owners[1]["id"])},
                          headers=headers)
    assert r.status_code == 200 and (await r.get_json())["state"] == "matched"
    assert (await client.post(f"/api/v1/bank-movements/{todo['id']}/assign", json={"owner_id": str(owners[1]["id"])},
                              headers=headers)).status_code == 409
    r = await client.post(f"/api/v1/bank-movements/{todo['id']}/unmatch", headers=headers)
    assert r.status_code == 200 and (await r.get_json())["state"] == "suspense"
    # a gap: statement 3 after 1
    gap = coda_file(3, D("5.00"), [], date(2027, 2, 1))
    r = await client.post(f"{b}/bank-statements", files=upload(gap), headers=headers)
    assert r.status_code == 409 and "n° 2 " in (await r.get_json())["message"]
    r = await client.post(f"{b}/bank-statements", files=upload(b"garbage" * 30),
                          headers=headers)
    assert r.status_code == 422 and "file" in (await r.get_json())["errors"]
    # an owner may not read the bank; another organisation finds nothing
    assert (await client.get(f"{b}/unmatched", headers=owner_headers)).status_code == 403
    other_org, _u, other = await api_user(conn)
    for path in (f"{b}/bank-statements", listed["url"], f"{b}/unmatched"):
        assert (await client.get(path, headers=other)).status_code == 404, path
    assert (await client.post(f"{b}/bank-statements", files=upload(data), headers=other)).status_code == 404
    for verb in ("assign", "unmatch"):
        r = await client.post(f"/api/v1/bank-movements/{todo['id']}/{verb}", json={}, headers=other)
        assert r.status_code == 404, verb
    accountant = await make_user(conn, org, "accountant")
    acc_headers = bearer(await token(conn, accountant, org, "accountant"))
    assert (await client.get(f"{b}/unmatched", headers=acc_headers)).status_code == 200


def test_a_statement_file_is_an_upload() -> None:
    from web.connection import UPLOAD, body_limit
    assert body_limit("POST", "/api/v1/buildings/1/bank-statements", True) == UPLOAD
    assert body_limit("POST", "/buildings/1/bank-statements", True) == UPLOAD


async def test_a_file_over_ten_megabytes_is_refused(client, conn) -> None:
    org, user, headers, building, owners, owner_headers = await setup(conn)
    b = f"/api/v1/buildings/{building.id}"
    assert (await client.post(f"{b}/funds", json={"kind": "working", "iban": IBAN}, headers=headers)).status_code == 201
    r = await client.post(f"{b}/bank-statements", files=upload(b"0" * (10 * 1024 * 1024 + 1)), headers=headers)
    assert r.status_code == 422 and "file" in (await r.get_json())["errors"]
