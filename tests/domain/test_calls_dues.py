"""What an owner owes, line by line, computed by hand: two lots over 1,000 (400 Alice, 600 Bruno), two quarterly
calls of 1,000 €, the first quarter's charges of 1,500 € settled (Alice 600 against 400 of provisions: 200 to pay;
Bruno 900 against 600: 300), and the owners' payments — recorded by hand or matched from the bank — imputed oldest
due first (C. civ. art. 5.208): paid exactly, partly, beyond their dues (an advance)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.access import require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry, reverse_entry
from domain.calls import calls, dues, funds, settlement
from domain.charges import owner_ledger
from domain.errors import Invalid
from tests.domain.test_calls_worked_example import _expense
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

IBAN = "BE68 5390 0754 7034"


@pytest.fixture
async def quarters(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Les Hêtres")
    people = {}
    for number, quota, name in (("1", 400, "Alice"), ("2", 600, "Bruno")):
        unit = await make_unit(conn, org, building, number, quota=quota)
        people[name] = await make_owner(conn, org, name)
        await give_right(conn, org, unit, people[name])
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN, "bic": "GKCCBEBB"})
    made = [await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": label, "period_start": a, "period_end": b, "due_date": a, "total": "1000"})
        for label, a, b in (("T1", "2027-01-01", "2027-03-31"), ("T2", "2027-04-01", "2027-06-30"))]
    for c in made:
        await calls.issue_call(conn, syndic, c.id)
    return org, syndic, building, {k: v["id"] for k, v in people.items()}


async def _by_hand(conn, syndic, building, owner_id, amount: str, day: str) -> None:  # type: ignore[no-untyped-def]
    await owner_ledger.record_payment(conn, syndic, building.id, {"owner_id": str(owner_id), "amount": amount,
                                                                  "paid_on": day})


async def _from_the_bank(conn, syndic, building, owner_id, amount: str, day: str):  # type: ignore[no-untyped-def]
    """A movement matched to the owner, posted as the statement import posts it."""
    member = require(syndic, "call.read", building.id)
    return await post_entry(conn, member, building.id, EntryDraft("BQ1", date.fromisoformat(day), "Virement", (
        LineDraft("bank_working", debit=D(amount)), LineDraft("owners", credit=D(amount), owner_id=owner_id)),
        source=("bank_movement", None)))


def _lines(account: dues.Account) -> list[tuple]:
    """Each due, the oldest first: what, amount, paid, remaining."""
    return [(d.source, d.label if d.source == "call" else str(d.call.period_start), d.to_pay, d.paid, d.remaining)
            for d in sorted(account.dues, key=lambda d: (d.call.due_date, d.source))]


async def test_payments_are_imputed_call_by_call_oldest_first(conn, quarters) -> None:
    org, syndic, building, p = quarters
    nothing = await dues.owner_account(conn, syndic, p["Bruno"])
    assert _lines(nothing) == [("call", "T1", D("600.00"), D("0.00"), D("600.00")),
                               ("call", "T2", D("600.00"), D("0.00"), D("600.00"))]
    # exact: Alice pays her first call by hand
    await _by_hand(conn, syndic, building, p["Alice"], "400.00", "2027-01-10")
    alice = await dues.owner_account(conn, syndic, p["Alice"])
    assert _lines(alice) == [("call", "T1", D("400.00"), D("400.00"), D("0.00")),
                             ("call", "T2", D("400.00"), D("0.00"), D("400.00"))]
    [t1] = [d for d in alice.dues if d.label == "T1"]
    assert t1.qr is None and alice.advance == D("0.00")  # nothing left to scan
    # partial: Bruno pays 600 by hand and 480 from the bank: T1 paid, 120 left on T2, the QR code asks 120
    await _by_hand(conn, syndic, building, p["Bruno"], "600.00", "2027-01-05")
    matched = await _from_the_bank(conn, syndic, building, p["Bruno"], "480.00", "2027-04-03")
    bruno = await dues.owner_account(conn, syndic, p["Bruno"])
    assert _lines(bruno) == [("call", "T1", D("600.00"), D("600.00"), D("0.00")),
                             ("call", "T2", D("600.00"), D("480.00"), D("120.00"))]
    [t2] = [d for d in bruno.dues if d.label == "T2"]
    assert t2.qr is not None and "\nEUR120.00\n" in t2.qr
    # over: Alice pays 500 more: T2 paid, 100 is an advance
    await _from_the_bank(conn, syndic, building, p["Alice"], "500.00", "2027-04-02")
    alice = await dues.owner_account(conn, syndic, p["Alice"])
    assert [x[3:] for x in _lines(alice)] == [(D("400.00"), D("0.00")), (D("400.00"), D("0.00"))]
    assert alice.advance == D("100.00")
    # a movement taken back from Bruno (reversed on the same source) is no payment any more
    await reverse_entry(conn, require(syndic, "call.read", building.id), matched.id, entry_date=date(2027, 4, 4),
                        source=("bank_movement", None))
    assert [x[4] for x in _lines(await dues.owner_account(conn, syndic, p["Bruno"]))] == [D("0.00"), D("600.00")]


async def test_a_balance_to_pay_is_its_own_line_with_its_due_date_account_and_qr(conn, quarters) -> None:
    org, syndic, building, p = quarters
    await _expense(conn, syndic, building, "1500.00", "2027-02-20")  # after T1 was issued: funded by provisions
    with pytest.raises(Invalid):  # the due date cannot come before the period's end
        await settlement.post_settlement(conn, syndic, building.id, {
            "from": "2027-01-01", "to": "2027-03-31", "due_date": "2027-03-01"})
    posted = await settlement.post_settlement(conn, syndic, building.id, {
        "from": "2027-01-01", "to": "2027-03-31", "due_date": "2027-05-15"})
    assert posted.settlement.due_date == date(2027, 5, 15)
    assert {x.owner_id: x.balance for x in posted.lines} == {p["Alice"]: D("200.00"), p["Bruno"]: D("300.00")}
    alice = await dues.owner_account(conn, syndic, p["Alice"])
    assert _lines(alice) == [("call", "T1", D("400.00"), D("0.00"), D("400.00")),
                             ("call", "T2", D("400.00"), D("0.00"), D("400.00")),
                             ("settlement", "2027-01-01", D("200.00"), D("0.00"), D("200.00"))]
    [balance] = [d for d in alice.dues if d.source == "settlement"]
    [t1] = [d for d in alice.dues if d.label == "T1"]
    assert balance.call_id == posted.settlement.id and balance.call.due_date == date(2027, 5, 15)
    assert (balance.call.holder, balance.call.iban, balance.call.bic) == (
        "ACP Les Hêtres", "BE68539007547034", "GKCCBEBB")
    assert balance.communication == t1.communication  # the same working-fund communication as her provisions
    assert balance.qr is not None and balance.qr.split("\n")[7:10] == [
        "EUR200.00", "", balance.communication.strip("+").replace("/", "")]
    # 1,000 from the bank pays her calls (800) and 200 of the balance, exactly
    await _from_the_bank(conn, syndic, building, p["Alice"], "900.00", "2027-05-01")
    alice = await dues.owner_account(conn, syndic, p["Alice"])
    assert [x[3:] for x in _lines(alice)] == [(D("400.00"), D("0.00")), (D("400.00"), D("0.00")),
                                              (D("100.00"), D("100.00"))]
    [balance] = [d for d in alice.dues if d.source == "settlement"]
    assert balance.qr is not None and "\nEUR100.00\n" in balance.qr
    # an owner whose settlement is a credit has no balance line (the credit is taken off their next call)


async def test_an_owner_never_called_gets_a_communication_for_the_balance(conn, quarters) -> None:
    org, syndic, _building, _p = quarters
    building = await make_building(conn, org, total_quota=1000, name="Les Saules")  # no provisions called here
    unit = await make_unit(conn, org, building, "1", quota=1000)
    chloe = await make_owner(conn, org, "Chloé")
    await give_right(conn, org, unit, chloe)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN})
    await _expense(conn, syndic, building, "250.00", "2027-02-20")
    posted = await settlement.post_settlement(conn, syndic, building.id, {"from": "2027-01-01", "to": "2027-03-31"})
    assert [x.balance for x in posted.lines] == [D("250.00")]
    [balance] = (await dues.owner_account(conn, syndic, chloe["id"])).dues
    assert balance.communication is not None and balance.communication.startswith("+++")
    assert balance.qr is not None and "\nEUR250.00\n" in balance.qr and balance.call.bic is None

