"""An invoice to receive, accrued at the year's end (offered by the closing checklist): the charge of the year
debited on the year's last day against the invoices-to-receive account (BE 444, FR 408), reversed on the next
year's first day, so the invoice, when it comes and is approved, charges the year it belongs to only once."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.accounting.posting import EntryDraft, LineDraft, PostedEntry, post_entry
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from queries.accounting import reports as q


@dataclass(frozen=True)
class Accrual:
    accrued: PostedEntry
    reversal: PostedEntry


def _parse(data: Any) -> tuple[str, Decimal, str, str | None]:
    f = Fields(data if isinstance(data, Mapping) else {}, allowed={"account", "amount", "label", "supplier"})
    account = f.text("account", required=True, max_len=8)
    amount = f.decimal("amount", required=True, min=Decimal("0.01"), max=Decimal("1e11"))
    label = f.text("label", required=True, max_len=400)
    supplier = f.text("supplier", max_len=200)
    if account is not None and not (account.startswith("6") and account.isdigit()):
        f.error("account", _("Un compte de charges (classe 6)."))
    f.done()
    return given(account), given(amount), given(label), supplier


async def accrue_invoice(conn: asyncpg.Connection, actor: Actor, year_id: UUID, data: Any) -> Accrual:
    """Accrue an invoice to receive in the year and post its reversal on the next year's first day (409 when the
    year or the next one is closed; 422 for an unknown account)."""
    member = require(actor, "entry.post")
    account, amount, label, supplier = _parse(data)
    async with conn.transaction():
        year = await q.year(conn, member.org_id, year_id)
        if year is None or not member.reaches(year.building_id):
            raise NotFound("fiscal_year", year_id)
        if year.state == "closed":
            raise Conflict(_("Cet exercice est déjà clôturé."))
        text = _("Facture à recevoir : %(label)s", label=label)
        try:
            accrued = await post_entry(conn, member, year.building_id, EntryDraft(
                "OD", year.ends_on, text, (LineDraft(account, debit=amount),
                                           LineDraft("invoices_to_receive", credit=amount, supplier=supplier)),
                source=("accrual", year.id)))
            reversal = await post_entry(conn, member, year.building_id, EntryDraft(
                "OD", year.ends_on + timedelta(days=1), _("Extourne : %(label)s", label=text),
                (LineDraft("invoices_to_receive", debit=amount, supplier=supplier),
                 LineDraft(account, credit=amount)), source=("accrual_reversal", year.id)))
        except Invalid as e:  # the account is unknown: say it of the field
            raise Invalid({"account": next(iter(e.errors.values()))}) from None
        await record(conn, member, "accrue", "fiscal_year", year.id, None,
                     {"account": account, "amount": str(amount), "label": label})
    return Accrual(accrued, reversal)
