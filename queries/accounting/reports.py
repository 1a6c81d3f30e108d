"""Reading the books: fiscal years, the accounts with their balances, the trial balance, the journal, an account's
ledger."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class FiscalYear:
    id: UUID
    building_id: UUID
    starts_on: date
    ends_on: date
    state: str
    closed_at: datetime | None


_fiscal_year = reader(FiscalYear)
_YEAR_COLUMNS = "id, building_id, starts_on, ends_on, state, closed_at"
_YEARS = f"""
SELECT {_YEAR_COLUMNS} FROM fiscal_years WHERE organization_id = $1 AND building_id = $2 ORDER BY starts_on DESC
"""
_YEAR = f"SELECT {_YEAR_COLUMNS} FROM fiscal_years WHERE organization_id = $1 AND id = $2"
_YEAR_ON = f"""
SELECT {_YEAR_COLUMNS} FROM fiscal_years
WHERE organization_id = $1 AND building_id = $2 AND $3::date BETWEEN starts_on AND ends_on
"""


async def years(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[FiscalYear]:
    """The building's fiscal years, the latest first."""
    return [_fiscal_year(r) for r in await conn.fetch(_YEARS, org_id, building_id)]


async def year(conn: asyncpg.Connection, org_id: UUID, year_id: UUID) -> FiscalYear | None:
    """One fiscal year of the organisation."""
    row = await conn.fetchrow(_YEAR, org_id, year_id)
    return _fiscal_year(row) if row else None


async def year_on(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, day: date) -> FiscalYear | None:
    """The building's fiscal year covering a day."""
    row = await conn.fetchrow(_YEAR_ON, org_id, building_id, day)
    return _fiscal_year(row) if row else None


_OWNER_OR_LABEL = """coalesce((SELECT coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))
          FROM owners o WHERE o.organization_id = a.organization_id AND o.id = a.owner_id),
       a.label)"""


@dataclass(frozen=True)
class AccountBalance:
    id: UUID
    code: str
    party: str
    label: str
    owner_id: UUID | None
    debit: Decimal
    credit: Decimal

    @property
    def balance(self) -> Decimal:
        """Debit minus credit (negative: a credit balance)."""
        return self.debit - self.credit

    @property
    def control(self) -> bool:
        """Whether this is a general account (not an owner's or a supplier's sub-account)."""
        return self.party == ""


_account_balance = reader(AccountBalance)
# One index range (building, year) grouped per account, then the accounts' names.
_TRIAL_BALANCE = """
SELECT a.id, a.code, a.party, coalesce((SELECT coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))
          FROM owners o WHERE o.organization_id = a.organization_id AND o.id = a.owner_id),
       a.label) AS label, a.owner_id, t.debit, t.credit
FROM (SELECT account_id, sum(debit) AS debit, sum(credit) AS credit FROM entry_lines
      WHERE organization_id = $1 AND building_id = $2 AND fiscal_year_id = $3 GROUP BY account_id) t
JOIN ledger_accounts a ON a.organization_id = $1 AND a.id = t.account_id
ORDER BY a.code, a.party = '' DESC, a.label, a.id
"""
_ACCOUNTS = """
SELECT a.id, a.code, a.party, coalesce((SELECT coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))
          FROM owners o WHERE o.organization_id = a.organization_id AND o.id = a.owner_id),
       a.label) AS label, a.owner_id, coalesce(t.debit, 0) AS debit, coalesce(t.credit, 0) AS credit
FROM ledger_accounts a
LEFT JOIN (SELECT account_id, sum(debit) AS debit, sum(credit) AS credit FROM entry_lines
           WHERE organization_id = $1 AND building_id = $2 AND ($3::uuid IS NULL OR fiscal_year_id = $3)
           GROUP BY account_id) t ON t.account_id = a.id
WHERE a.organization_id = $1 AND a.building_id = $2
ORDER BY a.code, a.party = '' DESC, a.label, a.id
"""


async def trial_balance(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                        year_id: UUID) -> list[AccountBalance]:
    """Each account moved in the year with its debits and credits, by code (sub-accounts after their account)."""
    return [_account_balance(r) for r in await conn.fetch(_TRIAL_BALANCE, org_id, building_id, year_id)]


async def accounts(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                   year_id: UUID | None) -> list[AccountBalance]:
    """The building's accounts with their totals (in one year, or over all years)."""
    return [_account_balance(r) for r in await conn.fetch(_ACCOUNTS, org_id, building_id, year_id)]


@dataclass(frozen=True)
class JournalLine:
    entry_id: UUID
    journal: str
    number: int
    entry_date: date
    label: str
    document_ref: str | None
    source_kind: str
    reverses_id: UUID | None
    line_no: int
    code: str
    account_label: str
    party: str
    debit: Decimal
    credit: Decimal
    vat_amount: Decimal | None
    owner_id: UUID | None
    unit_id: UUID | None


_journal_line = reader(JournalLine)
_ENTRY_IDS = """
SELECT e.id, count(*) OVER () AS total FROM journal_entries e
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
WHERE e.organization_id = $1 AND e.building_id = $2 AND ($3::text IS NULL OR j.code = $3)
  AND e.entry_date BETWEEN $4 AND $5
  AND ($6::text IS NULL OR EXISTS (
      SELECT 1 FROM entry_lines l JOIN ledger_accounts a ON a.organization_id = l.organization_id
                                                         AND a.id = l.account_id
      WHERE l.organization_id = e.organization_id AND l.entry_id = e.id AND a.code LIKE $6 || '%'))
ORDER BY e.entry_date, j.code, e.number LIMIT $7 OFFSET $8
"""
# an entry line with its entry, journal and account (the owner's name for an owner's sub-account)
_LINE_COLUMNS = """
SELECT e.id AS entry_id, j.code AS journal, e.number, e.entry_date, e.label, e.document_ref, e.source_kind,
       e.reverses_id, l.line_no, a.code, coalesce((SELECT coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))
          FROM owners o WHERE o.organization_id = a.organization_id AND o.id = a.owner_id),
       a.label) AS account_label, a.party, l.debit, l.credit, l.vat_amount,
       l.owner_id, l.unit_id
"""
_ENTRY_JOINS = """
FROM journal_entries e
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
JOIN entry_lines l ON l.organization_id = e.organization_id AND l.entry_id = e.id
JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
"""
_LINES_OF = _LINE_COLUMNS + _ENTRY_JOINS + """
WHERE e.organization_id = $1 AND e.id = ANY($2::uuid[])
ORDER BY e.entry_date, j.code, e.number, l.line_no
"""
_YEAR_LINES = _LINE_COLUMNS + _ENTRY_JOINS + """
WHERE e.organization_id = $1 AND e.building_id = $2 AND e.fiscal_year_id = $3
ORDER BY j.code, e.number, l.line_no
"""
_ACCOUNT_LINES = _LINE_COLUMNS + """
FROM ledger_accounts a
JOIN entry_lines l ON l.organization_id = a.organization_id AND l.account_id = a.id
JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
WHERE a.organization_id = $1 AND a.building_id = $2 AND a.code = $3 AND l.entry_date BETWEEN $4 AND $5
ORDER BY l.entry_date, j.code, e.number, l.line_no
"""


async def entry_page(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, journal: str | None, start: date,
                     end: date, account: str | None, limit: int, offset: int) -> tuple[list[UUID], int]:
    """One page of the building's entries (ids in date order) and how many match."""
    rows = await conn.fetch(_ENTRY_IDS, org_id, building_id, journal, start, end, account, limit, offset)
    return [r["id"] for r in rows], (rows[0]["total"] if rows else 0)


async def lines_of(conn: asyncpg.Connection, org_id: UUID, entry_ids: list[UUID]) -> list[JournalLine]:
    """The lines of these entries, entry by entry."""
    return [_journal_line(r) for r in await conn.fetch(_LINES_OF, org_id, entry_ids)]


async def year_lines(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year_id: UUID) -> list[JournalLine]:
    """Every line of the year, journal by journal and number by number (the export's order)."""
    return [_journal_line(r) for r in await conn.fetch(_YEAR_LINES, org_id, building_id, year_id)]


async def account_lines(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, code: str, start: date,
                        end: date) -> list[JournalLine]:
    """The general ledger of one account (its sub-accounts included) over a period."""
    return [_journal_line(r) for r in await conn.fetch(_ACCOUNT_LINES, org_id, building_id, code, start, end)]


_LOCK_YEAR = f"SELECT {_YEAR_COLUMNS} FROM fiscal_years WHERE organization_id = $1 AND id = $2 FOR UPDATE"
_CLOSE_YEAR = """
UPDATE fiscal_years SET state = $3, closed_at = CASE WHEN $3 = 'closed' THEN now() END,
       closed_by = CASE WHEN $3 = 'closed' THEN $4::uuid END
WHERE organization_id = $1 AND id = $2
"""
# What stands in the way of closing a year: the suspense account's balance, draft invoices dated in the year, the
# previous years still open, draft manual entries dated in the year.
_CHECKLIST = """
SELECT
  (SELECT coalesce(sum(l.debit - l.credit), 0) FROM entry_lines l
   JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
   JOIN buildings b ON b.organization_id = a.organization_id AND b.id = a.building_id
   JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction AND c.version = 1 AND c.code = a.code
   WHERE l.organization_id = $1 AND l.building_id = y.building_id AND l.fiscal_year_id = y.id
     AND c.role = 'suspense') AS suspense,
  (SELECT count(*) FROM expenses e WHERE e.organization_id = $1 AND e.building_id = y.building_id
     AND e.status = 'draft' AND e.invoice_date <= y.ends_on) AS drafts,
  (SELECT count(*) FROM fiscal_years p WHERE p.organization_id = $1 AND p.building_id = y.building_id
     AND p.ends_on < y.starts_on AND p.state <> 'closed') AS open_before,
  (SELECT count(*) FROM entry_drafts d WHERE d.organization_id = $1 AND d.building_id = y.building_id
     AND d.posted_entry_id IS NULL AND d.entry_date BETWEEN y.starts_on AND y.ends_on) AS entry_drafts,
  (SELECT count(*) FROM journal_entries a WHERE a.organization_id = $1 AND a.fiscal_year_id = y.id
     AND a.source_kind = 'accrual') AS accruals
FROM fiscal_years y WHERE y.organization_id = $1 AND y.id = $2
"""


async def lock_year(conn: asyncpg.Connection, org_id: UUID, year_id: UUID) -> FiscalYear | None:
    """The fiscal year, locked (postings into it wait) until the transaction ends."""
    row = await conn.fetchrow(_LOCK_YEAR, org_id, year_id)
    return _fiscal_year(row) if row else None


async def set_state(conn: asyncpg.Connection, org_id: UUID, year_id: UUID, state: str, user_id: UUID) -> None:
    """Move the year to `open`, `pre_closed` or `closed` (by this user)."""
    await conn.execute(_CLOSE_YEAR, org_id, year_id, state, user_id)


async def checklist(conn: asyncpg.Connection, org_id: UUID, year_id: UUID) -> tuple[Decimal, int, int, int, int]:
    """(suspense balance in the year, draft invoices dated up to its end, earlier years still open, draft manual
    entries dated in the year, invoices to receive accrued in it)."""
    row = await conn.fetchrow(_CHECKLIST, org_id, year_id)
    if row is None:
        return Decimal(0), 0, 0, 0, 0
    return row["suspense"], row["drafts"], row["open_before"], row["entry_drafts"], row["accruals"]


_BEFORE_CLOSING = f"""
SELECT a.id, a.code, a.party, {_OWNER_OR_LABEL} AS label, a.owner_id, t.debit, t.credit
FROM (SELECT l.account_id, sum(l.debit) AS debit, sum(l.credit) AS credit FROM entry_lines l
      JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
      WHERE l.organization_id = $1 AND l.building_id = $2 AND l.fiscal_year_id = $3 AND e.source_kind <> 'closing'
      GROUP BY l.account_id) t
JOIN ledger_accounts a ON a.organization_id = $1 AND a.id = t.account_id
ORDER BY a.code, a.party = '' DESC, a.label, a.id
"""


async def trial_balance_before_closing(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                                       year_id: UUID) -> list[AccountBalance]:
    """The year's trial balance without its closing entry (the year's own flows, for the annual accounts)."""
    return [_account_balance(r) for r in await conn.fetch(_BEFORE_CLOSING, org_id, building_id, year_id)]


_CHART_LABELS = "SELECT code, label_fr FROM chart_accounts WHERE jurisdiction = $1 AND version = 1"


async def chart_labels(conn: asyncpg.Connection, jurisdiction: str) -> dict[str, str]:
    """The jurisdiction's chart: code → name (the global chart, the same for every organisation)."""
    return {r["code"]: r["label_fr"] for r in await conn.fetch(_CHART_LABELS, jurisdiction)}


_ROLE_CODE = "SELECT code FROM chart_accounts WHERE jurisdiction = $1 AND version = 1 AND role = $2"


async def role_code(conn: asyncpg.Connection, jurisdiction: str, role: str) -> str | None:
    """The chart's account holding a role (`working_fund`, `suspense`…)."""
    return await conn.fetchval(_ROLE_CODE, jurisdiction, role)


_SUB_ACCOUNT_LINES = _LINE_COLUMNS + """
FROM ledger_accounts a
JOIN entry_lines l ON l.organization_id = a.organization_id AND l.account_id = a.id
JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
WHERE a.organization_id = $1 AND a.building_id = $2 AND a.id = $3 AND l.entry_date BETWEEN $4 AND $5
ORDER BY l.entry_date, j.code, e.number, l.line_no
"""


async def sub_account_lines(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, account_id: UUID,
                            start: date, end: date) -> list[JournalLine]:
    """One (sub-)account's lines over a period, by date."""
    return [_journal_line(r) for r in await conn.fetch(_SUB_ACCOUNT_LINES, org_id, building_id, account_id, start,
                                                       end)]
