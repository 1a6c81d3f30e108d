"""What an owner owes: each issued call's share per lot, to whom (the fund's account holder, IBAN, BIC), by when,
with the structured communication and the EPC QR payload a banking app pays in one scan; and the settlements
(décomptes) of the owner's charges: a balance to pay, or a credit taken off the next calls until it is used."""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import NotFound
from domain.register.owners import get_owner
from domain.rules.epc_qr import Transfer, payload, reference_field
from domain.rules.payment_reference import structured_communication
from domain.rules.settlement import carry
from queries.calls import calls as q
from queries.calls import settlement as qs
from queries.register.rights import owners_of_user


@dataclass(frozen=True)
class Due:
    """One call an owner pays: its amount over the owner's lots, where and how."""
    call_id: UUID
    building_id: UUID
    building_name: str
    kind: str
    label: str
    call: q.Due
    lots: list[str]
    amount: Decimal
    communication: str | None
    qr: str | None
    credit: Decimal = Decimal("0.00")  # a settlement's credit taken off this call
    net: Decimal | None = None  # what is left to pay (None: the amount)

    @property
    def to_pay(self) -> Decimal:
        """The amount less the credit carried onto it."""
        return self.amount if self.net is None else self.net


@dataclass(frozen=True)
class Account:
    """An owner's calls (the credits carried onto them), their settlements, and the credit not used yet."""
    dues: list[Due]
    settlements: list[qs.Line]
    credit_left: Decimal


def _transfer(row: q.Due, amount: Decimal, communication: str | None) -> str | None:
    """The EPC QR payload (None when there is nothing to pay)."""
    if amount <= 0 or communication is None:
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
        amount = sum((p.amount for p in parts), Decimal("0.00"))
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


def credit_left(dues: list[Due], settlements: list[qs.Line]) -> Decimal:
    """The settlements' credit not yet taken off a call (carried to the next one)."""
    given = sum((-s.balance for s in settlements if s.balance < 0), Decimal("0.00"))
    return given - sum((d.credit for d in dues), Decimal("0.00"))


async def owner_account(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> Account:
    """What the owner was called for (the latest due first) and their settlements (an owner: only their own;
    others' are not found)."""
    member = require(actor, "dues.read")
    owner = await get_owner(conn, member, owner_id)
    if owner is None:
        raise NotFound("owner", owner_id)
    settled = [s for s in await qs.lines_of_owner(conn, member.org_id, owner.id) if member.reaches(s.building_id)]
    found = [d for d in gather(await q.dues(conn, member.org_id, owner.id), settled) if member.reaches(d.building_id)]
    return Account(found, settled, credit_left(found, settled))


async def owner_dues(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[Due]:
    """What the owner was called for, the latest due first (an owner: only their own; others' are not found)."""
    return (await owner_account(conn, actor, owner_id)).dues


async def my_dues(conn: asyncpg.Connection, actor: Actor) -> list[Due] | None:
    """The portal's section: what the signed-in owner was called for (None for anyone who is not an owner)."""
    member = require(actor, "dues.read")
    if member.own_only is None:
        return None
    found: list[Due] = []
    for owner_id in await owners_of_user(conn, member.org_id, member.own_only):
        found += gather(await q.dues(conn, member.org_id, owner_id),
                        await qs.lines_of_owner(conn, member.org_id, owner_id))
    return sorted(found, key=lambda d: d.call.due_date, reverse=True)


async def my_settlements(conn: asyncpg.Connection, actor: Actor) -> list[qs.Line]:
    """The portal's section: the signed-in owner's settlements (none for anyone who is not an owner)."""
    member = require(actor, "dues.read")
    if member.own_only is None:
        return []
    found: list[qs.Line] = []
    for owner_id in await owners_of_user(conn, member.org_id, member.own_only):
        found += await qs.lines_of_owner(conn, member.org_id, owner_id)
    return sorted(found, key=lambda s: s.period_end, reverse=True)
