"""A cancelled call frees its payments: an owner paid it through the bank, the syndic cancels it; the call's entry
is reversed (the original kept), the owner's account shows the credit, the bank match stays a payment, the next
call's dues take the credit; a second cancellation, a draft and a call of a closed year are 409."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.bank import statements as bank
from domain.calls import calls, cancel, funds, notary
from domain.collection import arrears
from domain.errors import Conflict, Invalid
from domain.rules import coda
from domain.rules.bank_statement import CODA, Movement, Statement
from queries.collection import arrears as qa
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

IBAN_W = "BE68539007547034"


@pytest.fixture
async def world(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Les Tilleuls")
    owners = []
    for name, quota in (("Payer", 400), ("Other", 600)):
        unit = await make_unit(conn, org, building, name, quota=quota)
        owner = await make_owner(conn, org, name)
        await give_right(conn, org, unit, owner)
        owners.append(owner["id"])
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN_W})
    return org, syndic, building, owners


async def _issued(conn, syndic, building, label, call_date, due_date):  # type: ignore[no-untyped-def]
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": label, "total": "1000.00", "call_date": call_date, "due_date": due_date})
    return await calls.issue_call(conn, syndic, made.id)


async def _balance(conn, org, owner_id) -> D:  # type: ignore[no-untyped-def]
    return D(await conn.fetchval("SELECT coalesce(sum(debit - credit), 0) FROM entry_lines "
                                 "WHERE organization_id = $1 AND owner_id = $2", org.id, owner_id))


def _ogm(reference: int) -> str:
    return f"{reference:010d}{reference % 97 or 97:02d}"


async def pay_by_bank(conn, syndic, building, reference: int, amount: D, day: date):  # type: ignore[no-untyped-def]
    """The payer's transfer with their structured communication, imported from a one-movement CODA statement."""
    paid = Movement(1, day, day, amount, "Payer", "BE71096123456769", structured_communication=_ogm(reference))
    data = coda.write([Statement(CODA, IBAN_W, "EUR", 1, D("0"), day, amount, day, (paid,),
                                 holder="ACP Les Tilleuls")]).encode("cp850")
    return await bank.import_statements(conn, syndic, building.id, data)


async def test_a_cancelled_call_frees_its_payments(conn, world) -> None:
    org, syndic, building, (payer, other) = world
    first = await _issued(conn, syndic, building, "Provisions T1", "2027-01-05", "2027-01-31")
    [imported] = await pay_by_bank(conn, syndic, building, first.references[payer], D("400.00"), date(2027, 1, 20))
    assert imported.matched == 1 and await _balance(conn, org, payer) == D("0.00")

    done = await cancel.cancel_call(conn, syndic, first.id, {"reason": "Budget voté à revoir"}, date(2027, 2, 3))
    assert done.call.status == "cancelled" and done.entry_date == date(2027, 2, 3) and done.owners == 2
    # the original entry stays; its reversal sits beside it
    reversal = await conn.fetchrow("SELECT reverses_id, label FROM journal_entries WHERE organization_id = $1 "
                                   "AND id = $2", org.id, done.entry_id)
    assert reversal["reverses_id"] == first.call.entry_id and reversal["label"] == "Annulation : Provisions T1"
    # the payer's 400 is a credit now; the other owner owes nothing any more
    assert await _balance(conn, org, payer) == D("-400.00")
    assert await _balance(conn, org, other) == D("0.00")
    assert await qa.open_items(conn, org.id, building.id) == []
    # the bank match stays a payment
    matched = await conn.fetchval("SELECT count(*) FROM bank_movements WHERE organization_id = $1 "
                                  "AND state = 'matched'", org.id)
    assert matched == 1
    shown = await cancel.cancellation(conn, syndic, done.call)
    assert shown is not None and shown.reason == "Budget voté à revoir"
    # the next call: the payer owes 400 less, the credit used oldest first
    await _issued(conn, syndic, building, "Provisions T1 (revu)", "2027-02-05", "2027-02-28")
    items = {i.owner_id: (i.amount, i.outstanding, i.label) for i in await qa.open_items(conn, org.id, building.id)}
    assert payer not in items  # fully paid by the credit
    assert items[other] == (D("600.00"), D("600.00"), "Provisions T1 (revu)")
    rows = {r.row.owner_id: r.row.total for r in await arrears.arrears(conn, syndic, date(2027, 4, 1), building.id)}
    assert rows == {other: D("600.00")}


async def test_cancelled_twice_a_draft_a_closed_year(conn, world) -> None:
    org, syndic, building, _owners = world
    with pytest.raises(Invalid) as bad:
        await cancel.cancel_call(conn, syndic, (await _issued(conn, syndic, building, "T1", "2027-01-05",
                                                              "2027-01-31")).id, {"reason": "  "})
    assert "reason" in bad.value.errors
    issued = await _issued(conn, syndic, building, "T2", "2027-04-05", "2027-04-30")
    await cancel.cancel_call(conn, syndic, issued.id, {"reason": "Erreur de clé"}, date(2027, 4, 10))
    with pytest.raises(Conflict):
        await cancel.cancel_call(conn, syndic, issued.id, {"reason": "Encore"})
    draft = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "T3", "total": "1000.00", "call_date": "2027-07-05", "due_date": "2027-07-31"})
    with pytest.raises(Conflict):
        await cancel.cancel_call(conn, syndic, draft.id, {"reason": "Brouillon"})
    old = await _issued(conn, syndic, building, "T4", "2027-10-05", "2027-10-31")
    await conn.execute("UPDATE fiscal_years SET state = 'closed', closed_at = now() "
                       "WHERE organization_id = $1 AND building_id = $2", org.id, building.id)
    with pytest.raises(Conflict) as closed:
        await cancel.cancel_call(conn, syndic, old.id, {"reason": "Trop tard"})
    assert "clôturé" in str(closed.value.reason)


def test_the_reversal_date_stays_in_the_call_year() -> None:
    from queries.calls.cancel import Year
    year = Year("open", date(2027, 1, 1), date(2027, 12, 31))
    assert cancel.reversal_date(date(2027, 3, 1), date(2027, 1, 5), year) == date(2027, 3, 1)
    assert cancel.reversal_date(date(2028, 2, 1), date(2027, 1, 5), year) == date(2027, 12, 31)
    assert cancel.reversal_date(date(2026, 12, 1), date(2027, 1, 5), year) == date(2027, 1, 5)


async def test_the_notary_reads_past_a_cancelled_call(conn, world) -> None:
    org, syndic, building, (payer, _other) = world
    older = await _issued(conn, syndic, building, "T1", "2027-01-05", "2027-01-31")
    newer = await _issued(conn, syndic, building, "T2", "2027-04-05", "2027-04-30")
    await cancel.cancel_call(conn, syndic, newer.id, {"reason": "Doublon"}, date(2027, 5, 2))
    unit = await conn.fetchval("SELECT id FROM units WHERE organization_id = $1 AND number = 'Payer'", org.id)
    found = await notary.notary_statement(conn, syndic, unit, {"date": "2027-06-01"})
    # the cancelled call's reversal pays nothing: the older call is still wholly unpaid
    assert [(c.call_id, c.unpaid) for c in found.unpaid] == [(older.id, D("400.00"))]
    assert [s.balance for s in found.sellers] == [D("400.00")]
