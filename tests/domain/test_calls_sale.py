"""The sale of lot 2 on 15 May 2027 (Bruno to Chloé) in the calls' worked example, computed by hand: the notary's
statement (what Bruno owes, the calls decided but not yet due, the funds' shares), then the settlement (Bruno's
working-fund share refunded, Chloé called for it), once only; another organisation finds nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.calls import budgets, calls, dues, notary, sale, schedule
from domain.charges import owner_ledger
from domain.errors import Conflict, Invalid, NotFound
from tests.domain.test_calls_worked_example import _budget, adopted_resolution, example  # noqa: F401
from tests.factories import actor, make_org, make_user


async def _year(conn, syndic, building, reserve, p):  # type: ignore[no-untyped-def]
    """A 3,000 € working-fund call in January, the budget's calls of Q1–Q3 issued (Q4 left to call), and
    Bruno's payment of 4,000 € in February."""
    wf = await calls.create_call(conn, syndic, building.id, {"kind": "working_fund", "call_date": "2027-01-15",
                                                             "due_date": "2027-01-31", "total": "3000"})
    draft = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve))
    await budgets.approve_budget(conn, syndic, draft.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    generated = await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(draft.budget.id)})
    await calls.issue_call(conn, syndic, wf.id)
    for view in generated:
        if view.call.call_date < date(2027, 10, 1):
            await calls.issue_call(conn, syndic, view.id)
    await owner_ledger.record_payment(conn, syndic, building.id, {"owner_id": str(p["Bruno"]), "amount": "4000",
                                                                  "paid_on": "2027-02-10"})


async def test_the_notary_statement_on_15_may(conn, example) -> None:  # noqa: F811
    org, syndic, building, lots, p, working, reserve = example
    await _year(conn, syndic, building, reserve, p)
    found = await notary.notary_statement(conn, syndic, lots[1]["id"], {"date": "2027-05-15"})
    assert [(s.name.split()[-1], s.balance) for s in found.sellers] == [("Bruno", D("2592.31"))]
    # Bruno's 4,000 € paid Q1 (3,500) and R1 (175), then 325 of the working fund (1,050): the oldest debts first
    assert sorted((c.label, c.amount, c.unpaid) for c in found.unpaid) == [
        ("Appel au fonds de roulement", D("1050.00"), D("725.00")),
        ("Fonds de réserve 2/4", D("175.00"), D("175.00")),
        ("Provisions ordinaires 2/4", D("1692.31"), D("1692.31"))]
    assert found.owed == D("2592.31")
    assert sorted((c.label, c.status, c.amount) for c in found.upcoming) == [
        ("Fonds de réserve 3/4", "issued", D("175.00")), ("Fonds de réserve 4/4", "planned", D("175.00")),
        ("Provisions ordinaires 3/4", "issued", D("3500.00")),
        ("Provisions ordinaires 4/4", "planned", D("3500.00"))]
    assert found.upcoming_total == D("7350.00")
    assert [(f.kind, f.balance, f.lot_share, f.refunded) for f in found.funds] == [
        ("working", D("3000.00"), D("1050.00"), True), ("reserve", D("1000.00"), D("350.00"), False)]
    with pytest.raises(Invalid):
        await notary.notary_statement(conn, syndic, lots[1]["id"], {"date": "15/05"})


async def test_the_sale_settlement_refunds_the_seller_and_calls_the_buyer(conn, example) -> None:  # noqa: F811
    org, syndic, building, lots, p, working, reserve = example
    await _year(conn, syndic, building, reserve, p)
    body = {"transfer_date": "2027-05-15", "seller_id": str(p["Bruno"]), "buyer_id": str(p["Chloe"])}
    done = await sale.settle_sale(conn, syndic, lots[1]["id"], body)
    assert done.settlement.working_fund_share == D("1050.00") and done.call is not None
    assert (done.call.kind, done.call.total, done.call.status) == ("working_fund", D("1050.00"), "issued")
    assert done.call.due_date == date(2027, 6, 14)
    lines = await conn.fetch(
        "SELECT a.code, l.debit, l.credit, l.owner_id FROM entry_lines l JOIN ledger_accounts a ON a.id = l.account_id"
        " WHERE l.entry_id = ANY($1::uuid[]) ORDER BY l.entry_id, l.line_no",
        [done.settlement.refund_entry_id, done.call.entry_id])
    assert sorted((r["code"], r["debit"], r["credit"], r["owner_id"]) for r in lines) == sorted([
        ("100", D("1050.00"), D("0"), None), ("4101", D("0"), D("1050.00"), p["Bruno"]),
        ("4101", D("1050.00"), D("0"), p["Chloe"]), ("100", D("0"), D("1050.00"), None)])
    [fund] = [f for f in await calls.qf.list_for_building(conn, org.id, building.id) if f.kind == "working"]
    assert fund.balance == D("3000.00")  # refunded and called again: the association keeps its working fund
    owed = dict(await conn.fetch("SELECT owner_id, sum(debit - credit) FROM entry_lines WHERE building_id = $1 "
                                 "AND owner_id = ANY($2::uuid[]) AND entry_date < '2027-06-01' GROUP BY owner_id",
                                 building.id, [p["Bruno"], p["Chloe"]]))
    assert owed == {p["Bruno"]: D("1542.31"), p["Chloe"]: D("2857.69")}  # 2,592.31 − 1,050; 1,807.69 + 1,050
    chloe_user = await make_user(conn, org, "owner")
    await conn.execute("UPDATE owners SET user_id = $1 WHERE id = $2", chloe_user.id, p["Chloe"])
    [due] = [d for d in await dues.owner_dues(conn, actor(chloe_user, org, "owner"), p["Chloe"])
             if d.kind == "working_fund"]
    assert due.amount == D("1050.00") and due.communication is not None and due.lots == ["2"]
    with pytest.raises(Conflict):
        await sale.settle_sale(conn, syndic, lots[1]["id"], body)
    assert await conn.fetchval("SELECT count(*) FROM sale_settlements WHERE unit_id = $1", lots[1]["id"]) == 1


async def test_a_sale_the_register_does_not_show_and_another_organisation(conn, example) -> None:  # noqa: F811
    org, syndic, building, lots, p, working, reserve = example
    with pytest.raises(Invalid) as e:
        await sale.settle_sale(conn, syndic, lots[0]["id"], {"transfer_date": "2027-05-15",
                                                             "seller_id": str(p["Alice"]),
                                                             "buyer_id": str(p["Chloe"])})
    assert "transfer_date" in e.value.errors
    with pytest.raises(Invalid) as e:
        await sale.settle_sale(conn, syndic, lots[1]["id"], {"transfer_date": "2027-05-15",
                                                             "seller_id": str(p["Bruno"]),
                                                             "buyer_id": str(p["Bruno"])})
    assert "buyer_id" in e.value.errors
    other = await make_org(conn)
    stranger = actor(await make_user(conn, other, "syndic"), other, "syndic")
    with pytest.raises(NotFound):
        await notary.notary_statement(conn, stranger, lots[1]["id"], {"date": "2027-05-15"})
    with pytest.raises(NotFound):
        await sale.settle_sale(conn, stranger, lots[1]["id"], {"transfer_date": "2027-05-15",
                                                               "seller_id": str(p["Bruno"]),
                                                               "buyer_id": str(p["Chloe"])})
