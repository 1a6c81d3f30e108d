"""The bank pages without JavaScript: a CODA file uploaded from the form, the page says what was imported, the
movement left in suspense assigned in one click, the match undone from the statement's page; a bad file re-renders
the form with the message beside the field; another organisation's statement is a 404."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

from quart.datastructures import FileStorage

from domain.calls import funds
from domain.rules import coda
from domain.rules.bank_statement import CODA, Movement, Statement
from tests.factories import actor, browser_login, give_right, make_building, make_org, make_owner, make_unit

IBAN = "BE68539007547034"


def _file(data: bytes) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename="extrait.cod", content_type="application/octet-stream")


async def test_upload_assign_undo(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    building = await make_building(conn, org, name="Le Parc")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Dupont")
    await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, actor(user, org, "syndic"), building.id, {"kind": "working", "iban": IBAN})
    day = date(2027, 1, 20)
    data = coda.write([Statement(CODA, IBAN, "EUR", 1, D("0"), day, D("75.00"), day,
                                 (Movement(1, day, day, D("75.00"), "M. Dupont", free_communication="charges"),),
                                 holder="ACP Le Parc")]).encode("cp850")
    r = await client.post(f"/buildings/{building.id}/bank-statements", form={"csrf_token": csrf},
                          files={"file": _file(b"nonsense" * 40)})
    html = await r.get_data(as_text=True)
    assert r.status_code == 422 and 'id="e-file"' in html
    r = await client.post(f"/buildings/{building.id}/bank-statements", form={"csrf_token": csrf},
                          files={"file": _file(data)})
    assert r.status_code == 303
    html = await (await client.get(r.headers["Location"])).get_data(as_text=True)
    assert "Extraits importés : 1" in html and "M. Dupont" in html and "Attribuer" in html
    [m] = await conn.fetch("SELECT id, statement_id FROM bank_movements WHERE organization_id = $1", org.id)
    r = await client.post(f"/bank-movements/{m['id']}/assign", form={"csrf_token": csrf, "owner_id": str(owner["id"])})
    assert r.status_code == 303
    html = await (await client.get(f"/bank-statements/{m['statement_id']}")).get_data(as_text=True)
    assert "Dupont" in html and "Annuler" in html
    r = await client.post(f"/bank-movements/{m['id']}/unmatch", form={"csrf_token": csrf})
    assert r.status_code == 303
    html = await (await client.get(f"/bank-statements/{m['statement_id']}")).get_data(as_text=True)
    assert "Compte d&#39;attente (499)" in html or "Compte d'attente (499)" in html
    page = await (await client.get(f"/buildings/{building.id}")).get_data(as_text=True)
    assert "1 mouvement à attribuer." in page
    other = await make_org(conn)
    _o, _u, _c = await browser_login(client, conn, org=other)
    assert (await client.get(f"/bank-statements/{m['statement_id']}")).status_code == 404
    assert (await client.get(f"/buildings/{building.id}/bank")).status_code == 404


async def test_money_out_assigned_to_an_expense_from_the_page(client, conn) -> None:
    from domain.charges import expense_lifecycle as life
    from domain.charges import expenses
    org, user, csrf = await browser_login(client, conn)
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, name="Le Parc")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    await give_right(conn, org, unit, await make_owner(conn, org, "Dupont"))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN})
    made = {}
    for n, (supplier, amount) in enumerate((("Clean SPRL", "30.00"), ("Jardins SA", "30.00"),
                                            ("Autre SA", "55.00")), start=1):
        e = await expenses.create_expense(conn, syndic, {
            "building_id": str(building.id), "category": "maintenance", "description": f"Travaux {n}",
            "supplier": supplier, "invoice_number": f"J-{n}", "amount_excl_vat": amount, "vat_rate": "0",
            "invoice_date": "2027-01-06"})
        await life.approve_expense(conn, syndic, e.id)
        made[supplier] = e.id
    day = date(2027, 1, 20)
    data = coda.write([Statement(CODA, IBAN, "EUR", 1, D("100"), day, D("70.00"), day,
                                 (Movement(1, day, day, D("-30.00"), "Jardins", free_communication="janvier"),),
                                 holder="ACP Le Parc")]).encode("cp850")
    r = await client.post(f"/buildings/{building.id}/bank-statements", form={"csrf_token": csrf},
                          files={"file": _file(data)})
    assert r.status_code == 303
    html = await (await client.get(f"/buildings/{building.id}/bank")).get_data(as_text=True)
    # the two approved expenses of 30.00 are offered, not the one of 55.00
    assert "Dépense payée" in html and "Clean SPRL" in html and "Jardins SA" in html and "Autre SA" not in html
    [m] = await conn.fetch("SELECT id, statement_id FROM bank_movements WHERE organization_id = $1", org.id)
    r = await client.post(f"/bank-movements/{m['id']}/assign",
                          form={"csrf_token": csrf, "expense_id": str(made["Jardins SA"])})
    assert r.status_code == 303
    assert await conn.fetchval("SELECT status FROM expenses WHERE id = $1", made["Jardins SA"]) == "paid"
    html = await (await client.get(f"/bank-statements/{m['statement_id']}")).get_data(as_text=True)
    assert "Jardins SA" in html and "Annuler" in html
    html = await (await client.get(f"/buildings/{building.id}/bank")).get_data(as_text=True)
    assert "Aucun mouvement à attribuer." in html
