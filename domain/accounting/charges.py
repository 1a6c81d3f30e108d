"""What the charges post into the books (the shapes migration 0101 posted the earlier data in):

- an expense approved: purchases journal, debit its category's charge account / credit the supplier's
  sub-account (a negative correction the other way round), the VAT kept on the charge line for information;
- its allocation to the owners: miscellaneous journal, debit each owner's sub-account for their part of each lot /
  credit the charges called — at approval, unless issued provisions of the period (not settled yet) fund it: then
  the settlement posts it (domain/calls/settlement.py), so an owner is never charged the provisions and the charges;
- the supplier paid: bank journal, debit the supplier / credit the working fund's bank account;
- an owner's payment recorded by hand: bank journal, debit the bank / credit the owner;
- a balance taken over: opening journal, the owner against the suspense account until the accountant clears it;
- an approved expense cancelled: its entries reversed.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

import asyncpg

from domain.access import Member
from domain.accounting.posting import EntryDraft, LineDraft, post_entry, reverse_entry
from domain.rules.double_entry import sides
from queries.accounting import posting as q
from queries.accounting import take_over


def _line(account: str, amount: Decimal, **rest: Any) -> LineDraft:
    debit, credit = sides(amount)
    return LineDraft(account, debit, credit, **rest)


async def expense_approved(conn: asyncpg.Connection, member: Member, expense: Any,
                           owners: Sequence[tuple[UUID, UUID, Decimal]], allocate_now: bool = True) -> None:
    """Post the approved expense and (with `allocate_now`) its allocation: `owners` are (lot, owner, amount) in the
    allocation's order."""
    source = ("expense", expense.id)
    await post_entry(conn, member, expense.building_id, EntryDraft(
        "ACH", expense.invoice_date, expense.description, (
            _line(f"cat:{expense.category}", expense.total, vat_amount=expense.vat_amount),
            _line("suppliers", -expense.total, supplier=expense.supplier)),
        expense.invoice_number, source))
    if allocate_now:
        await allocation_posted(conn, member, expense, owners)


async def allocation_posted(conn: asyncpg.Connection, member: Member, expense: Any,
                            owners: Sequence[tuple[UUID, UUID, Decimal]]) -> None:
    """Post an expense's allocation to the owners' accounts (none when every part is zero)."""
    parts = [(lot, owner, amount) for lot, owner, amount in owners if amount != 0]
    if parts:
        total = sum((amount for _, _, amount in parts), Decimal("0.00"))
        await post_entry(conn, member, expense.building_id, EntryDraft(
            "OD", expense.invoice_date, expense.description, (
                *(_line("owners", amount, owner_id=owner, unit_id=lot, key_id=expense.sharing_key_id)
                  for lot, owner, amount in parts),
                _line("charges_called", -total)),
            expense.invoice_number, ("expense_allocation", expense.id)))


async def expense_paid(conn: asyncpg.Connection, member: Member, expense: Any) -> None:
    """Post the supplier's payment from the working fund's bank account."""
    await post_entry(conn, member, expense.building_id, EntryDraft(
        "BQ1", cast(date, expense.paid_on), expense.description, (
            _line("suppliers", expense.total, supplier=expense.supplier),
            _line("bank_working", -expense.total)),
        expense.payment_reference or expense.invoice_number, ("expense_payment", expense.id)))


async def expense_cancelled(conn: asyncpg.Connection, member: Member, expense_id: UUID, reversal_id: UUID,
                            day: date) -> bool:
    """Reverse the approved expense's entries (purchase and allocation) on `day`, for the reversing expense; False
    when it had no allocation entry (its allocation was left to a settlement)."""
    allocated = False
    for kind in ("expense", "expense_allocation"):
        for entry in await q.entries_of_source(conn, member.org_id, kind, expense_id):
            await reverse_entry(conn, member, entry.id, entry_date=day, source=(kind, reversal_id))
            allocated = allocated or kind == "expense_allocation"
    return allocated


async def owner_paid(conn: asyncpg.Connection, member: Member, payment: Any) -> None:
    """Post an owner's payment recorded by hand into the working fund's bank account."""
    await post_entry(conn, member, payment.building_id, EntryDraft(
        "BQ1", payment.paid_on, payment.reference or "Paiement", (
            _line("bank_working", payment.amount),
            _line("owners", -payment.amount, owner_id=payment.owner_id)),
        payment.reference, ("owner_payment", payment.id)))


async def post_what_is_unposted(conn: asyncpg.Connection, org_id: UUID) -> int:
    """Post what the charges hold and the books do not yet (balances taken over, a handover's rows): the number
    of entries posted."""
    return await take_over.post_unposted(conn, org_id)
