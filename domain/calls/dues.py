"""What an owner owes: each issued call's share per lot, to whom (the fund's account holder, IBAN, BIC), by when,
with the structured communication and the EPC QR payload a banking app pays in one scan."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import NotFound
from domain.register.owners import get_owner
from domain.rules.epc_qr import Transfer, payload, reference_field
from domain.rules.payment_reference import structured_communication
from queries.calls import calls as q
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


def _transfer(row: q.Due, amount: Decimal, communication: str | None) -> str | None:
    """The EPC QR payload (None when there is nothing to pay)."""
    if amount <= 0 or communication is None:
        return None
    return payload(Transfer(row.holder, row.iban, amount, row.bic or "", reference_field(communication),
                            note=row.label[:70]))


def gather(rows: list[q.Due]) -> list[Due]:
    """The owner's rows (one per call and lot) as one due per call."""
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
    return out


async def owner_dues(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[Due]:
    """What the owner was called for, the latest due first (an owner: only their own; others' are not found)."""
    member = require(actor, "dues.read")
    owner = await get_owner(conn, member, owner_id)
    if owner is None:
        raise NotFound("owner", owner_id)
    return [d for d in gather(await q.dues(conn, member.org_id, owner.id)) if member.reaches(d.building_id)]


async def my_dues(conn: asyncpg.Connection, actor: Actor) -> list[Due] | None:
    """The portal's section: what the signed-in owner was called for (None for anyone who is not an owner)."""
    member = require(actor, "dues.read")
    if member.own_only is None:
        return None
    found: list[Due] = []
    for owner_id in await owners_of_user(conn, member.org_id, member.own_only):
        found += gather(await q.dues(conn, member.org_id, owner_id))
    return sorted(found, key=lambda d: d.call.due_date, reverse=True)
