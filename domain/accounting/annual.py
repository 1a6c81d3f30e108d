"""The annual accounts for the general assembly, from the closed (or current) year's trial balance: the balance
sheet, the income statement, the funds with the reserve check (BE: at least 5 % of the previous year's ordinary
charges, unless a four-fifths decision waives it), the owners' balances; on a French building the same figures
under the five annexes of the décret 2005-240."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.accounting.books import TrialBalance, trial_balance
from domain.errors import NotFound
from domain.platform.organizations import Letterhead, letterhead
from queries.accounting import reports as q

ZERO = Decimal("0.00")
RESERVE_RATE = Decimal("0.05")


@dataclass(frozen=True)
class AnnualPack:
    tb: TrialBalance
    letterhead: Letterhead
    assets: list[q.AccountBalance]  # debit balances of classes 1–5
    liabilities: list[q.AccountBalance]  # credit balances of classes 1–5
    charges: list[q.AccountBalance]  # class 6
    income: list[q.AccountBalance]  # class 7
    owners: list[q.AccountBalance]  # each owner's sub-account
    previous_charges: Decimal  # last year's ordinary charges (class 6)
    reserve_called: Decimal  # this year's reserve contributions called
    reserve_minimum: Decimal  # 5 % of last year's charges

    @property
    def total_assets(self) -> Decimal:
        return sum((r.balance for r in self.assets), ZERO)

    @property
    def total_liabilities(self) -> Decimal:
        return sum((-r.balance for r in self.liabilities), ZERO)

    @property
    def total_charges(self) -> Decimal:
        return sum((r.debit for r in self.charges), ZERO)

    @property
    def total_income(self) -> Decimal:
        return sum((r.credit for r in self.income), ZERO)

    @property
    def reserve_met(self) -> bool:
        """Whether the reserve contributions reach the legal minimum (BE)."""
        return self.reserve_called >= self.reserve_minimum


def _general(rows: list[q.AccountBalance], classes: str, labels: dict[str, str]) -> list[q.AccountBalance]:
    """Accounts of these classes, sub-accounts summed into their control account (named by the chart)."""
    out: dict[str, q.AccountBalance] = {}
    for r in rows:
        if r.code[0] not in classes:
            continue
        seen = out.get(r.code)
        debit, credit = (seen.debit + r.debit, seen.credit + r.credit) if seen else (r.debit, r.credit)
        out[r.code] = q.AccountBalance(r.id, r.code, "", labels.get(r.code, r.label), None, debit, credit)
    return sorted(out.values(), key=lambda r: r.code)


async def annual_pack(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                      args: Mapping[str, str]) -> AnnualPack:
    """The year's annual accounts as the AG receives them (`year` as for the trial balance)."""
    member = require(actor, "ledger.read", building_id)
    tb = await trial_balance(conn, actor, building_id, args)
    if tb.year is None:
        raise NotFound("fiscal_year", args.get("year"))
    # the closing entries (source "closing") are left out of the income statement: it shows the year's flows
    rows = await q.trial_balance_before_closing(conn, member.org_id, building_id, tb.year.id)
    labels = await q.chart_labels(conn, tb.building.jurisdiction)
    sheet = _general(rows, "12345", labels)
    years = await q.years(conn, member.org_id, building_id)
    previous = next((y for y in years if y.ends_on < tb.year.starts_on), None)
    before = await q.trial_balance_before_closing(conn, member.org_id, building_id, previous.id) if previous else []
    previous_charges = sum((r.debit - r.credit for r in before if r.code[0] == "6"), ZERO)
    reserve = sum((r.credit - r.debit for r in rows if r.code in ("700", "702")), ZERO)
    return AnnualPack(tb, await letterhead(conn, member, tb.building),
                      [r for r in sheet if r.balance > 0], [r for r in sheet if r.balance < 0],
                      _general(rows, "6", labels), _general(rows, "7", labels),
                      [r for r in rows if r.owner_id is not None and r.balance], previous_charges, reserve,
                      (previous_charges * RESERVE_RATE).quantize(Decimal("0.01"), ROUND_HALF_UP))
