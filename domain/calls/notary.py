"""The notary's statement for a lot at a date (BE C. civ. art. 3.94; FR décret 1967 art. 5, the « état daté »): what
the seller owes on the lot (their account in the building, the calls issued and unpaid), the calls decided but not
yet due (issued with a later due date; the approved budget's calls not yet issued), the lot's share of each fund
(the working fund refunded at the sale, the reserve or works fund staying with the association) and the works
under way. The seller is whoever held the lot the day before the date; read only, nothing written."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.calls.calls import shares_of
from domain.calls.schedule import plan
from domain.errors import Invalid, NotFound
from domain.parse import Fields, given
from domain.register.buildings import building_of
from domain.rules.ownership import held_on
from domain.rules.sale import ZERO, fund_share, unpaid
from queries.calls import budgets as qbud
from queries.calls import calls as qc
from queries.calls import funds as qf
from queries.calls import sale as q
from queries.charges import keys as qk
from queries.register import ownership as qr
from queries.register.buildings import Building


@dataclass(frozen=True)
class Seller:
    owner_id: UUID
    name: str
    right_kind: str
    share: Fraction
    balance: Decimal  # debit minus credit on their account in the building before the date


@dataclass(frozen=True)
class StatementCall:
    """A call's part for the lot: issued (unpaid or not yet due) or planned from the approved budget."""
    call_id: UUID | None
    kind: str
    label: str
    call_date: date
    due_date: date
    owner_name: str | None
    amount: Decimal
    unpaid: Decimal
    status: str  # issued, planned


@dataclass(frozen=True)
class FundPart:
    fund_id: UUID
    kind: str
    name: str
    balance: Decimal
    lot_share: Decimal
    refunded: bool  # the working fund: refunded to the seller and called from the buyer


@dataclass(frozen=True)
class NotaryStatement:
    lot: q.Lot
    building: Building
    day: date
    sellers: list[Seller]
    unpaid: list[StatementCall]
    upcoming: list[StatementCall]
    funds: list[FundPart]
    works: list[q.Work]
    settlements: list[q.SaleSettlement]

    @property
    def owed(self) -> Decimal:
        """What the seller still owes on the lot's issued calls due before the date."""
        return sum((c.unpaid for c in self.unpaid), ZERO)

    @property
    def upcoming_total(self) -> Decimal:
        """The calls decided but not yet due, for the lot."""
        return sum((c.amount for c in self.upcoming), ZERO)


def parse_day(data: Any) -> date:
    """The statement's date (required, ISO)."""
    f = Fields(data if data is not None else {}, allowed={"date"})
    day = f.date("date", required=True)
    f.done()
    return given(day)


async def reached_lot(conn: asyncpg.Connection, member: Member, unit_id: UUID) -> q.Lot:
    """The lot, if in the member's organisation and reach (NotFound otherwise, never saying it exists)."""
    found = await q.lot(conn, member.org_id, unit_id)
    if found is None or not member.reaches(found.building_id):
        raise NotFound("unit", unit_id)
    return found


async def statement_lot(conn: asyncpg.Connection, actor: Actor, unit_id: UUID) -> q.Lot:
    """The lot a statement is asked for (its page shows it even when the date is wrong)."""
    return await reached_lot(conn, require(actor, "notary_statement.read"), unit_id)


async def _sellers(conn: asyncpg.Connection, member: Member, lot: q.Lot, day: date) -> tuple[list[Seller], dict]:
    """The holders on the eve of the date with their balance, and what each left unpaid per (entry, lot)."""
    eve = day - timedelta(days=1)
    out, left = [], {}
    for r in held_on(await qr.of_unit(conn, member.org_id, lot.id), eve):
        lines = await q.owner_lines(conn, member.org_id, lot.building_id, r.owner_id, day)
        debts = [((x.entry_id, x.unit_id), x.debit) for x in lines if x.debit > 0]
        paid = sum((x.credit for x in lines), ZERO)
        left[r.owner_id] = unpaid(debts, paid)
        balance = sum((x.debit - x.credit for x in lines), ZERO)
        out.append(Seller(r.owner_id, r.owner_name, r.right_kind, r.share, balance))
    return out, left


async def _planned(conn: asyncpg.Connection, member: Member, building: Building, lot: q.Lot,
                   day: date) -> list[StatementCall]:
    """The approved budgets' calls (of the years not ended) not issued yet, and the draft calls, for the lot."""
    working = await qf.working(conn, member.org_id, building.id)
    if working is None:
        return []
    keys = {x.id: x.sharing_key_id for x in await qf.list_for_building(conn, member.org_id, building.id)}
    calls: list[qc.NewCall | qc.Call] = [c for c in await qc.list_for_building(conn, member.org_id, building.id)
                                         if c.status == "draft" and c.budget_id is None and c.due_date >= day]
    for b in await qbud.list_for_building(conn, member.org_id, building.id):
        if b.status == "approved" and b.year_end >= day:
            issued = await qc.issued_of_year(conn, member.org_id, building.id, b.year_start)
            calls += plan(b, await qbud.lines(conn, member.org_id, b.id), working.id, issued, keys)
    out = []
    for c in calls:
        try:
            shares = await shares_of(conn, member.org_id, building, c)
        except Invalid:
            continue  # a call that cannot be allocated yet (quotas not summing): not promised to the notary
        amount = sum((s.amount for s in shares if s.unit_id == lot.id), ZERO)
        if amount > 0:
            out.append(StatementCall(c.id if isinstance(c, qc.Call) else None, c.kind, c.label, c.call_date,
                                     c.due_date, None, amount, amount, "planned"))
    return sorted(out, key=lambda c: (c.due_date, c.label))


async def _funds(conn: asyncpg.Connection, member: Member, lot: q.Lot, day: date) -> list[FundPart]:
    out = []
    for f in await q.funds_on(conn, member.org_id, lot.building_id, day):
        weight: Decimal | int = lot.quota
        total: Decimal | int = lot.total_quota
        if f.sharing_key_id is not None:
            weights = {w.unit_id: w.weight for w in await qk.weights(conn, member.org_id, f.sharing_key_id)}
            weight, total = weights.get(lot.id, ZERO), sum(weights.values(), ZERO)
        out.append(FundPart(f.id, f.kind, f.name, f.balance, fund_share(f.balance, weight, total, Fraction(1)),
                            f.kind == "working"))
    return out


async def notary_statement(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, data: Any) -> NotaryStatement:
    """The notary's statement for the lot at the date."""
    member = require(actor, "notary_statement.read")
    day = parse_day(data)
    lot = await reached_lot(conn, member, unit_id)
    building = await building_of(conn, member, lot.building_id)
    sellers, left = await _sellers(conn, member, lot, day)
    shares = await q.lot_shares(conn, member.org_id, lot.id)
    due = [StatementCall(s.call_id, s.kind, s.label, s.call_date, s.due_date, s.owner_name, s.amount,
                         left[s.owner_id].get((s.entry_id, lot.id), ZERO), "issued")
           for s in shares if s.due_date < day and s.owner_id in left]
    later = [StatementCall(s.call_id, s.kind, s.label, s.call_date, s.due_date, s.owner_name, s.amount, s.amount,
                           "issued") for s in shares if s.due_date >= day]
    return NotaryStatement(lot, building, day, sellers, [c for c in due if c.unpaid > 0],
                           later + await _planned(conn, member, building, lot, day),
                           await _funds(conn, member, lot, day),
                           await q.works_under_way(conn, member.org_id, lot.building_id),
                           await q.settlements(conn, member.org_id, lot.id))
