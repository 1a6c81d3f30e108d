"""A realistic building worked by hand: quotas over 1,000, a lot owned 50/50, a lot in usufruct, a lift key."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.charges import expense_lifecycle as life
from domain.charges import expenses, keys
from domain.charges.owner_ledger import explain_line, statement
from domain.errors import Conflict
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


@pytest.fixture
async def tilleuls(conn):
    """Six lots: A1 150 (Dupont), A2 150 (Martin / Leroy, half each), B1 200 (usufruct Usu, bare Nue),
    B2 200 (Peeters), C1 150 (Janssens), C2 150 (Dupont); lift key B1 10, B2 10, C2 15."""
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000)
    units = {num: await make_unit(conn, org, building, num, quota=q, floor=f)
             for num, q, f in (("A1", 150, 0), ("A2", 150, 0), ("B1", 200, 1), ("B2", 200, 1), ("C1", 150, 2),
                               ("C2", 150, 2))}
    people = {name: await make_owner(conn, org, name) for name in
              ("Dupont", "Martin", "Leroy", "Usu", "Nue", "Peeters", "Janssens")}
    for num, name in (("A1", "Dupont"), ("B2", "Peeters"), ("C1", "Janssens"), ("C2", "Dupont")):
        await give_right(conn, org, units[num], people[name])
    await give_right(conn, org, units["A2"], people["Martin"], (1, 2))
    await give_right(conn, org, units["A2"], people["Leroy"], (1, 2), contact=False)
    await give_right(conn, org, units["B1"], people["Usu"], kind="usufruct")
    await give_right(conn, org, units["B1"], people["Nue"], kind="bare", contact=False)
    lift = await keys.create_key(conn, syndic, building.id, {"name": "Ascenseur", "weights": {
        str(units["B1"]["id"]): 10, str(units["B2"]["id"]): 10, str(units["C2"]["id"]): 15}})
    return org, syndic, building, units, people, lift


async def approved(conn, syndic, building, **over):
    """Record and approve an expense."""
    data = {"category": "insurance", "description": "Assurance incendie", "amount_excl_vat": "1234.57",
            "vat_rate": "0", "invoice_date": "2026-03-01", **over}
    draft = await expenses.create_expense(conn, syndic, data, building.id)
    return await life.approve_expense(conn, syndic, draft.id)


async def owed(conn, expense_id, people):
    """{owner name: amount over all their lots} of an expense's stored lines."""
    names = {p["id"]: name for name, p in people.items()}
    rows = await conn.fetch("SELECT owner_id, sum(amount) AS amount FROM charge_lines WHERE expense_id = $1 "
                            "GROUP BY owner_id", expense_id)
    return {names[r["owner_id"]]: r["amount"] for r in rows}


async def test_general_key_to_lots_then_owners(conn, tilleuls):
    _org, syndic, building, _units, people, _ = tilleuls
    expense = await approved(conn, syndic, building)
    lots = {r["unit_number"]: r["amount"] for r in
            await conn.fetch("SELECT unit_number, amount FROM expense_lot_shares WHERE expense_id = $1", expense.id)}
    # 1234.57 x 150/1000 = 185.1855 (x4 lots), x 200/1000 = 246.914 (x2): floors sum to 1234.54; the three
    # missing cents go to the largest remainders (.55, tied four ways), by lot number: A1, A2, C1.
    assert lots == {"A1": D("185.19"), "A2": D("185.19"), "B1": D("246.91"), "B2": D("246.91"),
                    "C1": D("185.19"), "C2": D("185.18")}
    lines = await owed(conn, expense.id, people)
    first, second = sorted(["Martin", "Leroy"], key=lambda n: str(people[n]["id"]))
    # A2's 185.19 halved is 92.595 each: the odd cent goes to the smaller owner id.
    assert lines == {"Dupont": D("370.37"), first: D("92.60"), second: D("92.59"), "Usu": D("246.91"),
                     "Peeters": D("246.91"), "Janssens": D("185.19")}
    assert "Nue" not in lines  # ordinary charges: the usufructuary pays
    total = await conn.fetchval("SELECT sum(amount) FROM charge_lines WHERE expense_id = $1", expense.id)
    assert total == D("1234.57")


async def test_lift_key_and_works(conn, tilleuls):
    _org, syndic, building, _units, people, lift = tilleuls
    lift_expense = await approved(conn, syndic, building, category="lift", description="Entretien ascenseur",
                                  amount_excl_vat="1000.00", sharing_key_id=str(lift.id))
    # 1000 x 10/35 = 285.714 (B1, B2), x 15/35 = 428.571 (C2): one cent left, B1 and B2 tie → B1.
    assert await owed(conn, lift_expense.id, people) == {"Usu": D("285.72"), "Peeters": D("285.71"),
                                                         "Dupont": D("428.57")}
    works = await approved(conn, syndic, building, category="works", description="Façade",
                           amount_excl_vat="10000.00")
    lines = await owed(conn, works.id, people)
    assert lines["Nue"] == D("2000.00") and "Usu" not in lines  # works: the bare owner pays
    assert lines["Martin"] == lines["Leroy"] == D("750.00") and lines["Dupont"] == D("3000.00")


async def test_why_do_i_owe_this(conn, tilleuls):
    _org, syndic, building, _units, people, lift = tilleuls
    expense = await approved(conn, syndic, building, category="lift", description="Entretien ascenseur",
                             amount_excl_vat="1000.00", sharing_key_id=str(lift.id))
    line_id = await conn.fetchval("SELECT id FROM charge_lines WHERE expense_id = $1 AND owner_id = $2",
                                  expense.id, people["Usu"]["id"])
    why = await explain_line(conn, syndic, line_id)
    assert (why.facts.expense_total, why.facts.weight, why.facts.key_total) == (D("1000.00"), 10, 35)
    assert round(float(why.lot_exact), 4) == 285.7143 and why.facts.lot_amount == D("285.72")
    assert why.facts.lot_adjustment == D("0.01") and why.share == 1 and why.payer_rule == "usufruct"
    account = await statement(conn, syndic, people["Usu"]["id"], {"building": str(building.id),
                                                                  "from": "2026-01-01", "to": "2026-12-31"})
    assert account.closing == D("285.72") and account.lines[0].entry.debit == D("285.72")


async def test_allocation_is_stored_not_recomputed(conn, tilleuls):
    org, syndic, building, units, people, _lift = tilleuls
    expense = await approved(conn, syndic, building)
    await conn.execute("UPDATE units SET quota = 1 WHERE id = $1", units["A1"]["id"])
    assert (await owed(conn, expense.id, people))["Janssens"] == D("185.19")
    with pytest.raises(Conflict):
        await life.approve_expense(conn, syndic, expense.id)
    assert await life.lot_has_charges(conn, org.id, units["A1"]["id"])


async def test_a_lot_without_owner_on_the_date_refuses_approval(conn, tilleuls):
    org, syndic, building, *_ = tilleuls
    await make_unit(conn, org, building, "D1", quota=10)
    draft = await expenses.create_expense(conn, syndic, {"category": "water", "description": "Eau",
                                                         "amount_excl_vat": "100", "invoice_date": "2026-01-05"},
                                          building.id)
    with pytest.raises(Conflict):
        await life.approve_expense(conn, syndic, draft.id)
    assert (await expenses.get_expense(conn, syndic, draft.id)).status == "draft"
    assert await conn.fetchval("SELECT count(*) FROM charge_lines WHERE expense_id = $1", draft.id) == 0
    assert date.today()  # the draft stays editable


async def test_the_register_refuses_a_new_quota_once_charges_are_allocated(conn, tilleuls):
    from domain.register.units import update_unit
    _org, syndic, building, units, _people, _lift = tilleuls
    await update_unit(conn, syndic, units["A1"]["id"], {"quota": 140})  # no charge yet: allowed
    await approved(conn, syndic, building, amount_excl_vat="990.00")
    with pytest.raises(Conflict, match="charges"):
        await update_unit(conn, syndic, units["A1"]["id"], {"quota": 150})
