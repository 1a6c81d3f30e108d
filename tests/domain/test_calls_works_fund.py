"""The French works fund (fonds de travaux) used for works the AG voted, to the cent."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.calls import calls, funds, notary
from domain.errors import Conflict, Invalid
from tests.domain.test_calls_worked_example import adopted_resolution
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

IBAN = "BE68 5390 0754 7034"


async def test_the_french_works_fund_used_for_voted_works(conn) -> None:
    """Loi 1965 art. 14-2: the AG uses the fonds de travaux for works it voted: 105 debited by the credit of 705
    (arrêté du 14 mars 2005 art. 10), the money moved from the fund's account to the current one; never below
    zero; the fund stays with the syndicat at a sale."""
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Les Ormes", jurisdiction="FR")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    await give_right(conn, org, unit, await make_owner(conn, org, "Dupont"))
    working = await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN})
    works = await funds.create_fund(conn, syndic, building.id, {"kind": "works",
                                                                 "iban": "FR76 3000 6000 0112 3456 7890 189"})
    assert (working.account_code, works.account_code) == ("102", "105")
    call = await calls.create_call(conn, syndic, building.id, {"kind": "reserve_fund", "fund_id": str(works.id),
                                                               "call_date": "2027-01-15", "total": "1200"})
    await calls.issue_call(conn, syndic, call.id)
    resolution = await adopted_resolution(conn, syndic, building)
    body = {"amount": "1200.01", "used_on": "2027-03-01", "label": "Ravalement", "resolution_id": resolution}
    with pytest.raises(Invalid) as e:
        await funds.use_fund(conn, syndic, works.id, body)
    assert set(e.value.errors) == {"amount"}
    with pytest.raises(Invalid) as e:
        await funds.use_fund(conn, syndic, works.id, {**body, "amount": "10", "resolution_id": str(working.id)})
    assert set(e.value.errors) == {"resolution_id"}
    with pytest.raises(Conflict):
        await funds.use_fund(conn, syndic, working.id, {**body, "amount": "10"})
    used = await funds.use_fund(conn, syndic, works.id, {**body, "amount": "700.00"})
    assert used.balance == D("500.00")
    entry = await conn.fetchrow("SELECT id, document_ref, label FROM journal_entries WHERE source_kind = 'fund_use' "
                                "AND building_id = $1", building.id)
    assert (entry["document_ref"], entry["label"]) == (resolution, "Ravalement")
    lines = await conn.fetch("SELECT a.code, a.label, l.debit, l.credit FROM entry_lines l JOIN ledger_accounts a "
                             "ON a.id = l.account_id WHERE l.entry_id = $1 ORDER BY a.code", entry["id"])
    assert [(r["code"], r["debit"], r["credit"]) for r in lines] == [
        ("105", D("700.00"), D("0.00")), ("512", D("700.00"), D("0.00")), ("5121", D("0.00"), D("700.00")),
        ("705", D("0.00"), D("700.00"))]
    assert [r["label"] for r in lines if r["code"] == "705"] == ["Affectation du fonds de travaux"]
    assert (await funds.use_fund(conn, syndic, works.id, {**body, "amount": "500"})).balance == D("0.00")
    with pytest.raises(Invalid):
        await funds.use_fund(conn, syndic, works.id, {**body, "amount": "0.01"})
    # at a sale (before the use) the works fund is the syndicat's: the lot's share shown, not refunded
    statement = await notary.notary_statement(conn, syndic, unit["id"], {"date": "2027-02-01"})
    assert [(f.kind, f.lot_share, f.refunded) for f in statement.funds] == [
        ("working", D("0.00"), True), ("works", D("1200.00"), False)]
