"""Cancelling an issued call: its entry is reversed (a posted entry is never edited), so each owner's account is
credited with their share. What an owner paid against the call stays a payment — their bank match untouched — and
becomes a credit the next calls take, oldest first (domain/rules/collection.py `impute`). The cancelled call and
its reversal leave the owner's due items (queries/collection/arrears.py), the interest and the notary's figures.

A call whose entry sits in a closed fiscal year cannot be cancelled (409): the year's accounts are final; a
regularisation in the open year does that work. The reversal is dated the day of the cancellation, kept inside the
call's fiscal year (the call and its cancellation net to nothing in the same year)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.accounting.posting import reverse_entry
from domain.errors import Conflict, NotFound
from domain.i18n import _
from domain.notifications.notices import notify
from domain.parse import Fields
from domain.platform.audit import record
from queries.calls import calls as q
from queries.calls import cancel as qc


@dataclass(frozen=True)
class Cancelled:
    """A call cancelled: the call (status cancelled), the reversing entry, its date, the owners credited."""
    call: q.Call
    entry_id: UUID
    entry_date: date
    reason: str
    owners: int


def reversal_date(today: date, call_date: date, year: qc.Year) -> date:
    """The reversal's date: today, but never before the call nor outside the call's fiscal year."""
    return min(max(today, call_date), year.ends_on)


async def cancel_call(conn: asyncpg.Connection, actor: Actor, call_id: UUID, data: Any,
                      today: date | None = None) -> Cancelled:
    """Cancel an issued call in one transaction: its entry reversed, the call marked cancelled (who, when, why),
    its owners told; 409 for a draft, a call already cancelled or one of a closed year."""
    member = require(actor, "call.cancel")
    f = Fields(data if data is not None else {}, allowed={"reason"})
    reason = f.text("reason", required=True, max_len=500)
    f.done()
    assert reason is not None
    async with conn.transaction():
        call = await q.lock(conn, member.org_id, call_id)
        if call is None or not member.reaches(call.building_id):
            raise NotFound("call", call_id)
        if call.status == "cancelled":
            raise Conflict(_("Cet appel est déjà annulé."))
        if call.status != "issued" or call.entry_id is None:
            raise Conflict(_("Un brouillon n'a pas été émis : il n'y a rien à annuler."))
        year = await qc.year_of(conn, member.org_id, call.building_id, call.call_date)
        if year is None or year.state == "closed":
            raise Conflict(_("L'exercice du %(day)s est clôturé : cet appel ne peut plus être annulé.",
                             day=call.call_date.isoformat()))
        day = reversal_date(today or date.today(), call.call_date, year)
        entry = await reverse_entry(conn, member, call.entry_id, entry_date=day,
                                    label=_("Annulation : %(label)s", label=call.label)[:500])
        await qc.mark_cancelled(conn, member.org_id, call.id, member.user_id, reason, entry.id)
        owners = sorted({s.owner_id for s in await q.shares(conn, member.org_id, call.id)})
        await notify(conn, member.org_id, "call.cancelled",
                     _("Appel de fonds « %(label)s » annulé : ce que vous aviez payé reste un crédit sur votre compte",
                       label=call.label),
                     "/portal", owners=owners)
        await record(conn, member, "cancel", "call", call.id, call,
                     {"status": "cancelled", "reason": reason, "entry_id": str(entry.id)})
        stored = await q.get(conn, member.org_id, call.id)
    assert stored is not None
    return Cancelled(stored, entry.id, day, reason, len(owners))


async def cancellation(conn: asyncpg.Connection, actor: Actor, call: q.Call) -> qc.Cancellation | None:
    """Who cancelled the call, when and why (None: not cancelled)."""
    member = require(actor, "call.read", call.building_id)
    return await qc.cancellation(conn, member.org_id, call.id) if call.status == "cancelled" else None
