"""Posting into the books: accounts resolved (sub-accounts created), the fiscal year, the journal, the next number
and the entry with its lines."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import cast
from uuid import UUID

import asyncpg

from queries.rows import reader

# An account given by its code, its role in the chart ("owners", "bank_working"…) or an expense category
# ("cat:insurance"); with an owner or a supplier it is their sub-account of that control account.
_PARTY = """CASE WHEN x.owner_id IS NOT NULL THEN 'o:' || x.owner_id
                 WHEN coalesce(btrim(x.supplier), '') <> '' THEN 's:' || lower(btrim(x.supplier)) ELSE '' END"""
_RESOLVED = """
FROM unnest($3::text[], $4::uuid[], $5::text[]) WITH ORDINALITY AS x(account, owner_id, supplier, i)
JOIN buildings b ON b.organization_id = $1 AND b.id = $2
LEFT JOIN chart_categories cc ON cc.jurisdiction = b.jurisdiction AND cc.version = 1
                             AND 'cat:' || cc.category = x.account
LEFT JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction AND c.version = 1
                          AND (c.code = coalesce(cc.code, x.account) OR c.role = x.account)
LEFT JOIN owners o ON o.organization_id = $1 AND o.id = x.owner_id
"""
# An owner's sub-account is labelled by its control account: the owner's name is read from the owners (and goes
# with their erasure), never copied here.
_ENSURE_ACCOUNTS = f"""
INSERT INTO ledger_accounts (organization_id, building_id, code, party, label, owner_id)
SELECT DISTINCT ON (c.code, {_PARTY}) $1::uuid, $2::uuid, c.code, {_PARTY},
       left(coalesce(nullif(btrim(x.supplier), ''), c.label_fr), 200), x.owner_id
{_RESOLVED}
WHERE c.code IS NOT NULL AND (x.owner_id IS NULL OR o.id IS NOT NULL)
ON CONFLICT (organization_id, building_id, code, party) DO NOTHING
"""
# Each line's account id (NULL: no such account in the chart nor among the building's own accounts).
_ACCOUNT_IDS = f"""
SELECT x.i, a.id {_RESOLVED}
LEFT JOIN ledger_accounts a ON a.organization_id = $1 AND a.building_id = $2
                           AND a.code = coalesce(c.code, x.account) AND a.party = {_PARTY}
ORDER BY x.i
"""


async def account_ids(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, accounts: list[str],
                      owners: list[UUID | None], suppliers: list[str | None]) -> list[UUID | None]:
    """Each line's account id, creating the chart's accounts and the owners' and suppliers' sub-accounts the
    building does not have yet; None where the account exists neither in the chart nor in the building."""
    await conn.execute(_ENSURE_ACCOUNTS, org_id, building_id, accounts, owners, suppliers)
    rows = await conn.fetch(_ACCOUNT_IDS, org_id, building_id, accounts, owners, suppliers)
    return [r["id"] for r in rows]


@dataclass(frozen=True)
class Year:
    id: UUID
    building_id: UUID
    starts_on: date
    ends_on: date
    state: str


_year = reader(Year)
_YEAR_COLUMNS = "id, building_id, starts_on, ends_on, state"
# FOR SHARE: a closing (which updates the year) waits for the postings under way, and they for it.
_YEAR_OF = f"""
SELECT {_YEAR_COLUMNS} FROM fiscal_years
WHERE organization_id = $1 AND building_id = $2 AND $3::date BETWEEN starts_on AND ends_on FOR SHARE
"""
# The years a posting needs and no year covers, for many (building, day) at once: each building's last year before
# the day, then the years to add (each unless it would overlap one: a concurrent posting may have added it).
_LATEST_BEFORE_MANY = """
SELECT DISTINCT ON (x.b, x.d) x.b AS building_id, x.d AS day, y.ends_on
FROM unnest($2::uuid[], $3::date[]) AS x(b, d)
LEFT JOIN fiscal_years y ON y.organization_id = $1 AND y.building_id = x.b AND y.ends_on < x.d
ORDER BY x.b, x.d, y.ends_on DESC
"""
_ADD_YEARS_MANY = """
INSERT INTO fiscal_years (organization_id, building_id, starts_on, ends_on)
SELECT $1, x.b, x.s, x.e FROM unnest($2::uuid[], $3::date[], $4::date[]) AS x(b, s, e)
WHERE NOT EXISTS (SELECT 1 FROM fiscal_years y WHERE y.organization_id = $1 AND y.building_id = x.b
                  AND y.starts_on <= x.e AND y.ends_on >= x.s)
ORDER BY x.b, x.s
ON CONFLICT (organization_id, building_id, starts_on) DO NOTHING
"""


async def year_of(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, day: date) -> Year | None:
    """The building's fiscal year covering the day, locked against its closing until the transaction ends."""
    row = await conn.fetchrow(_YEAR_OF, org_id, building_id, day)
    return _year(row) if row else None


async def latest_before_many(conn: asyncpg.Connection, org_id: UUID,
                             pairs: list[tuple[UUID, date]]) -> dict[tuple[UUID, date], date | None]:
    """For each (building, day): the end of the building's last year before the day, or None."""
    rows = await conn.fetch(_LATEST_BEFORE_MANY, org_id, [b for b, _d in pairs], [d for _b, d in pairs])
    return {(r["building_id"], r["day"]): r["ends_on"] for r in rows}


async def add_years_many(conn: asyncpg.Connection, org_id: UUID, years: list[tuple[UUID, date, date]]) -> None:
    """Open years (building, first day, last day), each unless it would overlap a year."""
    await conn.execute(_ADD_YEARS_MANY, org_id, [y[0] for y in years], [y[1] for y in years],
                       [y[2] for y in years])


# The journal by its code, created the first time from the standard set (purchases, calls, bank, misc, opening);
# DO UPDATE so the existing row comes back too.
_JOURNAL = """
INSERT INTO journals (organization_id, building_id, code, kind, label, bank_code)
SELECT $1, $2, $3, $4, $5, (SELECT c.code FROM buildings b JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction
                            AND c.version = 1 AND c.role = $6 WHERE b.organization_id = $1 AND b.id = $2)
ON CONFLICT (organization_id, building_id, code) DO UPDATE SET code = EXCLUDED.code
RETURNING id
"""


async def journal_id(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, code: str, kind: str,
                     label: str, bank_role: str | None) -> UUID:
    """The building's journal with this code, created if it is the first entry in it."""
    return cast(UUID, await conn.fetchval(_JOURNAL, org_id, building_id, code, kind, label, bank_role))


_NEXT_NUMBER = """
INSERT INTO journal_sequences AS s (organization_id, journal_id, fiscal_year_id, last_number) VALUES ($1, $2, $3, 1)
ON CONFLICT (organization_id, journal_id, fiscal_year_id) DO UPDATE SET last_number = s.last_number + 1
RETURNING last_number
"""


async def next_number(conn: asyncpg.Connection, org_id: UUID, journal: UUID, year_id: UUID) -> int:
    """The journal's next number in the year; the row stays locked until the transaction ends, so a rolled-back
    posting gives its number back and there is no gap."""
    return cast(int, await conn.fetchval(_NEXT_NUMBER, org_id, journal, year_id))


_INSERT_ENTRY = """
WITH e AS (
    INSERT INTO journal_entries (organization_id, building_id, journal_id, fiscal_year_id, number, entry_date, label,
                                 document_ref, source_kind, source_id, reverses_id, posted_by)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id, posted_at),
l AS (
    INSERT INTO entry_lines (organization_id, entry_id, line_no, building_id, fiscal_year_id, entry_date, account_id,
                             debit, credit, vat_amount, label, owner_id, unit_id, key_id)
    SELECT $1, e.id, x.i, $2, $4, $6, x.a, x.d, x.c, x.v, x.lb, x.o, x.u, x.k
    FROM e, unnest($13::uuid[], $14::numeric[], $15::numeric[], $16::numeric[], $17::text[], $18::uuid[],
                   $19::uuid[], $20::uuid[]) WITH ORDINALITY AS x(a, d, c, v, lb, o, u, k, i))
SELECT id, posted_at FROM e
"""


@dataclass(frozen=True)
class NewEntry:
    journal_id: UUID
    year_id: UUID
    number: int
    entry_date: date
    label: str
    document_ref: str | None
    source_kind: str
    source_id: UUID | None
    reverses_id: UUID | None
    posted_by: UUID | None


@dataclass(frozen=True)
class NewLine:
    account_id: UUID
    debit: Decimal
    credit: Decimal
    vat_amount: Decimal | None
    label: str | None
    owner_id: UUID | None
    unit_id: UUID | None
    key_id: UUID | None


async def insert_entry(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, entry: NewEntry,
                       lines: list[NewLine]) -> tuple[UUID, object]:
    """Write the entry and its lines in one statement; (id, posted_at)."""
    row = await conn.fetchrow(
        _INSERT_ENTRY, org_id, building_id, entry.journal_id, entry.year_id, entry.number, entry.entry_date,
        entry.label, entry.document_ref, entry.source_kind, entry.source_id, entry.reverses_id, entry.posted_by,
        [x.account_id for x in lines], [x.debit for x in lines], [x.credit for x in lines],
        [x.vat_amount for x in lines], [x.label for x in lines], [x.owner_id for x in lines],
        [x.unit_id for x in lines], [x.key_id for x in lines])
    if row is None:
        raise RuntimeError("INSERT … RETURNING gave no row")
    return row["id"], row["posted_at"]


@dataclass(frozen=True)
class StoredLine:
    line_no: int
    account_id: UUID
    code: str
    debit: Decimal
    credit: Decimal
    vat_amount: Decimal | None
    label: str | None
    owner_id: UUID | None
    unit_id: UUID | None
    key_id: UUID | None


_stored_line = reader(StoredLine)


@dataclass(frozen=True)
class StoredEntry:
    id: UUID
    building_id: UUID
    journal_code: str
    year_id: UUID
    number: int
    entry_date: date
    label: str
    document_ref: str | None
    source_kind: str
    source_id: UUID | None
    reverses_id: UUID | None


_stored_entry = reader(StoredEntry)
_ENTRY_COLUMNS = """e.id, e.building_id, j.code AS journal_code, e.fiscal_year_id AS year_id, e.number, e.entry_date,
e.label, e.document_ref, e.source_kind, e.source_id, e.reverses_id"""
_ENTRIES_OF_SOURCE = f"""
SELECT {_ENTRY_COLUMNS} FROM journal_entries e
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
WHERE e.organization_id = $1 AND e.source_kind = $2 AND e.source_id = $3
  AND e.source_kind <> 'bank_movement'  -- the index's condition (migration 0146): a bank movement names its entry
  AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.organization_id = e.organization_id AND r.reverses_id = e.id)
  AND e.reverses_id IS NULL
ORDER BY e.posted_at, e.number
"""
_ENTRY = f"""
SELECT {_ENTRY_COLUMNS} FROM journal_entries e
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
WHERE e.organization_id = $1 AND e.id = $2
"""
_LINES = """
SELECT l.line_no, l.account_id, a.code, l.debit, l.credit, l.vat_amount, l.label, l.owner_id, l.unit_id, l.key_id
FROM entry_lines l JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
WHERE l.organization_id = $1 AND l.entry_id = $2 ORDER BY l.line_no
"""


async def entries_of_source(conn: asyncpg.Connection, org_id: UUID, kind: str, source_id: UUID) -> list[StoredEntry]:
    """The entries posted for a source (an expense…) and not reversed yet."""
    return [_stored_entry(r) for r in await conn.fetch(_ENTRIES_OF_SOURCE, org_id, kind, source_id)]


async def entry(conn: asyncpg.Connection, org_id: UUID, entry_id: UUID) -> StoredEntry | None:
    """One entry of the organisation."""
    row = await conn.fetchrow(_ENTRY, org_id, entry_id)
    return _stored_entry(row) if row else None


async def lines(conn: asyncpg.Connection, org_id: UUID, entry_id: UUID) -> list[StoredLine]:
    """An entry's lines in order."""
    return [_stored_line(r) for r in await conn.fetch(_LINES, org_id, entry_id)]


# A batch's numbers in one step: the sequence moves by n and stays locked until the transaction ends (no gap).
_RESERVE_NUMBERS = """
INSERT INTO journal_sequences AS s (organization_id, journal_id, fiscal_year_id, last_number) VALUES ($1, $2, $3, $4)
ON CONFLICT (organization_id, journal_id, fiscal_year_id) DO UPDATE SET last_number = s.last_number + $4
RETURNING last_number - $4 + 1
"""
# Many entries and their lines by COPY (ids given by the caller): the binary protocol, no arrays to unnest; the
# triggers run as for an INSERT (the balance and the open year once per COPY: migration 0142).
_ENTRY_COLUMNS_COPY = ("organization_id", "id", "building_id", "journal_id", "fiscal_year_id", "number", "entry_date",
                       "label", "document_ref", "source_kind", "source_id", "posted_by")
_LINE_COLUMNS_COPY = ("organization_id", "entry_id", "line_no", "building_id", "fiscal_year_id", "entry_date",
                      "account_id", "debit", "credit", "vat_amount", "label", "owner_id", "unit_id", "key_id")


async def reserve_numbers(conn: asyncpg.Connection, org_id: UUID, journal: UUID, year_id: UUID, n: int) -> int:
    """The first of n consecutive numbers of the journal in the year (the others follow it), locked as
    `next_number` locks one."""
    return cast(int, await conn.fetchval(_RESERVE_NUMBERS, org_id, journal, year_id, n))


@dataclass(frozen=True)
class BatchLine:
    entry_id: UUID
    line_no: int
    year_id: UUID
    entry_date: date
    line: NewLine


async def insert_entries(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, posted_by: UUID | None,
                         entries: list[tuple[UUID, NewEntry]], lines: list[BatchLine]) -> None:
    """Write many entries (id, entry), then all their lines: two COPYs."""
    await copy_entries(conn, [
        (org_id, i, building_id, e.journal_id, e.year_id, e.number, e.entry_date, e.label, e.document_ref,
         e.source_kind, e.source_id, posted_by) for i, e in entries], [
        (org_id, x.entry_id, x.line_no, building_id, x.year_id, x.entry_date, x.line.account_id, x.line.debit,
         x.line.credit, x.line.vat_amount, x.line.label, x.line.owner_id, x.line.unit_id, x.line.key_id)
        for x in lines])


async def copy_entries(conn: asyncpg.Connection, entries: Sequence[tuple[object, ...]],
                       lines: Sequence[tuple[object, ...]]) -> None:
    """Write entries, then all their lines, as records in the COPYs' column order (`_ENTRY_COLUMNS_COPY`:
    organization, id, building, journal, year, number, date, label, document, source kind and id, posted by;
    `_LINE_COLUMNS_COPY`: organization, entry, line number, building, year, date, account, debit, credit, VAT,
    label, owner, unit, key): two COPYs."""
    await conn.copy_records_to_table("journal_entries", columns=_ENTRY_COLUMNS_COPY, records=entries)
    await conn.copy_records_to_table("entry_lines", columns=_LINE_COLUMNS_COPY, records=lines)


# --- many buildings at once (a firm's calls issued together): the same statements, the building on each row ---

# The chart resolved once per (building, account) asked — a firm's quarter asks a thousand owners' sub-accounts of
# a few accounts — then joined back to the rows asked (the same rows as joining the chart to each of them).
_CODES_MANY = """
WITH c AS MATERIALIZED (
    SELECT d.b, d.account, c.code, c.label_fr
    FROM (SELECT DISTINCT b, account FROM unnest($2::uuid[], $3::text[]) AS d(b, account)) d
    JOIN buildings b ON b.organization_id = $1 AND b.id = d.b
    LEFT JOIN chart_categories cc ON cc.jurisdiction = b.jurisdiction AND cc.version = 1
                                 AND 'cat:' || cc.category = d.account
    LEFT JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction AND c.version = 1
                              AND (c.code = coalesce(cc.code, d.account) OR c.role = d.account))
"""
_RESOLVED_MANY = """
FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::text[]) WITH ORDINALITY AS x(b, account, owner_id, supplier, i)
JOIN c ON c.b = x.b AND c.account = x.account
LEFT JOIN owners o ON o.organization_id = $1 AND o.id = x.owner_id
"""
_ENSURE_ACCOUNTS_MANY = f"""{_CODES_MANY}
INSERT INTO ledger_accounts (organization_id, building_id, code, party, label, owner_id)
SELECT DISTINCT ON (x.b, c.code, {_PARTY}) $1::uuid, x.b, c.code, {_PARTY},
       left(coalesce(nullif(btrim(x.supplier), ''), c.label_fr), 200), x.owner_id
{_RESOLVED_MANY}
WHERE c.code IS NOT NULL AND (x.owner_id IS NULL OR o.id IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM ledger_accounts a WHERE a.organization_id = $1 AND a.building_id = x.b
                  AND a.code = c.code AND a.party = {_PARTY})
ON CONFLICT (organization_id, building_id, code, party) DO NOTHING
"""
_ACCOUNT_IDS_MANY = f"""{_CODES_MANY}
SELECT x.i, a.id {_RESOLVED_MANY}
LEFT JOIN ledger_accounts a ON a.organization_id = $1 AND a.building_id = x.b
                           AND a.code = coalesce(c.code, x.account) AND a.party = {_PARTY}
ORDER BY x.i
"""
_YEARS_OF = """
SELECT x.d AS day, y.id, y.building_id, y.starts_on, y.ends_on, y.state
FROM unnest($2::uuid[], $3::date[]) AS x(b, d)
JOIN fiscal_years y ON y.organization_id = $1 AND y.building_id = x.b AND x.d BETWEEN y.starts_on AND y.ends_on
ORDER BY y.building_id, x.d FOR SHARE OF y
"""
_JOURNALS_MANY = """
INSERT INTO journals (organization_id, building_id, code, kind, label, bank_code)
SELECT $1, x.b, x.code, x.kind, x.label, (SELECT c.code FROM buildings b JOIN chart_accounts c
                                          ON c.jurisdiction = b.jurisdiction AND c.version = 1 AND c.role = x.bank
                                          WHERE b.organization_id = $1 AND b.id = x.b)
FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(b, code, kind, label, bank)
ORDER BY x.b, x.code
ON CONFLICT (organization_id, building_id, code) DO UPDATE SET code = EXCLUDED.code
RETURNING building_id, code, id
"""
_RESERVE_MANY = """
INSERT INTO journal_sequences AS s (organization_id, journal_id, fiscal_year_id, last_number)
SELECT $1, x.j, x.y, x.n FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS x(j, y, n) ORDER BY x.j, x.y
ON CONFLICT (organization_id, journal_id, fiscal_year_id) DO UPDATE SET last_number = s.last_number + EXCLUDED.last_number
RETURNING journal_id, fiscal_year_id, last_number
"""


async def account_ids_many(conn: asyncpg.Connection, org_id: UUID, rows: list[tuple[UUID, str, UUID | None,
                                                                                     str | None]]) -> list[UUID | None]:
    """`account_ids` over many buildings: each (building, account, owner, supplier)'s account id (created when
    missing), None where the chart has no such account."""
    cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[], [], [], []]
    await conn.execute(_ENSURE_ACCOUNTS_MANY, org_id, *cols)
    return [r["id"] for r in await conn.fetch(_ACCOUNT_IDS_MANY, org_id, *cols)]


async def years_of(conn: asyncpg.Connection, org_id: UUID, pairs: list[tuple[UUID, date]]) -> dict[tuple[UUID, date],
                                                                                                  Year]:
    """The fiscal years covering each (building, day) that has one, locked against their closing."""
    rows = await conn.fetch(_YEARS_OF, org_id, [b for b, _d in pairs], [d for _b, d in pairs])
    return {(r["building_id"], r["day"]): _year(r) for r in rows}


async def journal_ids(conn: asyncpg.Connection, org_id: UUID,
                      wanted: list[tuple[UUID, str, str, str, str | None]]) -> dict[tuple[UUID, str], UUID]:
    """`journal_id` for many (building, code, kind, label, bank role): {(building, code): journal}."""
    cols = [list(c) for c in zip(*wanted, strict=True)] if wanted else [[], [], [], [], []]
    return {(r["building_id"], r["code"]): r["id"] for r in await conn.fetch(_JOURNALS_MANY, org_id, *cols)}


async def reserve_numbers_many(conn: asyncpg.Connection, org_id: UUID,
                               wanted: list[tuple[UUID, UUID, int]]) -> dict[tuple[UUID, UUID], int]:
    """`reserve_numbers` for many (journal, year, n): {(journal, year): the first number}."""
    rows = await conn.fetch(_RESERVE_MANY, org_id, [w[0] for w in wanted], [w[1] for w in wanted],
                            [w[2] for w in wanted])
    n = {(w[0], w[1]): w[2] for w in wanted}
    return {(r["journal_id"], r["fiscal_year_id"]): r["last_number"] - n[(r["journal_id"], r["fiscal_year_id"])] + 1
            for r in rows}


async def insert_entries_many(conn: asyncpg.Connection, org_id: UUID, posted_by: UUID | None,
                              entries: list[tuple[UUID, UUID, NewEntry]], lines: list[tuple[UUID, BatchLine]]) -> None:
    """Many buildings' entries (id, building, entry) and their lines (building, line): two COPYs."""
    await conn.copy_records_to_table("journal_entries", columns=_ENTRY_COLUMNS_COPY, records=[
        (org_id, i, b, e.journal_id, e.year_id, e.number, e.entry_date, e.label, e.document_ref,
         e.source_kind, e.source_id, posted_by) for i, b, e in entries])
    await conn.copy_records_to_table("entry_lines", columns=_LINE_COLUMNS_COPY, records=[
        (org_id, x.entry_id, x.line_no, b, x.year_id, x.entry_date, x.line.account_id, x.line.debit,
         x.line.credit, x.line.vat_amount, x.line.label, x.line.owner_id, x.line.unit_id, x.line.key_id)
        for b, x in lines])
