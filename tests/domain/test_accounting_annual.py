"""The annual accounts worked by hand: a Belgian building of two lots (600 and 400 over 1,000: Ann and Bob) over
2025 and 2026, and a French one; the balance sheet balances before and after closing, the income statement's
result is the trial balance's classes 6 and 7, the budget sits beside the actual per account, the reserve check
reads last year's charges, and the French annexes 3 and 4 sum to the general account of annexe 2."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from domain import access
from domain.accounting import closing
from domain.accounting.annual import annual_pack
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.calls import budgets, calls, funds
from tests.domain.test_calls_worked_example import adopted_resolution
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

IBAN_W, IBAN_R = "BE68 5390 0754 7034", "BE71 0961 2345 6769"


async def _world(conn, jurisdiction: str):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, jurisdiction=jurisdiction)
    ann, bob = await make_owner(conn, org, "Ann"), await make_owner(conn, org, "Bob")
    for number, quota, owner in (("1", 600, ann), ("2", 400, bob)):
        await give_right(conn, org, await make_unit(conn, org, building, number, quota=quota), owner)
    return syndic, building, ann["id"], bob["id"]


async def _post(conn, syndic, building, journal: str, day: date, *lines: LineDraft) -> None:  # type: ignore[no-untyped-def]
    member = access.require(syndic, "entry.post", building.id)
    await post_entry(conn, member, building.id, EntryDraft(journal, day, "Écriture", tuple(lines)))


async def _budget(conn, syndic, building, year_start: str, lines: list[dict]) -> None:  # type: ignore[no-untyped-def]
    draft = await budgets.draft_budget(conn, syndic, building.id, {"year_start": year_start, "lines": lines})
    await budgets.approve_budget(conn, syndic, draft.budget.id,
                                 {"resolution_id": await adopted_resolution(conn, syndic, building)})


async def test_a_belgian_year_for_the_assembly(conn) -> None:
    syndic, building, ann, bob = await _world(conn, "BE")
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN_W})
    reserve = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": IBAN_R})
    # 2025: 1,000.00 of cleaning shared 600 / 400; Ann pays; the year closes with a zero result
    day = date(2025, 3, 10)
    await _post(conn, syndic, building, "ACH", day, LineDraft("6100", debit=D("1000.00")),
                LineDraft("suppliers", credit=D("1000.00"), supplier="Net SA"))
    await _post(conn, syndic, building, "OD", day, LineDraft("owners", debit=D("600.00"), owner_id=ann),
                LineDraft("owners", debit=D("400.00"), owner_id=bob), LineDraft("701", credit=D("1000.00")))
    await _post(conn, syndic, building, "BQ1", date(2025, 4, 1), LineDraft("551", debit=D("600.00")),
                LineDraft("owners", credit=D("600.00"), owner_id=ann))
    y2025 = await conn.fetchval("SELECT id FROM fiscal_years WHERE building_id = $1 AND starts_on = '2025-01-01'",
                                building.id)
    await closing.close_year(conn, syndic, y2025)
    # 2026: a budget of 6100 1,200 and 614 500; 1,100 of cleaning and 250 of water allocated (810 / 540); a reserve
    # call of 60 (36 / 24); 30 of bank fees left unallocated; Ann pays 810
    await _budget(conn, syndic, building, "2026-01-01", [
        {"section": "ordinary", "account_code": "6100", "label": "Nettoyage", "amount": "1200.00"},
        {"section": "ordinary", "account_code": "614", "label": "Assurance", "amount": "500.00"},
        {"section": "reserve", "label": "Réserve", "fund_id": str(reserve.id), "amount": "60.00"}])
    await _post(conn, syndic, building, "ACH", date(2026, 2, 1), LineDraft("6100", debit=D("1100.00")),
                LineDraft("suppliers", credit=D("1100.00"), supplier="Net SA"))
    await _post(conn, syndic, building, "ACH", date(2026, 5, 1), LineDraft("6120", debit=D("250.00")),
                LineDraft("suppliers", credit=D("250.00"), supplier="Eau SA"))
    await _post(conn, syndic, building, "OD", date(2026, 5, 1), LineDraft("owners", debit=D("810.00"), owner_id=ann),
                LineDraft("owners", debit=D("540.00"), owner_id=bob), LineDraft("701", credit=D("1350.00")))
    call = await calls.create_call(conn, syndic, building.id, {"kind": "reserve_fund", "call_date": "2026-03-01",
                                                               "total": "60.00"})
    await calls.issue_call(conn, syndic, call.id)
    await _post(conn, syndic, building, "BQ1", date(2026, 6, 30), LineDraft("6160", debit=D("30.00")),
                LineDraft("551", credit=D("30.00")))
    await _post(conn, syndic, building, "BQ1", date(2026, 7, 1), LineDraft("551", debit=D("810.00")),
                LineDraft("owners", credit=D("810.00"), owner_id=ann))

    pack = await annual_pack(conn, syndic, building.id, {"year": "2026"})
    # balance sheet: 551 600 + 810 − 30 = 1,380; owners' calls 4100 36 + 24 = 60; 4101 Bob 400 + 540 = 940 (Ann 0)
    # against the reserve fund 60 and the suppliers 1,000 + 1,100 + 250 = 2,350, less the deficit of 30
    assert [(x.code, x.amount) for x in pack.sheet.assets] == [("4100", D("60.00")), ("4101", D("940.00")),
                                                                ("551", D("1380.00"))]
    assert [(x.code, x.amount) for x in pack.sheet.liabilities] == [("160", D("60.00")), ("440", D("2350.00"))]
    assert pack.sheet.result == D("-30.00") and pack.sheet.total_assets == pack.sheet.total_liabilities == D("2380.00")
    # income statement: charges 1,100 + 250 + 30 = 1,380, income 1,350: the trial balance's classes 6 and 7
    st = pack.income
    assert (st.total_charges, st.total_income, st.result) == (D("1380.00"), D("1350.00"), D("-30.00"))
    assert st.result == -sum((r.balance for r in pack.tb.accounts if r.code[0] in "67"), D(0))
    rows = {x.code: (x.previous, x.budget, x.actual, x.variance) for x in st.charges}
    assert rows == {"6100": (D("1000.00"), D("1200.00"), D("1100.00"), D("-100.00")),
                    "614": (D("0.00"), D("500.00"), D("0.00"), D("-500.00")),
                    "6120": (D("0.00"), None, D("250.00"), None), "6160": (D("0.00"), None, D("30.00"), None)}
    assert st.total("charges", "budget") == D("1700.00") and [x.code for x in st.income] == ["701"]
    # funds: 60 called into the reserve; the floor is 5 % of 2025's 1,000 of ordinary charges
    assert [(f.code, f.called, f.closing) for f in pack.funds] == [("160", D("60.00"), D("60.00"))]
    assert pack.reserve.ok and pack.reserve.minimum == D("50.00") and pack.reserve.contribution == D("60.00")
    names = {ann: "Ann", bob: "Bob"}
    assert sorted((r.code, names[r.owner_id], r.balance) for r in pack.owners) == [
        ("4100", "Ann", D("36.00")), ("4100", "Bob", D("24.00")), ("4101", "Bob", D("940.00"))]
    assert (pack.owners_due, pack.owners_credit) == (D("1000.00"), D("0.00"))

    # closed: the deficit of 30 goes to Ann 18 and Bob 12; the sheet balances with nothing left to allocate
    await closing.close_year(conn, syndic, pack.tb.year.id)
    after = await annual_pack(conn, syndic, building.id, {"year": "2026"})
    assert after.sheet.result == 0 and after.sheet.total_assets == after.sheet.total_liabilities == D("2410.00")
    assert after.income.result == D("-30.00") and after.owners_due == D("1030.00")


async def test_a_french_year_under_the_five_annexes(conn) -> None:
    syndic, building, ann, bob = await _world(conn, "FR")
    await _budget(conn, syndic, building, "2026-01-01", [
        {"section": "ordinary", "account_code": "614", "label": "Entretien", "amount": "600.00"},
        {"section": "extraordinary", "account_code": "671", "label": "Toiture", "amount": "3000.00"}])
    day = date(2026, 4, 1)
    await _post(conn, syndic, building, "ACH", day, LineDraft("614", debit=D("500.00")),
                LineDraft("suppliers", credit=D("500.00"), supplier="Entretien SARL"))
    await _post(conn, syndic, building, "ACH", day, LineDraft("671", debit=D("2000.00")),
                LineDraft("suppliers", credit=D("2000.00"), supplier="Toit SARL"))
    await _post(conn, syndic, building, "OD", day, LineDraft("owners", debit=D("300.00"), owner_id=ann),
                LineDraft("owners", debit=D("200.00"), owner_id=bob), LineDraft("701", credit=D("500.00")))
    await _post(conn, syndic, building, "OD", day, LineDraft("owners_reserve", debit=D("1200.00"), owner_id=ann),
                LineDraft("owners_reserve", debit=D("800.00"), owner_id=bob), LineDraft("702", credit=D("2000.00")))
    await _post(conn, syndic, building, "BQ1", date(2026, 6, 30), LineDraft("512", debit=D("5.00")),
                LineDraft("76", credit=D("5.00")))

    pack = await annual_pack(conn, syndic, building.id, {"year": "2026"})
    assert pack.fr and pack.budgeted
    current, works = pack.annexes
    # annexe 3: 614 500 against 701 500 and 76 5; annexe 4: 671 2,000 against 702 2,000
    assert [(x.code, x.budget, x.actual) for x in current.charges] == [("614", D("600.00"), D("500.00"))]
    assert [(x.code, x.actual) for x in current.income] == [("701", D("500.00")), ("76", D("5.00"))]
    assert [(x.code, x.budget, x.actual) for x in works.charges] == [("671", D("3000.00"), D("2000.00"))]
    assert [(x.code, x.actual) for x in works.income] == [("702", D("2000.00"))]
    # they sum to the general account (annexe 2), which is the trial balance's classes 6 and 7
    assert current.total_charges + works.total_charges == pack.income.total_charges == D("2500.00")
    assert current.total_income + works.total_income == pack.income.total_income == D("2505.00")
    assert pack.income.result == D("5.00") == -sum((r.balance for r in pack.tb.accounts if r.code[0] in "67"), D(0))
    # annexe 5: the roof voted 3,000, 2,000 spent, 1,000 to go
    assert [(w.account_code, w.voted, w.spent, w.remaining) for w in pack.works] == [
        ("671", D("3000.00"), D("2000.00"), D("1000.00"))]
    # annexe 1: the owners owe 2,500, the bank holds 5, the suppliers are owed 2,500, the surplus 5 to allocate
    assert pack.sheet.total_assets == pack.sheet.total_liabilities == D("2505.00")
    assert pack.reserve.required and pack.reserve.minimum == D("30.00")
