"""An expense's life after the draft: approval (with its allocation, stored once), payment, cancellation."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, cast
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting import charges as books
from domain.calls.settlement import awaits_settlement
from domain.errors import Conflict, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.rules.allocation import Allocation, LotWeight, Right, allocate, kind_of, nature_of
from domain.rules.numbers import rounded
from queries.charges import allocations
from queries.charges import expenses as q
from queries.charges import keys as qk
from queries.register import buildings as qb
from queries.register.rights import lots_and_rights_on


async def lot_has_charges(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> bool:
    """True once charges have been allocated to the lot: its quota must then stay as it was."""
    return await allocations.unit_has_charges(conn, org_id, unit_id)


async def charged_lot(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> str | None:
    """The register's hook: a lot with allocated charges keeps its quota."""
    if await lot_has_charges(conn, org_id, unit_id):
        return _("Des charges ont déjà été réparties selon cette quote-part : elle ne peut plus changer.")
    return None


async def _locked(conn: asyncpg.Connection, member: Member, expense_id: UUID) -> q.Expense:
    expense = await q.lock(conn, member.org_id, expense_id)
    if expense is None or not member.reaches(expense.building_id):
        raise NotFound("expense", expense_id)
    return expense


async def _read(conn: asyncpg.Connection, member: Member, expense_id: UUID) -> q.Expense:
    """The expense as it now stands in this transaction."""
    expense = await q.get(conn, member.org_id, expense_id)
    if expense is None:
        raise NotFound("expense", expense_id)
    return expense


async def lot_weights(conn: asyncpg.Connection, expense: q.Expense) -> list[LotWeight]:
    """The lots the expense's key covers, with their weight and the rights in force on the invoice date."""
    rows = await lots_and_rights_on(conn, expense.organization_id, expense.building_id, expense.invoice_date)
    if expense.sharing_key_id is None:
        weights: dict[UUID, Any] = {r.unit_id: r.quota for r in rows}
    else:
        found = await qk.weights(conn, expense.organization_id, expense.sharing_key_id)
        weights = {w.unit_id: w.weight for w in found}
    lots: dict[UUID, LotWeight] = {}
    for r in rows:
        if r.unit_id in weights:
            lot = lots.setdefault(r.unit_id, LotWeight(r.unit_id, r.unit_number, weights[r.unit_id], ()))
            if r.owner_id is not None:
                right = Right(r.owner_id, kind_of(given(r.right_kind)), given(r.share))
                lots[r.unit_id] = LotWeight(lot.lot_id, lot.lot_number, lot.weight, (*lot.rights, right))
    return list(lots.values())


async def allocation_of(conn: asyncpg.Connection, expense: q.Expense) -> Allocation:
    """Share the expense over the key's lots, then over each lot's payers on the invoice date."""
    lots = await lot_weights(conn, expense)
    if not lots:
        raise Conflict(_("Aucun lot n'est couvert par cette clé : rien à répartir."))
    try:
        return allocate(expense.total, lots, nature_of(expense.nature))
    except ValueError as e:
        raise Conflict(_("Répartition impossible au %(day)s : %(reason)s", day=expense.invoice_date.isoformat(),
                         reason=str(e))) from None


async def _store(conn: asyncpg.Connection, expense: q.Expense, allocation: Allocation) -> None:
    """Write the allocation: every lot's part, then every owner's line."""
    org = expense.organization_id
    # the lots and owners were given to the rule by their ids (UUIDs); weights are quotas or a key's decimals
    key_total = sum((_weight(line.weight) for line in allocation.lots), Decimal(0))
    await allocations.store_lot_shares(conn, org, expense.id, key_total, [
        (cast(UUID, line.lot_id), line.lot_number, _weight(line.weight), line.amount, line.adjustment)
        for line in allocation.lots])
    await allocations.store_charge_lines(conn, org, expense.building_id, expense.id, expense.invoice_date, [
        (cast(UUID, line.lot_id), cast(UUID, line.owner_id), ",".join(line.kinds), line.share.numerator,
         line.share.denominator, line.amount, line.adjustment) for line in allocation.owners])


def _weight(value: int | Fraction | Decimal) -> Decimal:
    """A lot's weight as stored (a quota, or a key's weight with up to four decimals)."""
    return rounded(value, 4) if isinstance(value, Fraction) else Decimal(value)


async def approve_expense(conn: asyncpg.Connection, actor: Actor, expense_id: UUID) -> q.Expense:
    """The syndic approves a draft: it is allocated to lots and owners now, and stored."""
    member = require(actor, "expense.approve")
    async with conn.transaction():
        before = await _locked(conn, member, expense_id)
        if before.status != "draft":
            raise Conflict(_("Seul un brouillon peut être approuvé."))
        await qb.lock(conn, member.org_id, before.building_id)  # quotas stay put meanwhile
        allocation = await allocation_of(conn, before)
        await q.approve(conn, member.org_id, expense_id, member.user_id)
        await _store(conn, before, allocation)
        # funded by issued provisions not settled yet: the settlement posts the allocation, not the approval
        later = await awaits_settlement(conn, member.org_id, before.building_id, before.nature, before.invoice_date)
        await books.expense_approved(conn, member, before, [
            (cast(UUID, line.lot_id), cast(UUID, line.owner_id), line.amount) for line in allocation.owners],
            allocate_now=not later)
        after = await _read(conn, member, expense_id)
        await record(conn, member, "approve", "expense", expense_id, before,
                     {**asdict(after), "allocation": _summary(allocation)})
    return after


async def _allocate_reversal(conn: asyncpg.Connection, actor: Member, original: q.Expense, reversal_id: UUID) -> None:
    """The original's allocation was left to a settlement: its negated lines reach the owners now, unless provisions
    not settled yet cover today (that settlement takes them)."""
    if await awaits_settlement(conn, actor.org_id, original.building_id, original.nature, date.today()):
        return
    reversal = await _read(conn, actor, reversal_id)
    lines = await allocations.lines_of_expense(conn, actor.org_id, reversal_id)
    await books.allocation_posted(conn, actor, reversal, [(x.unit_id, x.owner_id, x.amount) for x in lines])


def _summary(allocation: Allocation) -> dict[str, Any]:
    """The allocation as the audit log keeps it."""
    return {"lots": {str(line.lot_id): str(line.amount) for line in allocation.lots},
            "owners": [[str(line.lot_id), str(line.owner_id), str(line.amount)] for line in allocation.owners]}


async def mark_paid(conn: asyncpg.Connection, actor: Actor, expense_id: UUID, data: Any) -> q.Expense:
    """The syndic or the accountant records that the supplier was paid (date, reference)."""
    member = require(actor, "expense.pay")
    f = Fields(data if data is not None else {}, allowed={"paid_on", "payment_reference", "reference", "paid_date"})
    paid_on = f.date("paid_on") or f.date("paid_date") or date.today()
    reference = f.text("payment_reference", max_len=100) or f.text("reference", max_len=100)
    f.done()
    async with conn.transaction():
        before = await _locked(conn, member, expense_id)
        if before.status != "approved":
            raise Conflict(_("Seule une dépense approuvée peut être marquée payée."))
        await q.mark_paid(conn, member.org_id, expense_id, paid_on, reference)
        after = await _read(conn, member, expense_id)
        await books.expense_paid(conn, member, after)
        await record(conn, member, "mark_paid", "expense", expense_id, before, after)
    return after


async def cancel_expense(conn: asyncpg.Connection, actor: Actor, expense_id: UUID, data: Any) -> q.Expense:
    """Cancel with a reason: a draft simply; an approved expense by a reversing entry that negates its lines."""
    member = require(actor, "expense.draft")
    f = Fields(data if data is not None else {}, allowed={"reason", "cancel_reason"})
    reason = f.text("reason", max_len=500, multiline=True) or f.text("cancel_reason", max_len=500, multiline=True)
    if reason is None and not f.errors:
        f.error("reason", _("Indiquez le motif de l'annulation."))
    f.done()
    async with conn.transaction():
        before = await _locked(conn, member, expense_id)
        if before.status not in ("draft", "approved"):
            raise Conflict(_("Une dépense payée ou déjà annulée ne s'annule pas : passez une correction."))
        if before.status == "approved":
            await _reverse(conn, require(member, "expense.cancel"), before, given(reason))
        await q.cancel(conn, member.org_id, expense_id, given(reason))
        after = await _read(conn, member, expense_id)
        await record(conn, member, "cancel", "expense", expense_id, before, after)
    return after


async def _reverse(conn: asyncpg.Connection, actor: Member, original: q.Expense, reason: str) -> None:
    """An approved reversing entry dated today, carrying the original's stored lines negated."""
    row = {f: getattr(original, f) for f in q.FIELDS}
    row.update(description=_("Annulation : %(d)s (%(r)s)", d=original.description, r=reason)[:500],
               amount_excl_vat=-original.amount_excl_vat, vat_amount=-original.vat_amount, total=-original.total,
               invoice_date=date.today(), due_date=None, corrects_id=original.id)
    reversal_id = await q.insert(conn, actor.org_id, actor.user_id, row)
    await q.approve(conn, actor.org_id, reversal_id, actor.user_id)
    await allocations.store_reversal(conn, actor.org_id, original.id, reversal_id, date.today())
    if not await books.expense_cancelled(conn, actor, original.id, reversal_id, date.today()):
        await _allocate_reversal(conn, actor, original, reversal_id)
    await record(conn, actor, "create", "expense", reversal_id, None, {**row, "status": "approved"})
