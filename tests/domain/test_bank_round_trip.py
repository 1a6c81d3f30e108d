"""Calls issued, then paid through a CODA and a CAMT.053 file written with the writers: an exact payment, a partial
one, an overpayment, a communication in the free text, one unknown; every owner's balance in the books, the
owners' ledgers, the suspense list; the same file again changes nothing; a missing statement is a 409 naming it;
a wrong match undone by a reversing entry and assigned again."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.bank import statements as bank
from domain.calls import calls, funds
from domain.errors import Conflict, Invalid, NotFound
from domain.rules import camt053, coda
from domain.rules.bank_statement import CAMT053, CODA, Movement, Statement
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

IBAN_W = "BE68539007547034"
PAYER_IBANS = ("BE71096123456769", "BE62510007547061", "BE43068999999501", "BE48735038052427")


@pytest.fixture
async def world(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Les Tilleuls")
    owners = []
    for i, quota in enumerate((250, 350, 400), start=1):
        unit = await make_unit(conn, org, building, str(i), quota=quota)
        owner = await make_owner(conn, org, f"Owner{i}")
        await give_right(conn, org, unit, owner)
        owners.append(owner["id"])
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN_W})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions T1", "total": "1000.00", "call_date": "2027-01-01",
        "due_date": "2027-01-31"})
    view = await calls.issue_call(conn, syndic, made.id)
    refs = {o: view.references[o] for o in owners}
    return org, syndic, building, owners, refs


def ogm(reference: int) -> str:
    return f"{reference:010d}{reference % 97 or 97:02d}"


async def owner_balance(conn, org, owner_id) -> D:  # type: ignore[no-untyped-def]
    """What the owner owes in the books (debit - credit on their sub-account of the owners' account)."""
    return D(await conn.fetchval("SELECT coalesce(sum(debit - credit), 0) FROM entry_lines "
                                 "WHERE organization_id = $1 AND owner_id = $2", org.id, owner_id)).quantize(D("0.01"))


def statement(fmt: str, sequence: int, opening: D, movements: list[Movement], day: date) -> Statement:
    total = sum((m.amount for m in movements), D(0))
    return Statement(fmt, IBAN_W, "EUR", sequence, opening, day, opening + total, day, tuple(movements),
                     holder="ACP Les Tilleuls")


async def test_round_trip(conn, world) -> None:
    org, syndic, building, owners, refs = world
    a, b, c = owners
    assert [await owner_balance(conn, org, o) for o in owners] == [D("250.00"), D("350.00"), D("400.00")]
    day = date(2027, 1, 20)
    first = statement(CODA, 1, D("0"), [
        Movement(1, day, day, D("250.00"), "Owner1", PAYER_IBANS[0], structured_communication=ogm(refs[a])),
        Movement(2, day, day, D("100.00"), "Owner2", PAYER_IBANS[1], structured_communication=ogm(refs[b])),
        Movement(3, day, day, D("-80.00"), "Ascenseurs SA", PAYER_IBANS[3], free_communication="Facture 42"),
    ], day)
    data = coda.write([first]).encode("cp850")
    [done] = await bank.import_statements(conn, syndic, building.id, data)
    assert (done.already, done.movements, done.matched) == (False, 3, 2)
    # the same file again: nothing changes, and the answer says so
    [again] = await bank.import_statements(conn, syndic, building.id, data)
    assert again.already and again.id == done.id
    assert await conn.fetchval("SELECT count(*) FROM bank_movements WHERE organization_id = $1", org.id) == 3
    day2 = date(2027, 1, 27)
    second = statement(CAMT053, 2, first.closing_balance, [
        Movement(1, day2, day2, D("500.00"), "Owner3", PAYER_IBANS[2], free_communication=f"T1 +++{ogm(refs[c])[:3]}/"
                 f"{ogm(refs[c])[3:7]}/{ogm(refs[c])[7:]}+++ merci"),
        Movement(2, day2, day2, D("200.00"), "Owner2", PAYER_IBANS[1], free_communication="provision"),
        Movement(3, day2, day2, D("42.00"), "Inconnu", "BE56001234567888", free_communication="?"),
    ], day2)
    fourth = statement(CAMT053, 4, second.closing_balance + D("1.00"), [], date(2027, 2, 3))
    with pytest.raises(Conflict) as gap:
        await bank.import_statements(conn, syndic, building.id, camt053.write([second, fourth]))
    assert "n° 3 " in str(gap.value.reason)
    # all or nothing: the second statement of the refused file was not kept either
    assert await conn.fetchval("SELECT count(*) FROM bank_statements WHERE organization_id = $1", org.id) == 1
    [two] = await bank.import_statements(conn, syndic, building.id, camt053.write([second]))
    assert (two.movements, two.matched) == (3, 1)
    # exact, partial, over: each owner's balance; the credit waits for the next call
    assert [await owner_balance(conn, org, o) for o in owners] == [D("0.00"), D("250.00"), D("-100.00")]
    todo = await bank.unmatched(conn, syndic, building.id)
    assert [(m.amount, m.state) for m in todo] == [(D("-80.00"), "suspense"), (D("200.00"), "proposed"),
                                                   (D("42.00"), "suspense")]
    assert todo[1].proposed_owner_id == b
    # the proposal confirmed in one click, the owner's ledger shows the payment
    confirmed = await bank.assign(conn, syndic, todo[1].id, {})
    assert confirmed.state == "matched" and confirmed.owner_id == b and confirmed.rule == "manual"
    assert await owner_balance(conn, org, b) == D("50.00")
    paid = await conn.fetchval("SELECT sum(amount) FROM owner_payments WHERE organization_id = $1 AND owner_id = $2",
                               org.id, b)
    assert paid == D("300.00")
    # a wrong assignment undone: a reversing entry, the payment out of the ledger, the movement back in suspense
    wrong = await bank.assign(conn, syndic, todo[2].id, {"owner_id": str(a)})
    assert await owner_balance(conn, org, a) == D("-42.00")
    undone = await bank.unmatch(conn, syndic, wrong.id)
    assert undone.state == "suspense" and await owner_balance(conn, org, a) == D("0.00")
    with pytest.raises(Conflict):
        await bank.unmatch(conn, syndic, wrong.id)
    reversals = await conn.fetchval("SELECT count(*) FROM journal_entries WHERE organization_id = $1 "
                                    "AND reverses_id IS NOT NULL AND source_kind = 'bank_movement'", org.id)
    assert reversals == 3
    # the bank account in the books holds what the bank says
    bank_balance = await conn.fetchval(
        "SELECT sum(l.debit - l.credit) FROM entry_lines l JOIN ledger_accounts x ON x.organization_id = "
        "l.organization_id AND x.id = l.account_id JOIN chart_accounts c ON c.code = x.code AND c.role = "
        "'bank_working' AND c.jurisdiction = 'BE' WHERE l.organization_id = $1", org.id)
    assert bank_balance == second.closing_balance
    # the suspense list
    assert [m.amount for m in await bank.unmatched(conn, syndic, building.id)] == [D("-80.00"), D("42.00")]
    [stored, movements] = await bank.get_statement(conn, syndic, done.id)
    assert stored.matched == 2 and [m.line_no for m in movements] == [1, 2, 3]
    assert [s.sequence for s in await bank.building_statements(conn, syndic, building.id)] == [2, 1]


async def test_refusals(conn, world) -> None:
    org, syndic, building, owners, refs = world
    day = date(2027, 1, 20)
    other = Statement(CODA, "BE43068999999501", "EUR", 1, D("0"), day, D("10"), day,
                      (Movement(1, day, day, D("10")),))
    with pytest.raises(Invalid) as e:
        await bank.import_statements(conn, syndic, building.id, coda.write([other]).encode())
    assert "BE43068999999501" in e.value.errors["file"]
    with pytest.raises(Invalid) as e:
        await bank.import_statements(conn, syndic, building.id, b"not a statement")
    assert "file" in e.value.errors
    stranger_org = await make_org(conn)
    stranger = actor(await make_user(conn, stranger_org, "syndic"), stranger_org, "syndic")
    with pytest.raises(NotFound):
        await bank.import_statements(conn, stranger, building.id, coda.write([other]).encode())
    with pytest.raises(NotFound):
        await bank.unmatched(conn, stranger, building.id)
    mine = statement(CODA, 1, D("0"), [Movement(1, day, day, D("10"), free_communication="x")], day)
    [done] = await bank.import_statements(conn, syndic, building.id, coda.write([mine]).encode())
    with pytest.raises(NotFound):
        await bank.get_statement(conn, stranger, done.id)
    [m] = await bank.unmatched(conn, syndic, building.id)
    with pytest.raises(NotFound):
        await bank.assign(conn, stranger, m.id, {"owner_id": str(owners[0])})
    with pytest.raises(Invalid):
        await bank.assign(conn, syndic, m.id, {})
    with pytest.raises(Invalid):
        await bank.assign(conn, syndic, m.id, {"owner_id": str((await make_owner(conn, org, "Nobody"))["id"])})


async def test_the_desk_lists_the_movements_to_assign(conn, world) -> None:
    from domain.access import require
    from domain.bank.desk import bank_desk
    from domain.desk.providers import PROVIDERS
    org, syndic, building, owners, refs = world
    assert bank_desk in PROVIDERS
    member = require(syndic, "bank_movement.assign")
    assert await bank_desk(conn, member, date(2027, 1, 21)) == []
    day = date(2027, 1, 20)
    mine = statement(CODA, 1, D("0"), [Movement(1, day, day, D("10"), free_communication="x"),
                                       Movement(2, day, day, D("-4"), free_communication="y"),
                                       Movement(3, day, day, D("250"), structured_communication=ogm(refs[owners[0]]))],
                     day)
    await bank.import_statements(conn, syndic, building.id, coda.write([mine]).encode())
    [item] = await bank_desk(conn, member, date(2027, 1, 21))
    assert (item.kind, item.count, item.building_id, item.due) == ("bank.to_assign", 2, building.id, date(2027, 1, 27))
    assert item.path == f"/buildings/{building.id}/bank#todo"
    other = await make_org(conn)
    stranger = require(actor(await make_user(conn, other, "syndic"), other, "syndic"), "bank_movement.assign")
    assert await bank_desk(conn, stranger, date(2027, 1, 21)) == []


async def test_money_out_pays_an_approved_expense(conn, world) -> None:
    from domain.charges import expense_lifecycle as life
    from domain.charges import expenses
    org, syndic, building, owners, refs = world
    made = await expenses.create_expense(conn, syndic, {
        "building_id": str(building.id), "category": "maintenance", "description": "Entretien ascenseur",
        "supplier": "Ascenseurs SA", "invoice_number": "F-2027-42", "amount_excl_vat": "80.00", "vat_rate": "0",
        "invoice_date": "2027-01-05"})
    await life.approve_expense(conn, syndic, made.id)
    other = await expenses.create_expense(conn, syndic, {
        "building_id": str(building.id), "category": "maintenance", "description": "Nettoyage",
        "supplier": "Clean SPRL", "invoice_number": "C-7", "amount_excl_vat": "30.00", "vat_rate": "0",
        "invoice_date": "2027-01-06"})
    await life.approve_expense(conn, syndic, other.id)
    day = date(2027, 1, 20)
    mine = statement(CODA, 1, D("100"), [
        Movement(1, day, day, D("-80.00"), "Ascenseurs SA", free_communication="Facture F-2027-42"),
        Movement(2, day, day, D("-30.00"), "Clean SPRL", free_communication="janvier")], day)
    [done] = await bank.import_statements(conn, syndic, building.id, coda.write([mine]).encode())
    assert done.matched == 1
    [_stored, lines] = await bank.get_statement(conn, syndic, done.id)
    assert (lines[0].state, lines[0].rule, lines[0].expense_id) == ("matched", "invoice", made.id)
    assert await conn.fetchval("SELECT status FROM expenses WHERE id = $1", made.id) == "paid"
    # the one without its reference in the text waits; the syndic assigns it in one click
    with pytest.raises(Invalid):
        await bank.assign(conn, syndic, lines[1].id, {"expense_id": str(made.id)})
    assigned = await bank.assign(conn, syndic, lines[1].id, {"expense_id": str(other.id)})
    assert assigned.expense_id == other.id
    assert await conn.fetchval("SELECT status FROM expenses WHERE id = $1", other.id) == "paid"
    undone = await bank.unmatch(conn, syndic, assigned.id)
    assert undone.state == "suspense"
    assert await conn.fetchval("SELECT status FROM expenses WHERE id = $1", other.id) == "approved"


async def test_an_owner_paid_by_the_bank_gets_a_notice_in_their_language(conn, world) -> None:
    org, syndic, building, owners, refs = world
    user = await make_user(conn, org, "owner")
    await conn.execute("UPDATE owners SET user_id = $1 WHERE id = $2", user.id, owners[0])
    day = date(2027, 1, 20)
    paid = statement(CODA, 1, D("0"), [
        Movement(1, day, day, D("1250.00"), "Owner1", PAYER_IBANS[0], structured_communication=ogm(refs[owners[0]]))],
        day)
    await bank.import_statements(conn, syndic, building.id, coda.write([paid]).encode("cp850"))
    [notice] = await conn.fetch("SELECT kind, template, params FROM notices WHERE user_id = $1", user.id)
    assert notice["kind"] == "payment.recorded"
    from domain.i18n import Msg, restored
    title = Msg(notice["template"], **restored(notice["params"]))
    assert title == "Paiement de 1\u202f250,00\u00a0€ reçu le 20/01/2027"
    english = title.translate(lambda text: "Payment of %(amount)s received on %(day)s", lambda v: f"€{v:,.2f}")
    assert english == "Payment of €1,250.00 received on 20/01/2027"
