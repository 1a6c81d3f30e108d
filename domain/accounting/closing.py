"""Closing a fiscal year: the checklist, then the closing entry (charges and income carried to the result), the
next year's opening entry (every balance carried over) and the lock. Nothing posts into a closed year (409)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.charges.expense_lifecycle import lot_weights
from domain.errors import Conflict, NotFound
from domain.i18n import _
from domain.platform.audit import record
from domain.rules.allocation import allocate
from domain.rules.closing import CheckItem, blockers
from domain.rules.double_entry import sides
from queries.accounting import reports as q

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Checklist:
    year: q.FiscalYear
    items: list[CheckItem]

    @property
    def ready(self) -> bool:
        """Whether nothing blocks the closing."""
        return not blockers(self.items) and self.year.state != "closed"


async def _year(conn: asyncpg.Connection, member: Member, year_id: UUID, lock: bool = False) -> q.FiscalYear:
    year = await (q.lock_year if lock else q.year)(conn, member.org_id, year_id)
    if year is None or not member.reaches(year.building_id):
        raise NotFound("fiscal_year", year_id)
    return year


async def _items(conn: asyncpg.Connection, member: Member, year: q.FiscalYear) -> list[CheckItem]:
    suspense, drafts, open_before, entry_drafts, accruals = await q.checklist(conn, member.org_id, year.id)
    return [
        CheckItem("previous_year", open_before > 0, open_before),
        CheckItem("suspense", suspense != 0, 1 if suspense else 0, suspense),
        CheckItem("drafts", drafts > 0, drafts),
        CheckItem("entry_drafts", entry_drafts > 0, entry_drafts),
        # not blocking until the bank import exists; prepaid charges are the accountant's to defer (490 / 486)
        CheckItem("accruals", False, accruals),  # an action: invoices to receive, accrued and reversed
        CheckItem("bank_statements", False, 0),
        CheckItem("prepaid", False, 0),
    ]


async def checklist(conn: asyncpg.Connection, actor: Actor, year_id: UUID) -> Checklist:
    """What the closing of the year needs, each item with what blocks it."""
    member = require(actor, "ledger.read")
    year = await _year(conn, member, year_id)
    return Checklist(year, await _items(conn, member, year))


async def pre_close(conn: asyncpg.Connection, actor: Actor, year_id: UUID) -> q.FiscalYear:
    """Pre-close the year: the next one opens for current entries, late invoices still go to this one."""
    member = require(actor, "year.close")
    async with conn.transaction():
        year = await _year(conn, member, year_id, lock=True)
        if year.state != "open":
            raise Conflict(_("Seul un exercice ouvert peut être pré-clôturé."))
        await q.set_state(conn, member.org_id, year.id, "pre_closed", member.user_id)
        await record(conn, member, "pre_close", "fiscal_year", year.id, {"state": year.state}, {"state": "pre_closed"})
    return await _year(conn, member, year_id)


async def close_year(conn: asyncpg.Connection, actor: Actor, year_id: UUID) -> q.FiscalYear:
    """Close the year once the checklist is clear: charges and income to the result, every balance into the next
    year's opening journal, the year locked. Conflict (409) when closed already or something blocks."""
    member = require(actor, "year.close")
    async with conn.transaction():
        year = await _year(conn, member, year_id, lock=True)
        if year.state == "closed":
            raise Conflict(_("Cet exercice est déjà clôturé."))
        if blockers(await _items(conn, member, year)):
            raise Conflict(_("La liste de clôture n'est pas vide : voyez ce qui bloque."))
        rows = await q.trial_balance(conn, member.org_id, year.building_id, year.id)
        await _carry_result(conn, member, year, [r for r in rows if r.code[0] in "67" and r.balance])
        after = await q.trial_balance(conn, member.org_id, year.building_id, year.id)
        await _open_next(conn, member, year, [r for r in after if r.code[0] in "12345" and r.balance])
        await q.set_state(conn, member.org_id, year.id, "closed", member.user_id)
        await record(conn, member, "close", "fiscal_year", year.id, {"state": year.state}, {"state": "closed"})
    return await _year(conn, member, year_id)


def _carried(r: q.AccountBalance, amount: Decimal) -> LineDraft:
    """A line on the same (sub-)account for a signed amount."""
    debit, credit = sides(amount)
    supplier = r.label if r.party.startswith("s:") else None
    return LineDraft(r.code, debit, credit, owner_id=r.owner_id, supplier=supplier)


@dataclass(frozen=True)
class _GeneralKey:
    """What the allocation reads of an expense, for the result shared by the lots' quotas on the year's end."""
    organization_id: UUID
    building_id: UUID
    invoice_date: date
    sharing_key_id: UUID | None = None


async def _result_to_owners(conn: asyncpg.Connection, year: q.FiscalYear, org_id: UUID,
                            result: Decimal) -> list[LineDraft]:
    """The result (a deficit positive, a surplus negative) shared by the general key among the owners on the
    year's last day, as lines on their sub-accounts; none when the lots cannot carry it (no lot, a lot without
    owner)."""
    lots = await lot_weights(conn, cast(Any, _GeneralKey(org_id, year.building_id, year.ends_on)))
    try:
        shared = allocate(result, lots, "ordinary") if lots else None
    except ValueError:
        return []
    if shared is None:
        return []
    return [LineDraft("owners", *sides(o.amount), owner_id=cast(UUID, o.owner_id), unit_id=cast(UUID, o.lot_id))
            for o in shared.owners if o.amount]


async def _carry_result(conn: asyncpg.Connection, member: Member, year: q.FiscalYear,
                        rows: list[q.AccountBalance]) -> None:
    """Charges and income accounts back to zero at the year's end; what is left (the result: the charges are
    settled to the owners as they are approved, so it is what manual entries left) is allocated to the owners by
    the general key — or, when the lots cannot carry it, kept in the working fund."""
    if not rows:
        return
    result = sum((r.balance for r in rows), ZERO)
    lines = [_carried(r, -r.balance) for r in rows]
    if result:
        lines.extend(await _result_to_owners(conn, year, member.org_id, result)
                     or [LineDraft("working_fund", *sides(result))])
    await post_entry(conn, member, year.building_id, EntryDraft(
        "OD", year.ends_on, _("Clôture de l'exercice : affectation du résultat"), tuple(lines),
        source=("closing", year.id)))


async def _open_next(conn: asyncpg.Connection, member: Member, year: q.FiscalYear,
                     rows: list[q.AccountBalance]) -> None:
    """Every balance-sheet balance into the next year's opening journal, sub-account by sub-account."""
    if not rows:
        return
    await post_entry(conn, member, year.building_id, EntryDraft(
        "AN", year.ends_on + timedelta(days=1), _("Report à nouveau"),
        tuple(_carried(r, r.balance) for r in rows), source=("opening", year.id)))
