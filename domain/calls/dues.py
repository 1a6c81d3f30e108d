"""What an owner owes: each issued call's share per lot, and each settlement's balance to pay (décompte), to whom
(the fund's account holder, IBAN, BIC), by when, with the structured communication and the EPC QR payload a
banking app pays in one scan. A settlement's credit is taken off the next calls until it is used; the owner's
payments (by hand or matched from the bank) are imputed to the dues oldest first (collection's rule, C. civ. art.
5.208), so each line says what is paid and what is left; a payment beyond the dues is an advance."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import NotFound
from domain.i18n import _
from domain.register.owners import get_owner
from domain.rules.collection import impute
from domain.rules.epc_qr import Transfer, payload, reference_field
from domain.rules.payment_reference import structured_communication
from domain.rules.settlement import carry
from queries.calls import calls as q
from queries.calls import dues as qd
from queries.calls import settlement as qs
from queries.register.rights import owners_of_user

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Due:
    """One thing an owner pays — a call (its amount over the owner's lots) or a settlement's balance — where and
    how, and what of it is paid."""
    call_id: UUID  # the call's id; a settlement's for source "settlement"
    building_id: UUID
    building_name: str
    kind: str
    label: str
    call: q.Due  # the dates and the fund's account (a settlement: its period, posting day and due date)
    lots: list[str]
    amount: Decimal
    communication: str | None
    qr: str | None
    credit: Decimal = ZERO  # a settlement's credit taken off this call
    net: Decimal | None = None  # the amount less the credit (None: the amount)
    source: str = "call"  # call | settlement
    paid: Decimal = ZERO  # the owner's payments imputed to it

    @property
    def to_pay(self) -> Decimal:
        """The amount less the credit carried onto it."""
        return self.amount if self.net is None else self.net

    @property
    def remaining(self) -> Decimal:
        """What is left to pay once the payments are imputed."""
        return self.to_pay - self.paid


@dataclass(frozen=True)
class Account:
    """An owner's dues (calls and settlement balances, the latest due first), their settlements, the settlement
    credit not used yet, and what they paid beyond their dues."""
    dues: list[Due]
    settlements: list[qs.Line]
    credit_left: Decimal
    advance: Decimal = ZERO


def _transfer(row: q.Due, amount: Decimal, communication: str | None) -> str | None:
    """The EPC QR payload (None when there is nothing to pay)."""
    if amount <= 0 or communication is None or not row.iban:
        return None
    return payload(Transfer(row.holder, row.iban, amount, row.bic or "", reference_field(communication),
                            note=row.label[:70]))


def gather(rows: list[q.Due], settlements: list[qs.Line] | None = None) -> list[Due]:
    """The owner's rows (one per call and lot) as one due per call, each settlement's credit carried onto the calls
    of the building due after its period (a reserve call excepted: another account)."""
    calls: dict[UUID, list[q.Due]] = {}
    for r in rows:
        calls.setdefault(r.call_id, []).append(r)
    out = []
    for parts in calls.values():
        first = parts[0]
        amount = sum((p.amount for p in parts), ZERO)
        communication = structured_communication(first.reference) if first.reference is not None else None
        out.append(Due(first.call_id, first.building_id, first.building_name, first.kind, first.label, first,
                       [p.unit_number for p in parts], amount, communication, _transfer(first, amount, communication)))
    return _carried(out, settlements or [])


def _carried(dues: list[Due], settlements: list[qs.Line]) -> list[Due]:
    """The dues with the settlements' credits taken off, building by building."""
    by_id = {d.call_id: d for d in dues}
    for building in {s.building_id for s in settlements if s.balance < 0}:
        mine = sorted((d for d in dues if d.building_id == building and d.kind != "reserve_fund"),
                      key=lambda d: (d.call.due_date, str(d.call_id)))
        credits = [(s.period_end, -s.balance) for s in settlements if s.building_id == building]
        parts, _left = carry([(d.call.due_date, d.amount) for d in mine], credits)
        for d, part in zip(mine, parts, strict=True):
            if part.credit:
                by_id[d.call_id] = replace(d, credit=part.credit, net=part.net,
                                           qr=_transfer(d.call, part.net, d.communication))
    return [by_id[d.call_id] for d in dues]


def settlement_due(s: qs.Line) -> Due:
    """A settlement's balance to pay as a due, paid to the working fund with the owner's communication for it."""
    label = _("Décompte de charges du %(a)s au %(b)s", a=s.period_start, b=s.period_end)
    row = q.Due(s.settlement_id, s.building_id, s.building_name, s.kind, label, s.period_start, s.period_end,
                s.posted_at.date(), s.due_date, "", s.balance, s.holder or "", s.iban or "", s.bic, s.reference)
    communication = structured_communication(s.reference) if s.reference is not None else None
    return Due(s.settlement_id, s.building_id, s.building_name, s.kind, label, row, [], s.balance, communication,
               _transfer(row, s.balance, communication), source="settlement")


def imputed(dues: list[Due], paid: dict[UUID, Decimal]) -> tuple[list[Due], Decimal]:
    """The dues with each building's payments imputed oldest due first (what each line has paid and what its QR
    code still asks), and the payments beyond them (an advance)."""
    by_id, advance = {(d.source, d.call_id): d for d in dues}, ZERO
    for building in {d.building_id for d in dues} | set(paid):
        mine = sorted((d for d in dues if d.building_id == building),
                      key=lambda d: (d.call.due_date, d.source, str(d.call_id)))
        pool = max(paid.get(building, ZERO), ZERO)
        lefts = impute([max(d.to_pay, ZERO) for d in mine], pool)
        advance += pool - sum((max(d.to_pay, ZERO) - left for d, left in zip(mine, lefts, strict=True)), ZERO)
        for d, left in zip(mine, lefts, strict=True):
            if left != d.to_pay:
                by_id[(d.source, d.call_id)] = replace(d, paid=d.to_pay - left,
                                                       qr=_transfer(d.call, left, d.communication))
    return [by_id[(d.source, d.call_id)] for d in dues], advance


def _latest_first(d: Due) -> tuple:
    """The latest due first; on one day, in a stable order (the kind, the label)."""
    return (-d.call.due_date.toordinal(), d.source, d.kind, str(d.label), str(d.call_id))


def credit_left(dues: list[Due], settlements: list[qs.Line]) -> Decimal:
    """The settlements' credit not yet taken off a call (carried to the next one)."""
    given = sum((-s.balance for s in settlements if s.balance < 0), ZERO)
    return given - sum((d.credit for d in dues), ZERO)


async def _account(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID,
                   reaches: Callable[[UUID], bool]) -> Account:
    """One owner's account over the buildings `reaches` lets through."""
    settled = [s for s in await qs.lines_of_owner(conn, org_id, owner_id) if reaches(s.building_id)]
    calls = [d for d in gather(await q.dues(conn, org_id, owner_id), settled) if reaches(d.building_id)]
    balances = [settlement_due(s) for s in settled if s.balance > 0]
    paid = {b: v for b, v in (await qd.paid(conn, org_id, owner_id)).items() if reaches(b)}
    found, advance = imputed(calls + balances, paid)
    found.sort(key=_latest_first)
    return Account(found, settled, credit_left(calls, settled), advance)


async def owner_account(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> Account:
    """What the owner was called for and owes from settlements (the latest due first), paid and left, and their
    settlements (an owner: only their own; others' are not found)."""
    member = require(actor, "dues.read")
    owner = await get_owner(conn, member, owner_id)
    if owner is None:
        raise NotFound("owner", owner_id)
    return await _account(conn, member.org_id, owner.id, member.reaches)


async def owner_dues(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[Due]:
    """What the owner owes, the latest due first (an owner: only their own; others' are not found)."""
    return (await owner_account(conn, actor, owner_id)).dues


async def my_account(conn: asyncpg.Connection, actor: Actor) -> Account | None:
    """The portal's section: the signed-in owner's dues, settlements, credit and advance over every owner record
    they are linked to (None for anyone who is not an owner)."""
    member = require(actor, "dues.read")
    if member.own_only is None:
        return None
    found, settled, credit, advance = [], [], ZERO, ZERO
    for owner_id in await owners_of_user(conn, member.org_id, member.own_only):
        one = await _account(conn, member.org_id, owner_id, lambda _b: True)
        found += one.dues
        settled += one.settlements
        credit, advance = credit + one.credit_left, advance + one.advance
    found.sort(key=_latest_first)
    settled.sort(key=lambda s: s.period_end, reverse=True)
    return Account(found, settled, credit, advance)


async def postal_addresses(conn: asyncpg.Connection, actor: Actor, owner_ids: list[UUID]) -> dict[UUID, qd.Address]:
    """Where the notices printed for these owners (of the member's organisation) are posted."""
    member = require(actor, "call.read")
    return await qd.addresses(conn, member.org_id, owner_ids)


async def my_dues(conn: asyncpg.Connection, actor: Actor) -> list[Due] | None:
    """The portal's section: what the signed-in owner owes (None for anyone who is not an owner)."""
    found = await my_account(conn, actor)
    return None if found is None else found.dues


async def my_settlements(conn: asyncpg.Connection, actor: Actor) -> list[qs.Line]:
    """The portal's section: the signed-in owner's settlements (none for anyone who is not an owner)."""
    found = await my_account(conn, actor)
    return [] if found is None else found.settlements
