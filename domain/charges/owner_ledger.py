"""Owners' accounts: payments received, statements, balances, and why an owner owes each charge line."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, allowed, require
from domain.accounting import charges as books
from domain.errors import Invalid, NotFound
from domain.i18n import _, money
from domain.notifications.notices import notify
from domain.parse import Fields, given
from domain.register.buildings import get_building
from queries.charges import allocations
from queries.charges import owner_ledger as q
from queries.charges.owner_ledger import Entry as Entry  # re-exported for the handlers
from queries.register import buildings as qb
from queries.register.rights import owners_of_user

CENT = Decimal("0.01")



@dataclass(frozen=True)
class StatementLine:
    entry: q.Entry
    balance: Decimal


@dataclass(frozen=True)
class Statement:
    owner: q.OwnerRef
    building: qb.Building
    start: date
    end: date
    opening: Decimal
    lines: list[StatementLine]
    total_charges: Decimal
    total_payments: Decimal
    closing: Decimal


def _visible(member: Member, owner: q.OwnerRef | None, owner_id: UUID) -> q.OwnerRef:
    """The owner, if the member may see their account (an owner sees only their own: 404 otherwise)."""
    if owner is None or (member.own_only is not None and owner.user_id != member.own_only):
        raise NotFound("owner", owner_id)
    return owner


async def _visible_owner(conn: asyncpg.Connection, member: Member, owner_id: UUID) -> q.OwnerRef:
    """The owner read by id, if the member may see their account."""
    return _visible(member, await q.owner(conn, member.org_id, owner_id), owner_id)


def _period(args: Mapping[str, str]) -> tuple[UUID, date, date]:
    """building, from (default 1 January) and to (default 31 December of this year) from a query string."""
    f = Fields({k: args.get(k) for k in ("building", "building_id", "from", "to")})
    building = f.uuid("building") or f.uuid("building_id")
    if building is None and "building" not in f.errors and "building_id" not in f.errors:
        f.error("building", _("Ce champ est obligatoire."))
    today = date.today()
    start = f.date("from") or date(today.year, 1, 1)
    end = f.date("to") or date(today.year, 12, 31)
    if start > end:
        f.error("to", _("La fin de la période précède son début."))
    f.done()
    return given(building), start, end


async def statement(conn: asyncpg.Connection, actor: Actor, owner_id: UUID,
                    args: Mapping[str, str]) -> Statement:
    """An owner's account in one building over a period: opening balance, charges, payments, closing."""
    member = require(actor, "statement.read")
    try:
        building_id, start, end = _period(args)
    except Invalid:
        await _visible_owner(conn, member, owner_id)  # an owner out of sight answers 404 before the period's errors
        raise
    # owner, building and opening balance in one query
    head = await q.statement_head(conn, member.org_id, owner_id, building_id, start)
    if head is None:
        raise NotFound("owner", owner_id)
    owner, building, opening = head
    _visible(member, owner, owner_id)
    if building is None or not member.reaches(building.id):
        raise NotFound("building", building_id)
    opening = opening.quantize(CENT)
    entries = await q.entries(conn, member.org_id, owner.id, building.id, start, end)
    balance, lines = opening, []
    for entry in entries:
        balance += entry.debit - entry.credit
        lines.append(StatementLine(entry, balance))
    charges = sum((e.debit for e in entries), Decimal("0.00"))
    payments = sum((e.credit for e in entries), Decimal("0.00"))
    return Statement(owner, building, start, end, opening, lines, charges, payments, balance)


@dataclass(frozen=True)
class PaymentInput:
    owner_id: UUID
    amount: Decimal
    paid_on: date
    reference: str | None

    @classmethod
    def parse(cls, data: object) -> PaymentInput:
        """An owner, a positive amount, a date and an optional reference."""
        f = Fields(data, allowed={"owner_id", "amount", "paid_on", "reference", "building_id"})
        owner_id = f.uuid("owner_id", required=True)
        amount = f.decimal("amount", required=True, min=Decimal("0.01"), max=Decimal("1e11"))
        paid_on = f.date("paid_on", required=True)
        reference = f.text("reference", max_len=140)
        f.done()
        return cls(given(owner_id), given(amount), given(paid_on), reference)


async def record_payment(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: object) -> q.Payment:
    """The syndic or the accountant records a payment received from an owner of the building."""
    member = require(actor, "payment.record", building_id)
    try:
        values = PaymentInput.parse(data)
    except Invalid:
        await get_building(conn, member, building_id)  # an unknown building answers 404 before the input's errors
        raise
    async with conn.transaction():
        # one statement: the payment only if the owner has a lot in the building, and its audit entry
        payment = await q.insert_payment(conn, member.org_id, building_id, values.owner_id, values.amount,
                                         values.paid_on, values.reference, member.user_id, member.role)
        if payment is None:
            await get_building(conn, member, building_id)  # 404 when the building is not one of the organisation's
            raise Invalid({"owner_id": _("Ce copropriétaire n'a pas de lot dans ce bâtiment.")})
        await books.owner_paid(conn, member, payment)
        await notify(conn, member.org_id, "payment.recorded",
                     _("Paiement de %(amount)s reçu le %(day)s", amount=money(payment.amount), day=payment.paid_on),
                     "/portal", owners=[payment.owner_id], about_building=building_id)
    return payment


async def building_payments(conn: asyncpg.Connection, actor: Actor,
                            building_id: UUID) -> tuple[list[q.OwnerRef], list[q.Payment]]:
    """The building's owners (for the entry form) and its latest payments."""
    member = require(actor, "payment.read")
    building = await get_building(conn, member, building_id)
    owners = await q.owners_of_building(conn, member.org_id, building.id)
    return owners, await q.payments(conn, member.org_id, building.id)


@dataclass(frozen=True)
class Explanation:
    """Expense total x lot weight / key total = lot exact, rounded to lot amount; x owner share = owner exact,
    rounded to the owner's amount (adjustments: the cents the largest-remainder rounding added)."""
    facts: allocations.LineFacts
    share: Fraction
    lot_exact: Fraction
    owner_exact: Fraction

    @property
    def payer_rule(self) -> str | None:
        """Why this holder pays in a dismembered lot (usufruct / bare ownership), if so."""
        if "usufruct" in self.facts.kinds:
            return "usufruct"
        return "bare" if "bare" in self.facts.kinds else None


async def explain_line(conn: asyncpg.Connection, actor: Actor, line_id: UUID) -> Explanation:
    """The computation behind one charge line; an owner may only open their own lines."""
    member = require(actor, "statement.read")
    facts = await allocations.line_facts(conn, member.org_id, line_id)
    if facts is None or not member.reaches(facts.building_id) or (
            member.own_only is not None
            and facts.owner_id not in await owners_of_user(conn, member.org_id, member.own_only)):
        raise NotFound("charge_line", line_id)
    share = Fraction(facts.share_num, facts.share_den)
    lot_exact = Fraction(facts.expense_total) * Fraction(facts.weight) / Fraction(facts.key_total)
    return Explanation(facts, share, lot_exact, Fraction(facts.lot_amount) * share)


@dataclass(frozen=True)
class MyAccount:
    owner_ids: list[UUID]
    balances: list[q.Balance]
    latest: list[q.Entry]


async def my_account(conn: asyncpg.Connection, actor: Actor, latest: int = 5) -> MyAccount | None:
    """For an owner: their balance per building and latest charge lines (None without an owner record)."""
    if not allowed(actor, "portal.use"):
        return None
    member = require(actor, "portal.use")
    owner_ids = await owners_of_user(conn, member.org_id, member.user_id)
    if not owner_ids:
        return None
    return MyAccount(owner_ids, await q.balances(conn, member.org_id, owner_ids),
                     await q.latest_charges(conn, member.org_id, owner_ids, latest))
