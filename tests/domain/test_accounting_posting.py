"""The posting API against PostgreSQL: numbering, sub-accounts, closed years, unbalanced entries refused by Python
and by the database, posted entries final, reversals."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import asyncpg
import pytest

from domain.access import require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry, reverse_entry
from domain.errors import Conflict, Invalid, NotFound
from tests.factories import actor, make_building, make_org, make_owner, make_user


async def _setup(conn, jurisdiction="BE"):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, jurisdiction=jurisdiction)
    return org, require(syndic, "entry.post", building.id), building


def _purchase(day: date, amount: str = "121.00", supplier: str = "Ascenseurs SA") -> EntryDraft:
    return EntryDraft("ACH", day, "Entretien ascenseur", (
        LineDraft("cat:lift", debit=D(amount), vat_amount=D("21.00")),
        LineDraft("suppliers", credit=D(amount), supplier=supplier)), document_ref="F-1")


async def test_numbers_follow_per_journal_and_year_and_sub_accounts_are_created(conn) -> None:
    org, member, building = await _setup(conn)
    first = await post_entry(conn, member, building.id, _purchase(date(2026, 3, 1)))
    second = await post_entry(conn, member, building.id, _purchase(date(2026, 4, 1), supplier=" ascenseurs sa "))
    other_year = await post_entry(conn, member, building.id, _purchase(date(2027, 1, 5)))
    assert (first.number, second.number, other_year.number) == (1, 2, 1)
    assert first.year_id == second.year_id != other_year.year_id
    accounts = await conn.fetch("SELECT code, party, label FROM ledger_accounts WHERE building_id = $1 ORDER BY code",
                                building.id)
    assert [(a["code"], a["party"]) for a in accounts] == [("440", "s:ascenseurs sa"), ("6103", "")]
    years = await conn.fetch("SELECT starts_on, ends_on, state FROM fiscal_years WHERE building_id = $1 "
                             "ORDER BY starts_on", building.id)
    assert [(y["starts_on"], y["ends_on"]) for y in years] == [(date(2026, 1, 1), date(2026, 12, 31)),
                                                              (date(2027, 1, 1), date(2027, 12, 31))]


async def test_a_french_building_posts_the_same_roles_on_its_own_chart(conn) -> None:
    org, member, building = await _setup(conn, "FR")
    owner = await make_owner(conn, org)
    await post_entry(conn, member, building.id, EntryDraft("BQ1", date(2026, 2, 1), "Versement", (
        LineDraft("bank_working", debit=D("50.00")), LineDraft("owners", credit=D("50.00"), owner_id=owner["id"]))))
    codes = await conn.fetch("SELECT a.code, a.owner_id FROM entry_lines l JOIN ledger_accounts a ON a.id = l.account_id"
                             " WHERE l.building_id = $1 ORDER BY l.line_no", building.id)
    assert [(r["code"], r["owner_id"]) for r in codes] == [("512", None), ("4501", owner["id"])]
    assert await conn.fetchval("SELECT bank_code FROM journals WHERE building_id = $1", building.id) == "512"


async def test_an_unbalanced_entry_is_invalid_naming_the_lines(conn) -> None:
    org, member, building = await _setup(conn)
    with pytest.raises(Invalid) as e:
        await post_entry(conn, member, building.id, EntryDraft("OD", date(2026, 1, 2), "x", (
            LineDraft("6100", debit=D("10.00")), LineDraft("499", credit=D("9.99")),
            LineDraft("499", debit=D("1.00"), credit=D("1.00")), LineDraft("9999", debit=D("0.001")))))
    assert set(e.value.errors) == {"lines", "lines[3]", "lines[4]"}
    with pytest.raises(Invalid) as e:
        await post_entry(conn, member, building.id, EntryDraft("OD", date(2026, 1, 2), "x", (
            LineDraft("6100", debit=D("10.00")), LineDraft("4999", credit=D("10.00")))))
    assert set(e.value.errors) == {"lines[2]"}


async def test_postgresql_refuses_an_unbalanced_entry_and_any_change(conn) -> None:
    org, member, building = await _setup(conn)
    posted = await post_entry(conn, member, building.id, _purchase(date(2026, 3, 1)))
    account = await conn.fetchval("SELECT account_id FROM entry_lines WHERE entry_id = $1 LIMIT 1", posted.id)
    with pytest.raises(asyncpg.CheckViolationError):
        async with conn.transaction():
            await conn.execute(
                "INSERT INTO entry_lines (organization_id, entry_id, line_no, building_id, fiscal_year_id, entry_date,"
                " account_id, debit) VALUES ($1, $2, 9, $3, $4, $5, $6, 1)",
                org.id, posted.id, building.id, posted.year_id, posted.entry_date, account)
            await conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for sql in ("UPDATE entry_lines SET debit = debit WHERE entry_id = $1",
                "DELETE FROM entry_lines WHERE entry_id = $1", "UPDATE journal_entries SET label = 'y' WHERE id = $1",
                "DELETE FROM journal_entries WHERE id = $1"):
        with pytest.raises(asyncpg.RestrictViolationError):
            async with conn.transaction():
                await conn.execute(sql, posted.id)


async def test_postgresql_checks_each_statement_of_lines_whole(conn) -> None:
    """The balance is checked on the lines each statement writes (migration 0142): an entry's lines written after
    it, balanced, pass; lines that do not balance among themselves are refused, whichever entry they join."""
    org, member, building = await _setup(conn)
    posted = await post_entry(conn, member, building.id, _purchase(date(2026, 3, 1)))
    account = await conn.fetchval("SELECT account_id FROM entry_lines WHERE entry_id = $1 LIMIT 1", posted.id)
    entry = await conn.fetchrow("SELECT journal_id, fiscal_year_id FROM journal_entries WHERE id = $1", posted.id)
    lines = ("INSERT INTO entry_lines (organization_id, entry_id, line_no, building_id, fiscal_year_id, entry_date,"
             " account_id, debit, credit) SELECT $1, $2, n, $3, $4, $5, $6, d, c"
             " FROM unnest($7::int[], $8::numeric[], $9::numeric[]) AS x(n, d, c)")
    async with conn.transaction():
        later = await conn.fetchval(
            "INSERT INTO journal_entries (organization_id, building_id, journal_id, fiscal_year_id, number, entry_date,"
            " label, source_kind) VALUES ($1, $2, $3, $4, 999, $5, 'x', 'manual') RETURNING id",
            org.id, building.id, entry["journal_id"], entry["fiscal_year_id"], posted.entry_date)
        await conn.execute(lines, org.id, later, building.id, posted.year_id, posted.entry_date, account,
                           [1, 2], [D("5.00"), D("0")], [D("0"), D("5.00")])
    assert await conn.fetchval("SELECT sum(debit) - sum(credit) FROM entry_lines WHERE entry_id = $1", later) == 0
    for debits, credits in (([D("5.00"), D("0")], [D("0"), D("4.99")]), ([D("5.00")], [D("0")])):
        with pytest.raises(asyncpg.CheckViolationError):
            async with conn.transaction():
                await conn.execute(lines, org.id, posted.id, building.id, posted.year_id, posted.entry_date, account,
                                   list(range(20, 20 + len(debits))), debits, credits)


async def test_a_closed_year_refuses_entries_and_reversal_goes_to_the_open_one(conn) -> None:
    org, member, building = await _setup(conn)
    posted = await post_entry(conn, member, building.id, _purchase(date(2026, 3, 1)))
    await conn.execute("UPDATE fiscal_years SET state = 'closed', closed_at = now() WHERE id = $1", posted.year_id)
    with pytest.raises(Conflict):
        await post_entry(conn, member, building.id, _purchase(date(2026, 5, 1)))
    reversal = await reverse_entry(conn, member, posted.id, entry_date=date(2027, 1, 2))
    assert reversal.year_id != posted.year_id and reversal.number == 1
    totals = await conn.fetch("SELECT a.code, sum(debit - credit) AS s FROM entry_lines l JOIN ledger_accounts a"
                              " ON a.id = l.account_id WHERE l.building_id = $1 GROUP BY a.code", building.id)
    assert all(r["s"] == 0 for r in totals)
    with pytest.raises(Conflict):
        await reverse_entry(conn, member, posted.id, entry_date=date(2027, 1, 3))


async def test_another_organisation_cannot_post_nor_reverse(conn) -> None:
    org, member, building = await _setup(conn)
    posted = await post_entry(conn, member, building.id, _purchase(date(2026, 3, 1)))
    _org2, other, _b2 = await _setup(conn)
    with pytest.raises(NotFound):
        await post_entry(conn, other, building.id, _purchase(date(2026, 3, 1)))
    with pytest.raises(NotFound):
        await reverse_entry(conn, other, posted.id, entry_date=date(2026, 3, 2))


async def test_a_year_past_its_end_and_not_closed_is_on_the_desk(conn) -> None:
    from domain.accounting.desk import years_to_close
    org, member, building = await _setup(conn)
    await post_entry(conn, member, building.id, _purchase(date(2025, 3, 1)))
    [item] = await years_to_close(conn, member, date(2026, 2, 1))
    assert (item.kind, item.building_id, item.due) == ("year.to_close", building.id, date(2026, 7, 2))
    assert item.path.startswith("/fiscal-years/")
    assert await years_to_close(conn, member, date(2025, 12, 31)) == []
    _org2, other, _b2 = await _setup(conn)
    assert await years_to_close(conn, other, date(2026, 2, 1)) == []
