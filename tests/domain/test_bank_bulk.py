"""A big statement (the benchmark's file, 2,000 movements here) imported set-based: every movement one entry,
numbered without gaps in the bank journal, the books balanced, each owner's payments in their ledger, and the same
file twice changing nothing."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from domain.bank import statements as bank
from domain.calls import calls, funds
from load.bank import IBAN, coda_paying
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


async def test_a_big_statement_posts_in_one_batch(conn) -> None:  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Bulk")
    for i in range(1, 11):
        unit = await make_unit(conn, org, building, str(i), quota=100)
        await give_right(conn, org, unit, await make_owner(conn, org, f"Bulk{i}"))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "T1", "total": "1000.00", "call_date": "2027-01-01", "due_date": "2027-01-31"})
    assert made.id is not None
    view = await calls.issue_call(conn, syndic, made.id)
    data = coda_paying(sorted(view.references.values()), 2000, date(2027, 1, 20))
    [done] = await bank.import_statements(conn, syndic, building.id, data)
    # 1 in 20 unknown payers and 1 in 20 money out stay in suspense: 1,800 matched
    assert (done.movements, done.matched) == (2000, 1800)
    numbers = [r["number"] for r in await conn.fetch(
        "SELECT e.number FROM journal_entries e JOIN journals j ON j.organization_id = e.organization_id "
        "AND j.id = e.journal_id WHERE e.organization_id = $1 AND j.code = 'BQ1' ORDER BY e.number", org.id)]
    assert numbers == list(range(1, 2001))
    lines = await conn.fetchrow("SELECT count(*) AS n, sum(debit) AS d, sum(credit) AS c FROM entry_lines "
                                "WHERE organization_id = $1", org.id)
    assert lines["d"] == lines["c"]
    paid = await conn.fetchval("SELECT sum(amount) FROM owner_payments WHERE organization_id = $1", org.id)
    matched_in = await conn.fetchval("SELECT sum(amount) FROM bank_movements WHERE organization_id = $1 "
                                     "AND state = 'matched'", org.id)
    assert paid == matched_in > D(0)
    # every entry points back at its movement's number in the statement
    assert await conn.fetchval("SELECT count(*) FROM bank_movements m JOIN journal_entries e ON e.organization_id "
                               "= m.organization_id AND e.id = m.entry_id WHERE m.organization_id = $1 "
                               "AND e.document_ref = '1/' || m.line_no", org.id) == 2000
    [again] = await bank.import_statements(conn, syndic, building.id, data)
    assert again.already
    assert await conn.fetchval("SELECT count(*) FROM bank_movements WHERE organization_id = $1", org.id) == 2000
