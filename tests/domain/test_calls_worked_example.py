"""The books' worked example extended to calls for funds, computed by hand: three lots over 1,000 (250, 350, 400),
lot 2 sold on 15 May 2027 (Bruno to Chloé), lot 3 in usufruct (Denis) and bare ownership (Emma). A 40,000 €
budget in four quarterly calls, 2,000 € to the reserve fund, and a working-fund call; each owner's amounts to the
cent, the one entry per call, issuing twice, a closed year, quotas that do not sum; and the settlement per quarter
posted (expenses approved before and after the call, each owner's account brought to their charges, a credit
carried to the next call), refused twice, in a closed year or from another organisation."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from domain.calls import budgets, calls, dues, funds, schedule
from domain.errors import Conflict, Invalid, NotFound
from domain.meetings import meetings
from domain.rules.payment_reference import structured_communication
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

IBAN_W, IBAN_R = "BE68 5390 0754 7034", "BE71 0961 2345 6769"


async def adopted_resolution(conn, syndic, building) -> str:  # type: ignore[no-untyped-def]
    """An AG of the building whose first item was adopted."""
    meeting = await meetings.create_meeting(conn, syndic, {
        "building_id": str(building.id), "title": "AG 2026", "meeting_type": "ordinary",
        "scheduled_date": "2026-11-20T18:00", "location": "Salle"})
    return str(await conn.fetchval(
        "INSERT INTO agenda_items (organization_id, meeting_id, position, title, vote_status, adopted) "
        "VALUES ($1, $2, 1, 'Budget 2027', 'closed', true) RETURNING id", meeting.organization_id, meeting.id))


@pytest.fixture
async def example(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Les Tilleuls")
    lots = [await make_unit(conn, org, building, str(i), quota=q) for i, q in ((1, 250), (2, 350), (3, 400))]
    people = {name: await make_owner(conn, org, name, email=f"{name.lower()}@example.test",
                                     accepts_email_notices=True)
              for name in ("Alice", "Bruno", "Chloe", "Denis", "Emma")}
    await give_right(conn, org, lots[0], people["Alice"])
    await give_right(conn, org, lots[1], people["Bruno"], end=date(2027, 5, 15))
    await give_right(conn, org, lots[1], people["Chloe"], start=date(2027, 5, 15))
    await give_right(conn, org, lots[2], people["Denis"], kind="usufruct")
    await give_right(conn, org, lots[2], people["Emma"], kind="bare", contact=False)
    working = await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN_W,
                                                                   "bic": "GKCCBEBB"})
    reserve = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": IBAN_R,
                                                                   "purpose": "Façade"})
    return org, syndic, building, lots, {k: v["id"] for k, v in people.items()}, working, reserve


def _budget(reserve_fund, reserve: str = "2000.00") -> dict:  # type: ignore[no-untyped-def]
    return {"year_start": "2027-01-01", "frequency": "quarterly", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "30000.00"},
        {"section": "ordinary", "account_code": "614", "label": "Assurances", "amount": "10000.00"},
        {"section": "reserve", "label": "Fonds de réserve", "fund_id": str(reserve_fund.id), "amount": reserve}]}


def _by_owner(view) -> dict:  # type: ignore[no-untyped-def]
    out: dict = {}
    for s in view.shares:
        out[s.owner_id] = out.get(s.owner_id, D("0.00")) + s.amount
    return out


async def test_funds_have_their_accounts_and_a_checked_bank_account(conn, example) -> None:
    org, syndic, building, lots, p, working, reserve = example
    assert (working.account_code, reserve.account_code) == ("100", "160")
    assert working.holder == "ACP Les Tilleuls" and working.iban == "BE68539007547034"
    second = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "name": "Ascenseur",
                                                                  "iban": IBAN_R})
    assert second.account_code == "1601" and second.balance == D("0")
    with pytest.raises(Invalid) as e:
        await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": "BE68 5390 0754 7035",
                                                             "bic": "XX"})
    assert set(e.value.errors) == {"iban", "bic"}
    with pytest.raises(Conflict):
        await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN_W})


async def test_the_reserve_check_at_exactly_five_percent_and_below(conn, example) -> None:
    org, syndic, building, lots, p, working, reserve = example
    exact = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve))
    assert exact.budget.ordinary == D("40000.00") and exact.reserve_check.ok
    assert exact.reserve_check.minimum == D("2000.00")
    short = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve, "1996.00"))
    assert not short.reserve_check.ok and short.reserve_check.shortfall == D("4.00")
    assert any("3.86" in str(r) for r in short.reserve_check.reasons)


async def test_a_year_in_four_calls_with_a_sale_on_15_may(conn, example) -> None:
    org, syndic, building, lots, p, working, reserve = example
    draft = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve))
    with pytest.raises(Conflict):
        await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(draft.budget.id)})
    await budgets.approve_budget(conn, syndic, draft.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    preview = await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(draft.budget.id)},
                                            preview=True)
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE building_id = $1", building.id) == 0
    generated = await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(draft.budget.id)})
    assert [_by_owner(v) for v in preview] == [_by_owner(v) for v in generated]
    ordinary = [v for v in generated if v.call.kind == "ordinary"]
    reserve_calls = [v for v in generated if v.call.kind == "reserve_fund"]
    assert [v.call.total for v in ordinary] == [D("10000.00")] * 4
    assert [v.call.total for v in reserve_calls] == [D("500.00")] * 4
    assert [v.call.due_date for v in ordinary] == [date(2027, 1, 1), date(2027, 4, 1), date(2027, 7, 1),
                                                   date(2027, 10, 1)]
    q1, q2, q3, _q4 = (_by_owner(v) for v in ordinary)
    assert q1 == {p["Alice"]: D("2500.00"), p["Bruno"]: D("3500.00"), p["Denis"]: D("4000.00")}
    # Q2 has 91 days: Bruno 1 April – 14 May (44 days), Chloé from 15 May (47 days): 3500 × 44/91 = 1692.307…
    assert q2 == {p["Alice"]: D("2500.00"), p["Bruno"]: D("1692.31"), p["Chloe"]: D("1807.69"),
                  p["Denis"]: D("4000.00")}
    assert {s.owner_id: s.days for s in ordinary[1].shares if s.unit_number == "2"} == {p["Bruno"]: 44,
                                                                                       p["Chloe"]: 47}
    assert q3 == {p["Alice"]: D("2500.00"), p["Chloe"]: D("3500.00"), p["Denis"]: D("4000.00")}
    # the reserve goes to the bare owner, to the owners on the call's date
    r1, r2, r3, _r4 = (_by_owner(v) for v in reserve_calls)
    assert r1 == r2 == {p["Alice"]: D("125.00"), p["Bruno"]: D("175.00"), p["Emma"]: D("200.00")}
    assert r3 == {p["Alice"]: D("125.00"), p["Chloe"]: D("175.00"), p["Emma"]: D("200.00")}
    for view in generated:
        await calls.issue_call(conn, syndic, view.id)
    totals = dict(await conn.fetch(
        "SELECT owner_id, sum(amount) FROM call_shares WHERE building_id = $1 GROUP BY owner_id", building.id))
    assert totals == {p["Alice"]: D("10500.00"), p["Bruno"]: D("5542.31"), p["Chloe"]: D("9157.69"),
                      p["Denis"]: D("16000.00"), p["Emma"]: D("800.00")}
    # one entry per call, the owners debited, the contributions and the reserve fund credited
    assert await conn.fetchval("SELECT count(*) FROM journal_entries WHERE building_id = $1 "
                               "AND source_kind = 'call_for_funds'", building.id) == 8
    balances = dict(await conn.fetch(
        "SELECT a.code, sum(l.credit - l.debit) FROM entry_lines l JOIN ledger_accounts a ON a.id = l.account_id "
        "WHERE l.building_id = $1 GROUP BY a.code", building.id))
    assert balances == {"4101": D("-40000.00"), "4100": D("-2000.00"), "701": D("40000.00"), "160": D("2000.00")}
    [fund] = [f for f in await funds.list_funds(conn, syndic, building.id) if f.kind == "reserve"]
    assert fund.balance == D("2000.00")
    with pytest.raises(Conflict):
        await calls.issue_call(conn, syndic, generated[0].id)


async def test_a_working_fund_call_and_the_owners_dues(conn, example) -> None:
    org, syndic, building, lots, p, working, reserve = example
    body = {"kind": "working_fund", "call_date": "2027-06-01", "due_date": "2027-06-30", "total": "1000"}
    preview = await calls.create_call(conn, syndic, building.id, body, preview=True)
    assert preview.id is None and await conn.fetchval("SELECT count(*) FROM calls") == 0
    assert _by_owner(preview) == {p["Alice"]: D("250.00"), p["Chloe"]: D("350.00"), p["Denis"]: D("400.00")}
    made = await calls.create_call(conn, syndic, building.id, body)
    sent: list = []

    async def compose(notice):  # type: ignore[no-untyped-def]
        sent.append(notice)
        return "Appel", f"{notice.owner.name}: {structured_communication(notice.reference)}"
    issued = await calls.issue_call(conn, syndic, made.id, compose)
    assert len(sent) == 3 and await conn.fetchval("SELECT count(*) FROM outbox WHERE organization_id = $1",
                                                  org.id) == 3
    refs = issued.references
    assert len(set(refs.values())) == 3
    again = await calls.create_call(conn, syndic, building.id, {**body, "call_date": "2027-07-01", "due_date": "2027-07-31"})
    assert (await calls.issue_call(conn, syndic, again.id)).references == refs  # stable per owner and fund
    owner_user = await make_user(conn, org, "owner")
    await conn.execute("UPDATE owners SET user_id = $1 WHERE id = $2", owner_user.id, p["Alice"])
    alice = actor(owner_user, org, "owner")
    [d1, d2] = await dues.owner_dues(conn, alice, p["Alice"])
    assert d1.amount == D("250.00") and d1.call.iban == "BE68539007547034" and d1.call.holder == "ACP Les Tilleuls"
    assert d1.communication == structured_communication(refs[p["Alice"]])
    assert d1.qr is not None and d1.qr.startswith("BCD\n002\n1\nSCT\nGKCCBEBB\nACP Les Tilleuls\n")
    with pytest.raises(NotFound):
        await dues.owner_dues(conn, alice, p["Denis"])


async def test_bad_calls_closed_year_missing_quotas(conn, example) -> None:
    org, syndic, building, lots, p, working, reserve = example
    body = {"kind": "ordinary", "period_start": "2026-01-01", "period_end": "2026-03-31", "total": "900"}
    await conn.execute("INSERT INTO fiscal_years (organization_id, building_id, starts_on, ends_on, state, closed_at)"
                       " VALUES ($1, $2, '2026-01-01', '2026-12-31', 'closed', now())", org.id, building.id)
    with pytest.raises(Conflict):
        await calls.create_call(conn, syndic, building.id, body)
    await conn.execute("UPDATE buildings SET total_quota = 1200 WHERE id = $1", building.id)
    with pytest.raises(Invalid) as e:
        await calls.create_call(conn, syndic, building.id, {**body, "period_start": "2027-01-01",
                                                            "period_end": "2027-03-31"}, preview=True)
    assert "200" in str(e.value.errors["sharing_key_id"])


async def test_the_desk_lists_the_year_to_vote_and_the_calls_to_issue(conn, example) -> None:
    from domain.access import require
    from domain.desk.providers import PROVIDERS
    org, syndic, building, lots, p, working, reserve = example
    member = require(syndic, "call.issue")
    await conn.execute("INSERT INTO fiscal_years (organization_id, building_id, starts_on, ends_on) "
                       "VALUES ($1, $2, '2027-01-01', '2027-12-31')", org.id, building.id)
    items = [i for provider in PROVIDERS for i in await provider(conn, member, date(2027, 1, 10))]
    assert [i.kind for i in items] == ["budget.to_vote"]
    await calls.create_call(conn, syndic, building.id, {"kind": "working_fund", "call_date": "2027-01-20",
                                                        "total": "100"})
    items = [i for provider in PROVIDERS for i in await provider(conn, member, date(2027, 1, 10))]
    assert [(i.kind, i.count, i.due) for i in items] == [("budget.to_vote", 1, None),
                                                         ("call.to_issue", 1, date(2027, 1, 20))]


async def test_using_the_reserve_fund_never_takes_it_below_zero(conn, example) -> None:
    org, syndic, building, lots, p, working, reserve = example
    call = await calls.create_call(conn, syndic, building.id, {"kind": "reserve_fund", "call_date": "2027-02-01",
                                                               "total": "800"})
    await calls.issue_call(conn, syndic, call.id)
    resolution = await adopted_resolution(conn, syndic, building)
    body = {"amount": "800.01", "used_on": "2027-03-01", "label": "Façade", "resolution_id": resolution}
    with pytest.raises(Invalid) as e:
        await funds.use_fund(conn, syndic, reserve.id, body)
    assert set(e.value.errors) == {"amount"}
    used = await funds.use_fund(conn, syndic, reserve.id, {**body, "amount": "500"})
    assert used.balance == D("300.00")
    with pytest.raises(Invalid):
        await funds.use_fund(conn, syndic, reserve.id, {**body, "amount": "300.01"})
    assert (await funds.use_fund(conn, syndic, reserve.id, {**body, "amount": "300"})).balance == D("0.00")


async def test_budget_against_what_the_books_hold(conn, example) -> None:
    from domain.access import require
    from domain.accounting.posting import EntryDraft, LineDraft, post_entry
    org, syndic, building, lots, p, working, reserve = example
    member = require(syndic, "call.issue")
    await post_entry(conn, member, building.id, EntryDraft("ACH", date(2027, 3, 3), "Entretien", (
        LineDraft("6100", debit=D("1234.56")), LineDraft("suppliers", credit=D("1234.56"), supplier="Net SA"))))
    view = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve))
    assert view.actual == {"6100": D("1234.56")}


async def test_a_mid_year_revision_recomputes_only_the_calls_not_issued(conn, example) -> None:
    org, syndic, building, lots, p, working, reserve = example
    first = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve))
    await budgets.approve_budget(conn, syndic, first.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    made = await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(first.budget.id)})
    await calls.issue_call(conn, syndic, made[0].id)  # Q1's ordinary provisions: 10,000
    revised_body = _budget(reserve)
    revised_body["lines"][0]["amount"] = "34000.00"  # 44,000 of ordinary charges for the year
    revised = await budgets.draft_budget(conn, syndic, building.id, revised_body)
    await budgets.approve_budget(conn, syndic, revised.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})
    assert (await budgets.get_budget(conn, syndic, first.budget.id)).budget.status == "superseded"
    again = await schedule.generate_calls(conn, syndic, building.id, {"budget_id": str(revised.budget.id)})
    ordinary = [v.call for v in again if v.call.kind == "ordinary"]
    assert [(c.period_start, c.total) for c in ordinary] == [
        (date(2027, 4, 1), D("11333.34")), (date(2027, 7, 1), D("11333.33")), (date(2027, 10, 1), D("11333.33"))]
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE building_id = $1 AND budget_id = $2",
                               building.id, first.budget.id) == 1  # only the issued one is left


async def test_the_first_quarter_settled_against_the_charges(conn, example) -> None:
    from domain.calls import settlement
    from domain.charges import expense_lifecycle as life
    from domain.charges import expenses
    org, syndic, building, lots, p, working, reserve = example
    q1 = await calls.create_call(conn, syndic, building.id, {"kind": "ordinary", "period_start": "2027-01-01",
                                                             "period_end": "2027-03-31", "total": "10000"})
    await calls.issue_call(conn, syndic, q1.id)
    expense = await expenses.create_expense(conn, syndic, {
        "category": "insurance", "description": "Assurance", "supplier": "Ethias", "amount_excl_vat": "10400.00",
        "vat_rate": "0", "invoice_date": "2027-02-10"}, building.id)
    await life.approve_expense(conn, syndic, expense.id)
    found = await settlement.settle(conn, syndic, building.id, {"from": "2027-01-01", "to": "2027-03-31"})
    # charges 10,400 by quotas: 2,600 / 3,640 / 4,160 against provisions 2,500 / 3,500 / 4,000
    assert {o.owner_id: (o.provisions, o.charges, o.balance) for o in found.owners} == {
        p["Alice"]: (D("2500.00"), D("2600.00"), D("100.00")), p["Bruno"]: (D("3500.00"), D("3640.00"), D("140.00")),
        p["Denis"]: (D("4000.00"), D("4160.00"), D("160.00"))}
    smaller = await settlement.settle(conn, syndic, building.id, {"from": "2027-01-01", "to": "2027-02-28"})
    assert {o.balance for o in smaller.owners} == {D("2600.00"), D("3640.00"), D("4160.00")}  # Q1 not inside


async def test_the_owners_qr_code_reads_back_to_the_notice(conn, example) -> None:
    import io

    import zxingcpp
    from PIL import Image

    from domain.rules.epc_qr import parse, reference_field
    from web import qr
    org, syndic, building, lots, p, working, reserve = example
    made = await calls.create_call(conn, syndic, building.id, {"kind": "working_fund", "call_date": "2027-06-01",
                                                               "total": "1000"})
    issued = await calls.issue_call(conn, syndic, made.id)
    [due] = [d for d in await dues.owner_dues(conn, syndic, p["Chloe"])]
    [found] = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.png(due.qr or ""))))
    transfer = parse(found.text)
    assert (transfer.name, transfer.iban, transfer.bic, transfer.amount) == (
        "ACP Les Tilleuls", "BE68539007547034", "GKCCBEBB", D("350.00"))
    assert transfer.reference == reference_field(structured_communication(issued.references[p["Chloe"]]))


async def _owners_accounts(conn, building) -> dict:  # type: ignore[no-untyped-def]
    """Each owner's balance on 4101 (debit − credit): what the books say they owe."""
    return dict(await conn.fetch(
        "SELECT l.owner_id, sum(l.debit - l.credit) FROM entry_lines l JOIN ledger_accounts a ON a.id = l.account_id "
        "WHERE l.building_id = $1 AND a.code = '4101' GROUP BY l.owner_id", building.id))


async def _expense(conn, syndic, building, amount: str, day: str):  # type: ignore[no-untyped-def]
    from domain.charges import expense_lifecycle as life
    from domain.charges import expenses
    made = await expenses.create_expense(conn, syndic, {
        "category": "insurance", "description": f"Assurance {day}", "supplier": "Ethias", "amount_excl_vat": amount,
        "vat_rate": "0", "invoice_date": day}, building.id)
    return await life.approve_expense(conn, syndic, made.id)


async def _allocation_entries(conn, expense) -> int:  # type: ignore[no-untyped-def]
    return await conn.fetchval("SELECT count(*) FROM journal_entries WHERE source_kind = 'expense_allocation' "
                               "AND source_id = $1", expense.id)


async def test_settlements_per_quarter_bring_each_account_to_the_actual_charges(conn, example) -> None:
    from domain.calls import settlement
    org, syndic, building, lots, p, working, reserve = example
    quarters = [await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "period_start": a, "period_end": b, "due_date": a, "total": "10000"})
        for a, b in (("2027-01-01", "2027-03-31"), ("2027-04-01", "2027-06-30"), ("2027-07-01", "2027-09-30"))]
    # Q1: 2,000 approved BEFORE the call is issued (posted at approval: 500 / 700 / 800) …
    before = await _expense(conn, syndic, building, "2000.00", "2027-01-15")
    assert await _allocation_entries(conn, before) == 1
    await calls.issue_call(conn, syndic, quarters[0].id)
    # … and 6,000 approved AFTER: funded by the provisions, not posted to the owners now (the defect: both were)
    after = await _expense(conn, syndic, building, "6000.00", "2027-02-20")
    assert await _allocation_entries(conn, after) == 0
    from domain.accounting import charges as books
    await books.post_what_is_unposted(conn, org.id)  # a CSV import's take-over does not post it either
    assert await _allocation_entries(conn, after) == 0
    assert await _owners_accounts(conn, building) == {
        p["Alice"]: D("3000.00"), p["Bruno"]: D("4200.00"), p["Denis"]: D("4800.00")}  # 2,500 + 500 …
    q1 = await settlement.post_settlement(conn, syndic, building.id, {"from": "2027-01-01", "to": "2027-03-31"})
    # charges 8,000: 2,000 / 2,800 / 3,200 against provisions 2,500 / 3,500 / 4,000: credits of 500 / 700 / 800
    assert {x.owner_id: (x.provisions, x.charges, x.already_posted, x.balance) for x in q1.lines} == {
        p["Alice"]: (D("2500.00"), D("2000.00"), D("500.00"), D("-500.00")),
        p["Bruno"]: (D("3500.00"), D("2800.00"), D("700.00"), D("-700.00")),
        p["Denis"]: (D("4000.00"), D("3200.00"), D("800.00"), D("-800.00"))}
    # the regularisation (X − P − Y): −1,000 / −1,400 / −1,600, the charges called debited 4,000
    entry = await conn.fetch("SELECT l.owner_id, a.code, l.debit, l.credit FROM entry_lines l "
                             "JOIN ledger_accounts a ON a.id = l.account_id WHERE l.entry_id = $1",
                             q1.settlement.entry_id)
    assert sorted((r["code"], r["debit"], r["credit"]) for r in entry) == [
        ("4101", D("0.00"), D("1000.00")), ("4101", D("0.00"), D("1400.00")), ("4101", D("0.00"), D("1600.00")),
        ("701", D("4000.00"), D("0.00"))]
    assert await _owners_accounts(conn, building) == {
        p["Alice"]: D("2000.00"), p["Bruno"]: D("2800.00"), p["Denis"]: D("3200.00")}  # exactly the charges
    # an expense approved later in the settled quarter is posted at approval: nothing is lost
    late = await _expense(conn, syndic, building, "400.00", "2027-03-10")
    assert await _allocation_entries(conn, late) == 1
    assert await _owners_accounts(conn, building) == {
        p["Alice"]: D("2100.00"), p["Bruno"]: D("2940.00"), p["Denis"]: D("3360.00")}
    # Q2 (Bruno sold to Chloé on 15 May): 12,000 of charges in June, when Chloé holds lot 2
    await calls.issue_call(conn, syndic, quarters[1].id)
    await _expense(conn, syndic, building, "12000.00", "2027-06-01")
    q2 = await settlement.post_settlement(conn, syndic, building.id, {"from": "2027-04-01", "to": "2027-06-30"})
    assert {x.owner_id: x.balance for x in q2.lines} == {
        p["Alice"]: D("500.00"), p["Bruno"]: D("-1692.31"), p["Chloe"]: D("2392.31"), p["Denis"]: D("800.00")}
    assert await _owners_accounts(conn, building) == {
        p["Alice"]: D("5100.00"), p["Bruno"]: D("2940.00"), p["Chloe"]: D("4200.00"), p["Denis"]: D("8160.00")}
    # the Q1 credit is taken off the next call (Q2, due 1 April); Bruno's Q2 credit waits for a call he no longer
    # gets: carried, never lost
    await calls.issue_call(conn, syndic, quarters[2].id)
    alice = await dues.owner_account(conn, syndic, p["Alice"])
    assert {d.call.period_start: (d.amount, d.credit, d.to_pay) for d in alice.dues if d.source == "call"} == {
        date(2027, 1, 1): (D("2500.00"), D("0.00"), D("2500.00")),
        date(2027, 4, 1): (D("2500.00"), D("500.00"), D("2000.00")),
        date(2027, 7, 1): (D("2500.00"), D("0.00"), D("2500.00"))}
    assert alice.credit_left == D("0.00")
    [q2_due] = [d for d in alice.dues if d.call.period_start == date(2027, 4, 1) and d.source == "call"]
    # Alice's Q2 balance (charges 3,000 against provisions 2,500) is its own line: 500 to the working fund, with
    # her working-fund communication and its QR code; due 30 days after posting, or after the period when it ends
    # later (posted ahead, as here)
    [balance] = [d for d in alice.dues if d.source == "settlement"]
    assert (balance.amount, balance.to_pay, balance.call.iban, balance.call.bic) == (
        D("500.00"), D("500.00"), "BE68539007547034", "GKCCBEBB")
    assert balance.communication == q2_due.communication and balance.qr is not None
    assert "\nEUR500.00\n" in balance.qr and balance.call.due_date == max(date.today(), date(2027, 6, 30)) + timedelta(days=30)
    assert balance.call_id == q2.settlement.id
    assert q2_due.qr is not None and "\nEUR2000.00\n" in q2_due.qr
    bruno = await dues.owner_account(conn, syndic, p["Bruno"])
    assert [d.source for d in bruno.dues] == ["call", "call"]  # his balances are credits: no line to pay
    assert [(d.amount, d.credit, d.to_pay) for d in sorted(bruno.dues, key=lambda d: d.call.due_date)] == [
        (D("3500.00"), D("0.00"), D("3500.00")), (D("1692.31"), D("700.00"), D("992.31"))]
    assert bruno.credit_left == D("1692.31")
    assert [(s.period_end, s.provisions, s.charges, s.balance) for s in bruno.settlements] == [
        (date(2027, 3, 31), D("3500.00"), D("2800.00"), D("-700.00")),
        (date(2027, 6, 30), D("1692.31"), D("0.00"), D("-1692.31"))]
    listed = await settlement.list_settlements(conn, syndic, building.id)
    assert [s.settlement.period_start for s in listed] == [date(2027, 4, 1), date(2027, 1, 1)]
    # the owner's account says why: the settlement's line gives the period, the provisions and the charges
    from domain.charges import owner_ledger
    account = await owner_ledger.statement(conn, syndic, p["Alice"], {"building_id": str(building.id),
                                                                      "from": "2027-01-01", "to": "2027-12-31"})
    labels = [x.entry.label for x in account.lines if x.entry.label.startswith("Décompte")]
    assert labels == [
        "Décompte du 01/01/2027 au 31/03/2027 : provisions 2\u202f500,00\u00a0€, charges 2\u202f000,00\u00a0€",
        "Décompte du 01/04/2027 au 30/06/2027 : provisions 2\u202f500,00\u00a0€, charges 3\u202f000,00\u00a0€"]


async def test_a_settlement_twice_in_a_closed_year_or_across_organisations(conn, example) -> None:
    from domain.calls import settlement
    org, syndic, building, lots, p, working, reserve = example
    q1 = {"from": "2027-01-01", "to": "2027-03-31"}
    sent: list = []

    async def compose(notice):  # type: ignore[no-untyped-def]
        sent.append(notice)
        return "Décompte", f"{notice.owner.name}: {notice.line.balance}"
    await settlement.post_settlement(conn, syndic, building.id, q1, compose)
    with pytest.raises(Conflict):
        await settlement.post_settlement(conn, syndic, building.id, q1)
    with pytest.raises(Conflict):
        await settlement.post_settlement(conn, syndic, building.id, {"from": "2027-03-01", "to": "2027-04-30"})
    # the works have their own settlement over the same period
    works = await settlement.post_settlement(conn, syndic, building.id, {**q1, "kind": "extraordinary"})
    assert works.settlement.entry_id is None and works.lines == []  # nothing called, nothing charged
    await conn.execute("INSERT INTO fiscal_years (organization_id, building_id, starts_on, ends_on, state, closed_at)"
                       " VALUES ($1, $2, '2026-01-01', '2026-12-31', 'closed', now())", org.id, building.id)
    with pytest.raises(Conflict):
        await settlement.post_settlement(conn, syndic, building.id, {"from": "2026-10-01", "to": "2026-12-31"})
    with pytest.raises(Invalid) as e:
        await settlement.post_settlement(conn, syndic, building.id, {"from": "2027-05-01", "to": "2027-04-01"})
    assert set(e.value.errors) == {"to"}
    other_org = await make_org(conn)
    stranger = actor(await make_user(conn, other_org, "syndic"), other_org, "syndic")
    with pytest.raises(NotFound):
        await settlement.post_settlement(conn, stranger, building.id, {"from": "2027-04-01", "to": "2027-06-30"})
    with pytest.raises(NotFound):
        await settlement.list_settlements(conn, stranger, building.id)


async def test_a_settlement_notice_reaches_each_owner(conn, example) -> None:
    from domain.calls import settlement
    org, syndic, building, lots, p, working, reserve = example
    call = await calls.create_call(conn, syndic, building.id, {"kind": "ordinary", "period_start": "2027-01-01",
                                                               "period_end": "2027-03-31", "total": "1000"})
    await calls.issue_call(conn, syndic, call.id)
    await _expense(conn, syndic, building, "1200.00", "2027-02-01")
    owner_user = await make_user(conn, org, "owner")
    await conn.execute("UPDATE owners SET user_id = $1 WHERE id = $2", owner_user.id, p["Alice"])
    sent: list = []

    async def compose(notice):  # type: ignore[no-untyped-def]
        sent.append((notice.owner.id, notice.line.provisions, notice.line.charges, notice.line.balance))
        return "Décompte", "…"
    await settlement.post_settlement(conn, syndic, building.id, {"from": "2027-01-01", "to": "2027-03-31"}, compose)
    assert sorted(sent) == sorted([(p["Alice"], D("250.00"), D("300.00"), D("50.00")),
                                   (p["Bruno"], D("350.00"), D("420.00"), D("70.00")),
                                   (p["Denis"], D("400.00"), D("480.00"), D("80.00"))])
    assert await conn.fetchval("SELECT count(*) FROM notices WHERE user_id = $1 AND kind = 'settlement.posted'",
                               owner_user.id) == 1


async def test_an_expense_left_to_the_settlement_then_cancelled_leaves_nothing(conn, example) -> None:
    from domain.calls import settlement
    from domain.charges import expense_lifecycle as life
    org, syndic, building, lots, p, working, reserve = example
    call = await calls.create_call(conn, syndic, building.id, {"kind": "ordinary", "period_start": "2027-01-01",
                                                               "period_end": "2027-03-31", "total": "1000"})
    await calls.issue_call(conn, syndic, call.id)
    settled = await _expense(conn, syndic, building, "2000.00", "2027-02-01")
    pending = await _expense(conn, syndic, building, "1000.00", "2027-02-02")
    # cancelled before the settlement (today is outside any call): its negated lines reach the owners now …
    await life.cancel_expense(conn, syndic, pending.id, {"reason": "Doublon"})
    assert await _owners_accounts(conn, building) == {
        p["Alice"]: D("0.00"), p["Bruno"]: D("0.00"), p["Denis"]: D("0.00")}  # 250 − 250, 350 − 350 …
    # … the settlement takes the quarter's charges (both invoices): the cancelled one nets out
    await settlement.post_settlement(conn, syndic, building.id, {"from": "2027-01-01", "to": "2027-03-31"})
    assert await _owners_accounts(conn, building) == {
        p["Alice"]: D("500.00"), p["Bruno"]: D("700.00"), p["Denis"]: D("800.00")}
    # cancelled after it: the settled charge is taken back off the accounts
    await life.cancel_expense(conn, syndic, settled.id, {"reason": "Erreur"})
    assert await _owners_accounts(conn, building) == {
        p["Alice"]: D("0.00"), p["Bruno"]: D("0.00"), p["Denis"]: D("0.00")}
