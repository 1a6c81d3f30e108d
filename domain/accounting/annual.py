"""The annual accounts for the general assembly, from the year's books: the balance sheet, the income statement
beside the budget (`domain/rules/annual_accounts.py` does the arithmetic), the funds' movements with the reserve
check (BE: at least 5 % of the previous year's ordinary charges, unless a four-fifths decision waives it; FR: the
works fund at 5 % of the budget), the owners' balances; on a French building the same figures under the five
annexes of the décret n° 2005-240 (1 état financier, 2 compte de gestion général, 3 opérations courantes,
4 travaux et opérations exceptionnelles, 5 travaux votés non encore clôturés)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting.books import TrialBalance, trial_balance
from domain.errors import NotFound
from domain.platform.organizations import Letterhead, letterhead
from domain.rules import annual_accounts as rules
from domain.rules.reserve_fund import FundCheck, check_be, check_fr
from queries.accounting import annual as qa
from queries.accounting import reports as q
from queries.calls import budgets as qbud

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AnnualPack:
    tb: TrialBalance
    letterhead: Letterhead
    sheet: rules.Sheet
    income: rules.Statement  # the year's flows, the closing entry left out
    budgeted: bool  # whether an adopted budget covers the year
    funds: list[qa.FundMovement]
    reserve: FundCheck
    owners: list[q.AccountBalance]  # each owner's sub-account with a balance
    works: list[qa.VotedWork]  # FR annexe 5: works voted and not spent in full at the year's end

    @property
    def fr(self) -> bool:
        """Whether the building keeps French books (the five annexes)."""
        return self.tb.building.jurisdiction == "FR"

    @property
    def annexes(self) -> tuple[rules.Statement, rules.Statement]:
        """FR annexes 3 and 4 (current operations; works and exceptional operations)."""
        return rules.split_fr(self.income)

    @property
    def owners_due(self) -> Decimal:
        """What the owners in debit owe."""
        return sum((r.balance for r in self.owners if r.balance > 0), ZERO)

    @property
    def owners_credit(self) -> Decimal:
        """What the owners in credit are owed."""
        return sum((-r.balance for r in self.owners if r.balance < 0), ZERO)


def _balances(rows: list[q.AccountBalance]) -> list[rules.Balance]:
    return [rules.Balance(r.code, r.balance) for r in rows]


def _by_account(lines: list[qa.BudgetLine]) -> dict[str, Decimal]:
    """A budget per account (ordinary and extraordinary sections; the reserve goes to its fund)."""
    out: dict[str, Decimal] = {}
    for x in lines:
        if x.section != "reserve":
            out[x.account_code] = out.get(x.account_code, ZERO) + x.amount
    return out


async def _reserve(conn: asyncpg.Connection, member: Member, tb: TrialBalance, funds: list[qa.FundMovement],
                   previous: list[q.AccountBalance], budget: list[qa.BudgetLine]) -> FundCheck:
    """The year's contributions to the reserve (BE) or works (FR) fund against their legal floor."""
    assert tb.year is not None
    working = await q.role_code(conn, tb.building.jurisdiction, "working_fund")
    called = sum((f.called for f in funds if f.code != working), ZERO)
    ordinary = sum((x.amount for x in budget if x.section == "ordinary"), ZERO)
    if tb.building.jurisdiction == "FR":
        lots = await qbud.lot_count(conn, member.org_id, tb.building.id)
        return check_fr(called, ordinary, tb.year.starts_on, lots)
    charges = sum((r.balance for r in previous if r.code[0] == "6" and not r.code.startswith("68")), ZERO)
    return check_be(called, charges if charges > 0 else ordinary, tb.year.starts_on)


async def annual_pack(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                      args: Mapping[str, str]) -> AnnualPack:
    """The year's annual accounts as the AG receives them (`year` as for the trial balance)."""
    member = require(actor, "ledger.read", building_id)
    tb = await trial_balance(conn, actor, building_id, args)
    if tb.year is None:
        raise NotFound("fiscal_year", args.get("year"))
    org, building, year = member.org_id, tb.building.id, tb.year
    flows = await q.trial_balance_before_closing(conn, org, building, year.id)
    labels = await q.chart_labels(conn, tb.building.jurisdiction)
    years = await q.years(conn, org, building)
    before = next((y for y in years if y.ends_on < year.starts_on), None)
    previous = await q.trial_balance_before_closing(conn, org, building, before.id) if before else []
    budget = await qa.budget_lines(conn, org, building, year.starts_on)
    following = await qa.budget_lines(conn, org, building, year.ends_on + timedelta(days=1))
    funds = await qa.fund_movements(conn, org, building, year.id)
    works = await qa.voted_works(conn, org, building, year.ends_on)
    return AnnualPack(
        tb, await letterhead(conn, member, tb.building), rules.sheet(_balances(tb.accounts), labels),
        rules.statement(_balances(flows), _balances(previous), _by_account(budget), _by_account(following), labels),
        bool(budget), funds, await _reserve(conn, member, tb, funds, previous, budget),
        [r for r in tb.accounts if r.owner_id is not None and r.balance],
        [w for w in works if w.remaining > 0])
