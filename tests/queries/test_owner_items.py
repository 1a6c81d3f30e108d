"""owner_items (migration 0155), each entry's net on an owner's account with the day it falls due, is kept by
PostgreSQL from the lines: whatever the books go through (calls issued, a bank payment, a due date brought forward
and given back, a call cancelled, a year closed and the next one opened, an entry's lines written in two
statements), the table holds exactly what owner_items_rebuild makes from the lines, and the arrears read it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import asyncpg

from domain.accounting import closing
from domain.calls import cancel
from domain.collection import arrears
from queries.collection import arrears as qa
from tests.domain import test_calls_cancel as cancelled
from tests.factories import make_org

_issued = cancelled._issued
world = cancelled.world  # the same two owners, their building and its working fund
_ROWS = ("SELECT owner_id, building_id, due_date, entry_date, entry_id, net, call_id FROM owner_items "
         "WHERE organization_id = $1 ORDER BY owner_id, due_date, entry_date, entry_id")


async def _kept_is_rebuilt(conn: asyncpg.Connection, org_id) -> list[asyncpg.Record]:  # type: ignore[no-untyped-def]
    """The rows the triggers kept, checked against the rows made again from the lines."""
    kept = await conn.fetch(_ROWS, org_id)
    await qa.rebuild_owner_items(conn, org_id)
    assert await conn.fetch(_ROWS, org_id) == kept
    return kept


async def test_the_items_follow_the_books(conn, world) -> None:
    org, syndic, building, (payer, other) = world
    first = await _issued(conn, syndic, building, "Provisions T1", "2027-01-05", "2027-01-31")
    second = await _issued(conn, syndic, building, "Provisions T2", "2027-04-05", "2027-04-30")
    day = date(2027, 1, 20)
    await cancelled.pay_by_bank(conn, syndic, building, first.references[payer], D("250.00"), day)
    rows = await _kept_is_rebuilt(conn, org.id)
    # each call's share on its due date, the payment on its day
    assert {(r["owner_id"], r["due_date"], r["net"]) for r in rows} == {
        (payer, date(2027, 1, 31), D("400.00")), (payer, date(2027, 4, 30), D("400.00")),
        (payer, day, D("-250.00")), (other, date(2027, 1, 31), D("600.00")), (other, date(2027, 4, 30), D("600.00"))}
    assert {r["call_id"] for r in rows if r["net"] > 0} == {first.id, second.id}

    # a due date brought forward for one owner moves that owner's item only, and comes back with the override
    await conn.execute("INSERT INTO call_due_overrides (organization_id, call_id, owner_id, due_date, reason) "
                       "VALUES ($1, $2, $3, '2027-03-01', 'fr_19_2')", org.id, second.id, other)
    due = {(r["owner_id"], r["call_id"]): r["due_date"] for r in await _kept_is_rebuilt(conn, org.id)}
    assert due[(other, second.id)] == date(2027, 3, 1) and due[(payer, second.id)] == date(2027, 4, 30)
    await conn.execute("DELETE FROM call_due_overrides WHERE organization_id = $1", org.id)
    due = {(r["owner_id"], r["call_id"]): r["due_date"] for r in await _kept_is_rebuilt(conn, org.id)}
    assert due[(other, second.id)] == date(2027, 4, 30)

    # a cancelled call and its reversal are no item and no payment: the 250 paid stays a credit
    await cancel.cancel_call(conn, syndic, first.id, {"reason": "Budget à revoir"}, date(2027, 2, 3))
    rows = await _kept_is_rebuilt(conn, org.id)
    assert first.id not in {r["call_id"] for r in rows}
    assert {(r["owner_id"], r["net"]) for r in rows} == {(payer, D("400.00")), (payer, D("-250.00")),
                                                         (other, D("600.00"))}
    owed = {x.row.owner_id: x.row.total for x in await arrears.arrears(conn, syndic, date(2027, 6, 1), building.id)}
    assert owed == {payer: D("150.00"), other: D("600.00")}

    # an entry's owner lines written in two statements make one item
    line = await conn.fetchrow("SELECT l.account_id, l.fiscal_year_id FROM entry_lines l WHERE l.organization_id = $1 "
                               "AND l.owner_id = $2 LIMIT 1", org.id, payer)
    income = await conn.fetchval("SELECT id FROM ledger_accounts WHERE organization_id = $1 AND building_id = $2 "
                                 "AND code LIKE '7%' ORDER BY code LIMIT 1", org.id, building.id)
    journal = await conn.fetchval("SELECT journal_id FROM journal_entries WHERE organization_id = $1 "
                                  "AND building_id = $2 LIMIT 1", org.id, building.id)
    lines = ("INSERT INTO entry_lines (organization_id, entry_id, line_no, building_id, fiscal_year_id, entry_date,"
             " account_id, debit, credit, owner_id) VALUES ($1, $2, $3, $4, $5, '2027-05-10', $6, $7, 0, $8),"
             " ($1, $2, $3 + 1, $4, $5, '2027-05-10', $9, 0, $7, NULL)")
    async with conn.transaction():
        entry = await conn.fetchval(
            "INSERT INTO journal_entries (organization_id, building_id, journal_id, fiscal_year_id, number,"
            " entry_date, label, source_kind) VALUES ($1, $2, $3, $4, 9999, '2027-05-10', 'Frais', 'manual')"
            " RETURNING id", org.id, building.id, journal, line["fiscal_year_id"])
        for no, amount in ((1, D("10.00")), (3, D("2.50"))):
            await conn.execute(lines, org.id, entry, no, building.id, line["fiscal_year_id"], line["account_id"],
                               amount, payer, income)
    rows = await _kept_is_rebuilt(conn, org.id)
    assert [r["net"] for r in rows if r["entry_id"] == entry] == [D("12.50")]

    # the year closed: its result shared among the owners is an item; the next year's opening entry, which
    # carries the owners' balances, is none
    year = await conn.fetchval("SELECT id FROM fiscal_years WHERE organization_id = $1 AND building_id = $2 "
                               "AND starts_on = '2027-01-01'", org.id, building.id)
    await closing.close_year(conn, syndic, year)
    opening = await conn.fetchval("SELECT id FROM journal_entries WHERE organization_id = $1 "
                                  "AND source_kind = 'opening'", org.id)
    assert await conn.fetchval("SELECT count(*) FROM entry_lines WHERE organization_id = $1 AND entry_id = $2 "
                               "AND owner_id IS NOT NULL", org.id, opening) == 2
    closed = await _kept_is_rebuilt(conn, org.id)
    assert opening not in {r["entry_id"] for r in closed}
    assert len(closed) == len(rows) + 2  # the year's result, one share each


async def test_a_rebuild_touches_its_organisation_only(conn, world) -> None:
    org, syndic, building, _owners = world
    await _issued(conn, syndic, building, "Provisions T1", "2027-01-05", "2027-01-31")
    before = await conn.fetch(_ROWS, org.id)
    assert len(before) == 2
    stranger = await make_org(conn)
    assert await qa.rebuild_owner_items(conn, stranger.id) == 0
    assert await conn.fetch(_ROWS, org.id) == before
