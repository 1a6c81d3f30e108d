"""What the annual accounts read beside the trial balance: the budget adopted for a year (read from the calls'
budgets, never written here), the funds' movements of the year, and the works voted in budgets with what the books
spent on them since."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class BudgetLine:
    section: str  # ordinary, extraordinary, reserve
    account_code: str
    label: str
    amount: Decimal


_budget_line = reader(BudgetLine)
# the lines of the budget in force (approved) for the year starting on that day
_BUDGET_LINES = """
SELECT l.section, l.account_code, l.label, l.amount FROM budgets b
JOIN budget_lines l ON l.organization_id = b.organization_id AND l.budget_id = b.id
WHERE b.organization_id = $1 AND b.building_id = $2 AND b.status = 'approved' AND b.year_start = $3
ORDER BY l.line_no
"""


async def budget_lines(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year_start: date) -> list[BudgetLine]:
    """The lines of the budget the assembly adopted for the year starting that day (none when there is none)."""
    return [_budget_line(r) for r in await conn.fetch(_BUDGET_LINES, org_id, building_id, year_start)]


@dataclass(frozen=True)
class FundMovement:
    code: str
    label: str
    opening: Decimal  # carried from the previous year (credit positive)
    called: Decimal  # contributions called from the owners
    other_in: Decimal  # other credits (interest, a result kept…)
    used: Decimal  # debits: a use decided by the assembly, a correction

    @property
    def closing(self) -> Decimal:
        """The fund at the year's end."""
        return self.opening + self.called + self.other_in - self.used


_fund_movement = reader(FundMovement)
# each fund account (class 1, general account) moved in the year, its movements by kind
_FUND_MOVEMENTS = """
SELECT a.code, a.label,
       coalesce(sum(l.credit - l.debit) FILTER (WHERE e.source_kind = 'opening'), 0) AS opening,
       coalesce(sum(l.credit) FILTER (WHERE e.source_kind = 'call_for_funds'), 0) AS called,
       coalesce(sum(l.credit) FILTER (WHERE e.source_kind NOT IN ('opening', 'call_for_funds')), 0) AS other_in,
       coalesce(sum(l.debit) FILTER (WHERE e.source_kind <> 'opening'), 0) AS used
FROM entry_lines l
JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
WHERE l.organization_id = $1 AND l.building_id = $2 AND l.fiscal_year_id = $3 AND a.code LIKE '1%' AND a.party = ''
GROUP BY a.code, a.label ORDER BY a.code
"""


async def fund_movements(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, year_id: UUID) -> list[FundMovement]:
    """The year's movements of each fund account (working fund, reserve funds…)."""
    return [_fund_movement(r) for r in await conn.fetch(_FUND_MOVEMENTS, org_id, building_id, year_id)]


@dataclass(frozen=True)
class VotedWork:
    year_start: date
    account_code: str
    label: str
    voted: Decimal
    spent: Decimal  # what the books charged to the account from the budget's first day to the day asked

    @property
    def remaining(self) -> Decimal:
        """What is left of the vote."""
        return self.voted - self.spent


_voted_work = reader(VotedWork)
# the extraordinary lines of the budgets adopted up to a day, each with what its account was charged since the
# budget's first day (lines of one budget on one account are one vote)
_VOTED_WORKS = """
SELECT v.year_start, v.account_code, v.label, v.voted,
       coalesce((SELECT sum(l.debit - l.credit) FROM entry_lines l
                 JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
                 JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
                 WHERE l.organization_id = $1 AND l.building_id = $2 AND a.code = v.account_code
                   AND l.entry_date BETWEEN v.year_start AND $3 AND e.source_kind <> 'closing'), 0) AS spent
FROM (SELECT b.year_start, l.account_code, string_agg(l.label, ' · ' ORDER BY l.line_no) AS label,
             sum(l.amount) AS voted
      FROM budgets b JOIN budget_lines l ON l.organization_id = b.organization_id AND l.budget_id = b.id
      WHERE b.organization_id = $1 AND b.building_id = $2 AND b.status = 'approved' AND b.year_start <= $3
        AND l.section = 'extraordinary'
      GROUP BY b.year_start, l.account_code) v
ORDER BY v.year_start, v.account_code
"""


async def voted_works(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, last_day: date) -> list[VotedWork]:
    """The works voted in the budgets adopted up to that day, with what was spent on them since."""
    return [_voted_work(r) for r in await conn.fetch(_VOTED_WORKS, org_id, building_id, last_day)]
