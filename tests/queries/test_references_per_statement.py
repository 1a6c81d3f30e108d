"""The references of the bulk-written tables (migration 0148) are checked once per statement by triggers instead of
foreign keys, and hold just as a foreign key holds: a row pointing at nothing, or at another organisation's row, is
refused with the constraint's name; a row still pointed at cannot be deleted nor re-keyed; a row being pointed at by
a transaction under way is locked until it ends; and every reference has both its sides."""
from __future__ import annotations

import asyncio
import uuid
from datetime import date
from decimal import Decimal as D

import asyncpg
import pytest

from domain.access import require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from queries.db import connect
from tests.factories import actor, make_building, make_org, make_owner, make_user

_PAY = ("INSERT INTO owner_payments (organization_id, building_id, owner_id, amount, paid_on, created_by) "
        "SELECT $1, $2, o, 10.00, DATE '2026-03-01', $4 FROM unnest($3::uuid[]) AS t(o) RETURNING id")
_OWNER_FK = "owner_payments_organization_id_owner_id_fkey"


def _draft() -> EntryDraft:
    return EntryDraft("OD", date(2026, 1, 3), "Régularisation", (LineDraft("6100", debit=D("5.00")),
                                                                 LineDraft("499", credit=D("5.00"))))


async def _setup(conn: asyncpg.Connection):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    building = await make_building(conn, org)
    return org, user, building


async def test_a_row_pointing_at_nothing_is_refused_by_the_constraints_name(conn: asyncpg.Connection) -> None:
    org, user, building = await _setup(conn)
    owner = await make_owner(conn, org)
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():
            await conn.fetch(_PAY, org.id, building.id, [owner["id"], uuid.uuid4()], user.id)
    assert refused.value.constraint_name == _OWNER_FK
    assert "is not present in table \"owners\"" in refused.value.detail
    # the whole statement is refused: the good row of it is not written either
    assert await conn.fetchval("SELECT count(*) FROM owner_payments WHERE organization_id = $1", org.id) == 0
    assert len(await conn.fetch(_PAY, org.id, building.id, [owner["id"], owner["id"]], user.id)) == 2


async def test_another_organisations_row_is_not_a_reference(conn: asyncpg.Connection) -> None:
    org, user, building = await _setup(conn)
    stranger = await make_owner(conn, await make_org(conn))
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():
            await conn.fetch(_PAY, org.id, building.id, [stranger["id"]], user.id)
    assert refused.value.constraint_name == _OWNER_FK
    other_building = await make_building(conn, await make_org(conn))
    owner = await make_owner(conn, org)
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():
            await conn.fetch(_PAY, org.id, other_building.id, [owner["id"]], user.id)
    assert refused.value.constraint_name == "owner_payments_organization_id_building_id_fkey"


async def test_an_update_that_points_at_nothing_is_refused(conn: asyncpg.Connection) -> None:
    org, user, building = await _setup(conn)
    owner = await make_owner(conn, org)
    [paid] = await conn.fetch(_PAY, org.id, building.id, [owner["id"]], user.id)
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():
            await conn.execute("UPDATE owner_payments SET owner_id = $3 WHERE organization_id = $1 AND id = $2",
                               org.id, paid["id"], uuid.uuid4())
    assert refused.value.constraint_name == _OWNER_FK


async def test_a_row_still_pointed_at_cannot_be_deleted_nor_rekeyed(conn: asyncpg.Connection) -> None:
    org, user, building = await _setup(conn)
    held, free = await make_owner(conn, org), await make_owner(conn, org)
    await conn.fetch(_PAY, org.id, building.id, [held["id"]], user.id)
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():
            await conn.execute("DELETE FROM owners WHERE organization_id = $1 AND id = $2", org.id, held["id"])
    assert refused.value.constraint_name == _OWNER_FK
    assert refused.value.table_name == "owner_payments"
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        async with conn.transaction():
            await conn.execute("UPDATE owners SET id = gen_random_uuid() WHERE organization_id = $1 AND id = $2",
                               org.id, held["id"])
    # a change that keeps the key, and the deletion of a row nobody points at, go through
    await conn.execute("UPDATE owners SET last_name = 'Neuf' WHERE organization_id = $1 AND id = $2", org.id,
                       held["id"])
    assert await conn.execute("DELETE FROM owners WHERE organization_id = $1 AND id = $2", org.id,
                              free["id"]) == "DELETE 1"
    # the building too (its payments point at it), and the user who recorded them
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        async with conn.transaction():
            await conn.execute("DELETE FROM buildings WHERE organization_id = $1 AND id = $2", org.id, building.id)
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():
            await conn.execute("DELETE FROM users WHERE id = $1", user.id)
    assert refused.value.constraint_name == "owner_payments_created_by_fkey"


async def test_a_posted_entrys_lines_point_at_their_entry(conn: asyncpg.Connection) -> None:
    org, user, building = await _setup(conn)
    member = require(actor(user, org, "syndic"), "entry.post", building.id)
    posted = await post_entry(conn, member, building.id, _draft())
    # the entry's lines written again, $3 days later, on account $4 (NULL: the same accounts)
    copy = ("INSERT INTO entry_lines (organization_id, entry_id, line_no, building_id, fiscal_year_id, entry_date, "
            "account_id, debit, credit) SELECT organization_id, entry_id, line_no + 10, building_id, fiscal_year_id, "
            "entry_date + $3::int, coalesce($4::uuid, account_id), debit, credit FROM entry_lines "
            "WHERE organization_id = $1 AND entry_id = $2")
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():  # lines of the right entry, dated otherwise: not that entry's lines
            await conn.execute(copy, org.id, posted.id, 1, None)
    assert refused.value.constraint_name == "entry_lines_of_their_entry"
    other_org, other_user, other_building = await _setup(conn)
    theirs = await post_entry(conn, require(actor(other_user, other_org, "syndic"), "entry.post", other_building.id),
                              other_building.id, _draft())
    foreign = await conn.fetchval("SELECT account_id FROM entry_lines WHERE organization_id = $1 AND entry_id = $2 "
                                  "LIMIT 1", other_org.id, theirs.id)
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():  # an account of another organisation
            await conn.execute(copy, org.id, posted.id, 0, foreign)
    assert refused.value.constraint_name == "entry_lines_organization_id_account_id_fkey"
    line = await conn.fetchrow("SELECT * FROM entry_lines WHERE organization_id = $1 AND entry_id = $2 LIMIT 1",
                               org.id, posted.id)
    with pytest.raises(asyncpg.ForeignKeyViolationError) as refused:
        async with conn.transaction():
            await conn.execute("DELETE FROM ledger_accounts WHERE organization_id = $1 AND id = $2", org.id,
                               line["account_id"])
    assert refused.value.constraint_name == "entry_lines_organization_id_account_id_fkey"


async def test_a_row_being_pointed_at_is_locked_until_the_transaction_ends(clone_db) -> None:
    url = clone_db("koprogo_references_lock")
    writer, deleter = await connect(url), await connect(url)
    try:
        org, user, building = await _setup(writer)
        owner = await make_owner(writer, org)
        writing = writer.transaction()
        await writing.start()
        await writer.fetch(_PAY, org.id, building.id, [owner["id"]], user.id)
        await deleter.execute("SET lock_timeout = '300ms'")
        with pytest.raises(asyncpg.LockNotAvailableError):  # the owner is locked FOR KEY SHARE by the payment
            await deleter.execute("DELETE FROM owners WHERE organization_id = $1 AND id = $2", org.id, owner["id"])
        await deleter.execute("SET lock_timeout = 0")
        deleting = asyncio.create_task(deleter.execute(
            "DELETE FROM owners WHERE organization_id = $1 AND id = $2", org.id, owner["id"]))
        await asyncio.sleep(0.3)
        assert not deleting.done()  # it waits for the payment's transaction
        await writing.commit()
        with pytest.raises(asyncpg.ForeignKeyViolationError):  # which committed: the owner is pointed at now
            await deleting
        # the other way round: an owner being deleted makes the payment wait, then refuses it
        other = await make_owner(writer, org)
        removing = deleter.transaction()
        await removing.start()
        await deleter.execute("DELETE FROM owners WHERE organization_id = $1 AND id = $2", org.id, other["id"])
        paying = asyncio.create_task(writer.fetch(_PAY, org.id, building.id, [other["id"]], user.id))
        await asyncio.sleep(0.3)
        assert not paying.done()
        await removing.commit()
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            await paying
    finally:
        await writer.close()
        await deleter.close()


_TRIGGERS = """
SELECT t.tgname, c.relname, p.proname, t.tgargs
FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
WHERE p.proname IN ('references_present', 'references_absent') AND NOT t.tgisinternal
"""


async def references(conn: asyncpg.Connection) -> tuple[set[tuple], set[tuple]]:
    """(name, table, columns, parent table, parent columns, 'lock' | 'final') of the rows' side, and (name, table,
    columns, parent table, parent columns) of the side pointed at, from the triggers' arguments."""
    present, absent = set(), set()
    for t in await conn.fetch(_TRIGGERS):
        args = [a.decode() for a in bytes(t["tgargs"]).split(b"\x00")[:-1]]
        if t["proname"] == "references_present":
            for i in range(0, len(args), 5):
                name, cols, parent, keys, mode = args[i:i + 5]
                present.add((name, t["relname"], cols, parent, keys, mode))
        else:
            for i in range(0, len(args), 4):
                name, child, cols, keys = args[i:i + 4]
                absent.add((name, child, cols, t["relname"], keys))
    return present, absent


async def test_every_reference_has_both_its_sides(conn: asyncpg.Connection) -> None:
    present, absent = await references(conn)
    assert len(present) >= 24
    guarded = {r[:5] for r in present if r[5] == "lock"}
    assert guarded == absent  # nothing pointed at may vanish, and no guard stands for a reference that is not
    for name, table, cols, parent, keys, _mode in present:
        # what it points at is a key of the parent (unique), as for a foreign key
        assert await conn.fetchval(
            "SELECT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = $1::regclass AND i.indisunique AND "
            "(SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a WHERE a.attrelid = i.indrelid "
            " AND a.attnum = ANY (i.indkey)) = (SELECT array_agg(k ORDER BY k) FROM unnest($2::text[]) k))",
            parent, keys.split(",")), (name, parent, keys)
        assert len(cols.split(",")) == len(keys.split(",")), name
        # and the foreign key it replaces is gone (no reference checked twice)
        assert not await conn.fetchval("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = $1 AND "
                                       "conrelid = $2::regclass)", name, table), name
    # the rows side runs after inserts, and after updates where rows are changed after they are written
    updated = {r["relname"] for r in await conn.fetch(
        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid "
        "WHERE p.proname = 'references_present' AND (t.tgtype & 16) <> 0")}
    assert updated == {"owner_payments", "bank_movements", "call_shares", "payment_references", "ledger_accounts"}
    # looked up by key: the transition table has no statistics, a hash of the whole parent table is never better
    assert set(await conn.fetchval("SELECT proconfig FROM pg_proc WHERE proname = 'references_present'")) == {
        "enable_hashjoin=off", "enable_mergejoin=off"}
