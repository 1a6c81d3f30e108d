"""A year of books worked by hand, on a Belgian and on a French building: six lots over 1,000, expenses on the
general key and on a lift key, lot 6 sold on 1 July, payments, the closing.

Lots: L1 100 (A), L2 150 (B), L3 150 (C), L4 200 (D), L5 200 (E), L6 200 (F until 30 June, G from 1 July);
lift key: L3, L4, L5, L6 weight 1 each.
- 1 Feb insurance 1,200.00 (general): A 120, B 180, C 180, D 240, E 240, F 240 — paid to the insurer on 20 Feb;
- 15 Mar lift maintenance 400.00 (lift): C, D, E, F 100 each;
- 1 Sep cleaning 600.00 (general): A 60, B 90, C 90, D 120, E 120, G 120;
- 1 Oct lift repair 200.00 (lift): C, D, E, G 50 each;
- payments: A 100.00 on 1 Apr, F 340.00 on 15 Jun, G 50.00 on 1 Nov.
Charged: A 180, B 270, C 420, D 510, E 510, F 340, G 170 (= 2,400.00); owed at the year's end: A 80, B 270,
C 420, D 510, E 510, F 0, G 120. Suppliers still owed 1,200.00; the bank: 490.00 in, 1,200.00 out = −710.00.
Then 60.00 of bank interest posted by hand: the year's surplus, which the closing shares among the owners on
31 December by quota (A 6.00, B 9.00, C 9.00, D 12.00, E 12.00, G 12.00): A opens 2027 owing 74.00.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.access import require
from domain.accounting import books, closing
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.charges import expense_lifecycle as life
from domain.charges import expenses, keys
from domain.charges.owner_ledger import record_payment, statement
from domain.errors import Conflict
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

CODES = {"BE": {"owners": "4101", "suppliers": "440", "bank": "551", "charges_called": "701"},
         "FR": {"owners": "4501", "suppliers": "401", "bank": "512", "charges_called": "701"}}
CHARGED = {"A": D("180.00"), "B": D("270.00"), "C": D("420.00"), "D": D("510.00"), "E": D("510.00"),
           "F": D("340.00"), "G": D("170.00")}
PAID = {"A": D("100.00"), "F": D("340.00"), "G": D("50.00")}


async def _year_of_books(conn, jurisdiction: str):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, jurisdiction=jurisdiction)
    people = {name: await make_owner(conn, org, f"Owner{name}") for name in "ABCDEFG"}
    lots = {}
    for number, quota, name in (("L1", 100, "A"), ("L2", 150, "B"), ("L3", 150, "C"), ("L4", 200, "D"),
                                ("L5", 200, "E"), ("L6", 200, None)):
        lots[number] = await make_unit(conn, org, building, number, quota=quota)
        if name:
            await give_right(conn, org, lots[number], people[name])
    await give_right(conn, org, lots["L6"], people["F"], end=date(2026, 6, 30))
    await give_right(conn, org, lots["L6"], people["G"], start=date(2026, 7, 1))
    lift = await keys.create_key(conn, syndic, building.id, {"name": "Ascenseur", "weights": {
        str(lots[n]["id"]): 1 for n in ("L3", "L4", "L5", "L6")}})
    ids = []
    for category, amount, day, key, supplier in (
            ("insurance", "1200.00", "2026-02-01", None, "AG Assur"), ("lift", "400.00", "2026-03-15", lift, "Lift SA"),
            ("cleaning", "600.00", "2026-09-01", None, "Propre SPRL"), ("lift", "200.00", "2026-10-01", lift, "Lift SA")):
        draft = await expenses.create_expense(conn, syndic, {
            "category": category, "description": f"{category} {day}", "amount_excl_vat": amount, "vat_rate": "0",
            "invoice_date": day, "supplier": supplier, **({"sharing_key_id": str(key.id)} if key else {})},
            building.id)
        ids.append((await life.approve_expense(conn, syndic, draft.id)).id)
    await life.mark_paid(conn, syndic, ids[0], {"paid_on": "2026-02-20"})
    for name, day in (("A", "2026-04-01"), ("F", "2026-06-15"), ("G", "2026-11-01")):
        await record_payment(conn, syndic, building.id, {"owner_id": str(people[name]["id"]),
                                                         "amount": str(PAID[name]), "paid_on": day})
    return org, syndic, building, people


@pytest.mark.parametrize("jurisdiction", ["BE", "FR"])
async def test_a_year_of_books_worked_by_hand(conn, jurisdiction: str) -> None:
    org, syndic, building, people = await _year_of_books(conn, jurisdiction)
    codes = CODES[jurisdiction]
    # every entry balances
    unbalanced = await conn.fetchval("SELECT count(*) FROM (SELECT entry_id FROM entry_lines WHERE building_id = $1"
                                     " GROUP BY entry_id HAVING sum(debit) <> sum(credit)) x", building.id)
    assert unbalanced == 0
    tb = await books.trial_balance(conn, syndic, building.id, {"year": "2026"})
    assert tb.balanced and tb.debit == tb.credit
    by_code: dict[str, D] = {}
    for r in tb.accounts:
        by_code[r.code] = by_code.get(r.code, D(0)) + r.balance
    assert by_code[codes["owners"]] == sum(CHARGED.values()) - sum(PAID.values()) == D("1910.00")
    assert by_code[codes["suppliers"]] == D("-1200.00") and by_code[codes["bank"]] == D("-710.00")
    assert by_code[codes["charges_called"]] == D("-2400.00")
    # every owner's ledger: what they were charged minus what they paid
    for name, owner in people.items():
        s = await statement(conn, syndic, owner["id"], {"building": str(building.id), "from": "2026-01-01",
                                                        "to": "2026-12-31"})
        assert (s.opening, s.total_charges, s.total_payments) == (0, CHARGED[name], PAID.get(name, D("0.00"))), name
        assert s.closing == CHARGED[name] - PAID.get(name, D(0))
    # the bank's interest, 60.00, by hand: the year's result, a surplus the closing shares by quota among the
    # owners on 31 December (A 6.00, B 9.00, C 9.00, D 12.00, E 12.00, G 12.00 — F sold in July)
    await books.post_manual_entry(conn, syndic, building.id, {
        "entry_date": "2026-12-15", "label": "Intérêts", "lines": [
            {"account": "bank_working", "debit": "60.00"}, {"account": "financial_income", "credit": "60.00"}]})
    # the closing: checklist clear, then balances carried into 2027's opening journal
    year = tb.year
    assert year is not None
    assert (await closing.checklist(conn, syndic, year.id)).ready
    closed = await closing.close_year(conn, syndic, year.id)
    assert closed.state == "closed"
    closing_balances = {(r.code, r.party): r.balance for r in
                        (await books.trial_balance(conn, syndic, building.id, {"year": "2026"})).accounts
                        if r.code[0] in "12345" and r.balance}
    opening = await books.trial_balance(conn, syndic, building.id, {"year": "2027"})
    assert {(r.code, r.party): r.balance for r in opening.accounts} == closing_balances
    assert all(r.balance == 0 for r in (await books.trial_balance(conn, syndic, building.id, {"year": "2026"})).accounts
               if r.code[0] in "67")
    s = await statement(conn, syndic, people["A"]["id"], {"building": str(building.id), "from": "2027-01-01",
                                                          "to": "2027-12-31"})
    assert s.closing == D("74.00")
    g = await statement(conn, syndic, people["G"]["id"], {"building": str(building.id), "from": "2026-01-01",
                                                          "to": "2026-12-31"})
    assert g.closing == D("108.00") and g.lines[-1].entry.credit == D("12.00")
    f = await statement(conn, syndic, people["F"]["id"], {"building": str(building.id), "from": "2026-01-01",
                                                          "to": "2026-12-31"})
    assert f.closing == 0
    # nothing posts into the closed year, and it does not close twice
    member = require(syndic, "entry.post", building.id)
    with pytest.raises(Conflict):
        await post_entry(conn, member, building.id, EntryDraft("OD", date(2026, 12, 31), "Tard", (
            LineDraft("6100" if jurisdiction == "BE" else "614", debit=D("1.00")),
            LineDraft("suspense", credit=D("1.00")))))
    with pytest.raises(Conflict):
        await closing.close_year(conn, syndic, year.id)
