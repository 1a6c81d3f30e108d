"""The supplier ledger: each supplier's sub-account of the suppliers' control account (440 BE, 401 FR) with its
balance, and one supplier's movements over a fiscal year with the running balance (credit: what the association
owes)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.accounting.books import pick_year
from domain.errors import NotFound
from domain.register.buildings import get_building
from queries.accounting import reports as q
from queries.register import buildings as qb

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class SupplierLedger:
    building: qb.Building
    year: q.FiscalYear | None
    account: q.AccountBalance
    lines: list[q.JournalLine]

    @property
    def owed(self) -> Decimal:
        """What the association owes the supplier at the period's end (credit − debit)."""
        return sum((x.credit - x.debit for x in self.lines), ZERO)


async def supplier_accounts(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                            args: Mapping[str, str]) -> tuple[qb.Building, q.FiscalYear | None, list[q.AccountBalance]]:
    """The building's suppliers' sub-accounts with their totals in the year (the current one by default)."""
    member = require(actor, "ledger.read", building_id)
    building = await get_building(conn, member, building_id)
    year = await pick_year(conn, member, building.id, args.get("year"))
    rows = await q.accounts(conn, member.org_id, building.id, year.id if year else None)
    return building, year, [r for r in rows if r.party.startswith("s:")]


async def supplier_ledger(conn: asyncpg.Connection, actor: Actor, building_id: UUID, account_id: UUID,
                          args: Mapping[str, str]) -> SupplierLedger:
    """One supplier's ledger over the year: each movement with its document (404: not a supplier's account of
    this building)."""
    member = require(actor, "ledger.read", building_id)
    building, year, accounts = await supplier_accounts(conn, actor, building_id, args)
    account = next((a for a in accounts if a.id == account_id), None)
    if account is None:
        raise NotFound("supplier_account", account_id)
    start, end = (year.starts_on, year.ends_on) if year else (None, None)
    lines = await q.sub_account_lines(conn, member.org_id, building.id, account.id, start or _FIRST, end or _LAST)
    return SupplierLedger(building, year, account, lines)


_FIRST, _LAST = date(1900, 1, 1), date(9999, 12, 31)
