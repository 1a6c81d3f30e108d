"""`post_entries`, the batch posting the bank import uses: the same numbering as `post_entry` (continuing it, per
journal and year, in the drafts' order), the same refusals (a closed year, an unknown account, an unbalanced entry),
and PostgreSQL's balance check holding for the whole batch."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.access import require
from domain.accounting.posting import EntryDraft, LineDraft, post_entries, post_entries_many, post_entry
from domain.errors import Conflict, Invalid
from tests.factories import actor, make_building, make_org, make_owner, make_user


async def _setup(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org)
    return org, require(syndic, "entry.post", building.id), building


def _in(day: date, amount: str, owner_id=None) -> EntryDraft:  # type: ignore[no-untyped-def]
    return EntryDraft("BQ1", day, "Versement", (
        LineDraft("bank_working", debit=D(amount)),
        LineDraft("owners" if owner_id else "suspense", credit=D(amount), owner_id=owner_id)))


async def test_numbers_continue_per_journal_and_year_in_the_drafts_order(conn) -> None:  # type: ignore[no-untyped-def]
    org, member, building = await _setup(conn)
    owner = await make_owner(conn, org)
    first = await post_entry(conn, member, building.id, _in(date(2026, 3, 1), "10.00"))
    posted = await post_entries(conn, member, building.id, [
        _in(date(2026, 5, 1), "20.00", owner["id"]), _in(date(2027, 1, 2), "30.00"),
        _in(date(2026, 4, 1), "40.00", owner["id"]), _in(date(2027, 2, 1), "50.00")])
    assert first.number == 1
    assert [p.number for p in posted] == [2, 1, 3, 2]
    assert posted[0].year_id == posted[2].year_id != posted[1].year_id == posted[3].year_id
    after = await post_entry(conn, member, building.id, _in(date(2026, 6, 1), "60.00"))
    assert after.number == 4
    owed = await conn.fetchval("SELECT sum(credit - debit) FROM entry_lines WHERE organization_id = $1 "
                               "AND owner_id = $2", org.id, owner["id"])
    assert owed == D("60.00")
    assert await post_entries(conn, member, building.id, []) == []


async def test_refusals_leave_nothing(conn) -> None:  # type: ignore[no-untyped-def]
    org, member, building = await _setup(conn)
    good = _in(date(2026, 3, 1), "10.00")
    unbalanced = EntryDraft("BQ1", date(2026, 3, 1), "Versement", (
        LineDraft("bank_working", debit=D("10.00")), LineDraft("suspense", credit=D("9.00"))))
    with pytest.raises(Invalid):
        await post_entries(conn, member, building.id, [good, unbalanced])
    unknown = EntryDraft("BQ1", date(2026, 3, 1), "Versement", (
        LineDraft("bank_working", debit=D("10.00")), LineDraft("9999999", credit=D("10.00"))))
    with pytest.raises(Invalid) as bad:
        await post_entries(conn, member, building.id, [good, unknown])
    assert "9999999" in str(bad.value.errors["lines"])
    year = await post_entry(conn, member, building.id, _in(date(2025, 6, 1), "5.00"))
    await conn.execute("UPDATE fiscal_years SET state = 'closed', closed_at = now() WHERE id = $1", year.year_id)
    with pytest.raises(Conflict):
        await post_entries(conn, member, building.id, [good, _in(date(2025, 7, 1), "5.00")])
    assert await conn.fetchval("SELECT count(*) FROM journal_entries WHERE organization_id = $1", org.id) == 1


async def test_many_buildings_years_not_open_yet_are_opened_as_one_posting_opens_them(conn) -> None:  # type: ignore[no-untyped-def]
    """A firm's batch opens the years it needs for all its buildings at once, the years `post_entry` would open:
    twelve months after twelve months from the building's last year (a gap filled), 1 January without one."""
    org, member, gap = await _setup(conn)
    fresh, alone = await make_building(conn, org), await make_building(conn, org)
    for b in (gap, alone):
        await post_entry(conn, member, b.id, _in(date(2025, 6, 1), "5.00"))
    await conn.execute("UPDATE fiscal_years SET starts_on = '2024-07-01', ends_on = '2025-06-30' "
                       "WHERE organization_id = $1", org.id)  # a year from July
    await post_entry(conn, member, alone.id, _in(date(2027, 2, 1), "5.00"))  # one by one: the reference
    posted = await post_entries_many(conn, member, [(gap.id, _in(date(2027, 2, 1), "1.00")),
                                                    (fresh.id, _in(date(2026, 3, 1), "2.00")),
                                                    (gap.id, _in(date(2027, 3, 1), "3.00"))])

    async def years(b):  # type: ignore[no-untyped-def]
        return [(r["starts_on"], r["ends_on"]) for r in await conn.fetch(
            "SELECT starts_on, ends_on FROM fiscal_years WHERE organization_id = $1 AND building_id = $2 "
            "ORDER BY starts_on", org.id, b.id)]
    assert await years(gap) == await years(alone) == [(date(2024, 7, 1), date(2025, 6, 30)),
                                                      (date(2025, 7, 1), date(2026, 6, 30)),
                                                      (date(2026, 7, 1), date(2027, 6, 30))]
    assert await years(fresh) == [(date(2026, 1, 1), date(2026, 12, 31))]
    assert posted[0].year_id == posted[2].year_id and [p.number for p in posted] == [1, 1, 2]
