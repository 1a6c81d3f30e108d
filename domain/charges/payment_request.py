"""An owner's statement as a document to send: on the syndic's letterhead, to the owner's postal address, in their
language, asking for the amount due by a date, to the building's bank account with a structured communication."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.charges.owner_ledger import Statement, statement
from domain.errors import NotFound
from domain.platform.organizations import Letterhead, letterhead
from domain.rules.payment_reference import reference_for, structured_communication
from queries.register import owners as qo

PAYMENT_DAYS = 30  # the due date: this many days after the statement is issued


@dataclass(frozen=True)
class PaymentRequest:
    """A statement ready to send."""

    statement: Statement
    letterhead: Letterhead
    owner: qo.Owner
    issued_on: date
    amount_due: Decimal
    due_on: date
    iban: str | None
    communication: str


async def payment_request(conn: asyncpg.Connection, actor: Actor, owner_id: UUID, args: Mapping[str, str],
                          today: date | None = None) -> PaymentRequest:
    """The owner's statement with what to pay, when and how (the owner: their own only)."""
    found = await statement(conn, actor, owner_id, args)
    member = require(actor, "statement.read")
    owner = await qo.get(conn, member.org_id, found.owner.id)
    if owner is None:
        raise NotFound("owner", owner_id)
    issued = today or date.today()
    due = max(found.closing, Decimal("0.00"))
    return PaymentRequest(found, await letterhead(conn, member, found.building), owner, issued, due,
                          issued + timedelta(days=PAYMENT_DAYS), found.building.iban,
                          structured_communication(reference_for(found.building.id, found.owner.id)))
