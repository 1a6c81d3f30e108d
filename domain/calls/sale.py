"""The sale of a lot settled at its transfer date, in one transaction and once per transfer: the seller's share of
the working fund refunded pro rata (the working fund debited, the seller's account credited for the lot) and the
buyer called for the same amount (an issued working-fund call of one share, with its structured communication).
The reserve fund (BE) and the works fund (FR, loi 1965 art. 14-2) stay with the association: not refunded. The
transfer itself is the register's (`domain/register/ownership.py` transfer): it must be recorded first."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any
from uuid import UUID, uuid4

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.calls.calls import _entry as call_entry
from domain.calls.calls import _references
from domain.calls.notary import reached_lot
from domain.calls.sharing import OwnerShare
from domain.errors import Conflict, Invalid
from domain.i18n import _, money
from domain.notifications.notices import notify
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.rules.allocation import PAYER_KINDS
from domain.rules.ownership import held_on
from domain.rules.sale import ZERO, fund_share
from queries.calls import calls as qc
from queries.calls import funds as qf
from queries.calls import sale as q
from queries.register import ownership as qr
from queries.register import units as qu

DUE_AFTER_DAYS = 30  # the buyer's call is due a month after the transfer unless told otherwise


@dataclass(frozen=True)
class SaleInput:
    transfer_date: date
    seller_id: UUID
    buyer_id: UUID
    due_date: date | None

    @classmethod
    def parse(cls, data: Any) -> SaleInput:
        """The transfer's date, the seller, the buyer and (optional) when the buyer's call is due."""
        f = Fields(data if data is not None else {}, allowed={"transfer_date", "seller_id", "buyer_id", "due_date"})
        day = f.date("transfer_date", required=True)
        seller, buyer = f.uuid("seller_id", required=True), f.uuid("buyer_id", required=True)
        due = f.date("due_date")
        if seller is not None and seller == buyer:
            f.error("buyer_id", _("Le vendeur et l'acheteur sont la même personne."))
        if due and day and due < day:
            f.error("due_date", _("L'échéance précède la date de la vente."))
        f.done()
        return cls(given(day), given(seller), given(buyer), due)


@dataclass(frozen=True)
class SaleResult:
    settlement: q.SaleSettlement
    lot: q.Lot
    call: qc.Call | None


def _part(rights: list[qr.Right], owner_id: UUID, day: date) -> Fraction:
    """The part of the lot the owner holds on the day with a right that pays the working fund."""
    return sum((r.share for r in held_on(rights, day) if r.owner_id == owner_id
                and r.right_kind in PAYER_KINDS["ordinary"]), Fraction(0))


async def _buyer_call(conn: asyncpg.Connection, member: Member, lot: q.Lot, fund: qf.Fund, sale: SaleInput,
                      amount: Decimal) -> qc.Call:
    """One issued working-fund call: the buyer's share, posted, with their reference for the fund."""
    label = str(_("Fonds de roulement — lot %(lot)s repris à la vente du %(day)s", lot=lot.number,
                  day=sale.transfer_date.strftime("%d/%m/%Y")))[:200]
    due = sale.due_date or sale.transfer_date + timedelta(days=DUE_AFTER_DAYS)
    [call_id] = await qc.insert(conn, member.org_id, lot.building_id, None, [qc.NewCall(
        "working_fund", fund.id, label, None, None, sale.transfer_date, due, amount, None)])
    call = given(await qc.get(conn, member.org_id, call_id))
    share = OwnerShare(lot.id, lot.number, sale.buyer_id, "", Decimal(lot.quota), Decimal(lot.total_quota), amount,
                       None, amount, ZERO)
    entry = await post_entry(conn, member, lot.building_id, call_entry(call, fund, [share]))
    await qc.store_shares(conn, member.org_id, call.id, lot.building_id, [
        (lot.id, lot.number, sale.buyer_id, share.weight, share.key_total, amount, None, amount, ZERO)])
    await qc.mark_issued(conn, member.org_id, call.id, member.user_id, entry.id)
    await _references(conn, member.org_id, [(lot.building_id, fund.id, sale.buyer_id)])
    await notify(conn, member.org_id, "call.issued",
                 _("Appel de fonds « %(label)s » : %(total)s pour le bâtiment, à payer avant le %(day)s",
                   label=label, total=money(amount), day=due), "/portal", owners=[sale.buyer_id])
    return given(await qc.get(conn, member.org_id, call.id))


async def settle_sale(conn: asyncpg.Connection, actor: Actor, unit_id: UUID, data: Any) -> SaleResult:
    """Settle the lot's sale at its transfer date (see the module); Conflict when already settled."""
    member = require(actor, "sale.settle")
    sale = SaleInput.parse(data)
    async with conn.transaction():
        lot = await reached_lot(conn, member, unit_id)
        await qu.lock(conn, member.org_id, lot.id)  # one settlement of the lot at a time
        if any((s.transfer_date, s.seller_id) == (sale.transfer_date, sale.seller_id)
               for s in await q.settlements(conn, member.org_id, lot.id)):
            raise Conflict(_("Cette vente est déjà réglée."), "transfer_date")
        rights = await qr.of_unit(conn, member.org_id, lot.id)
        eve = sale.transfer_date - timedelta(days=1)
        sold = _part(rights, sale.seller_id, eve) - _part(rights, sale.seller_id, sale.transfer_date)
        bought = _part(rights, sale.buyer_id, sale.transfer_date) - _part(rights, sale.buyer_id, eve)
        if sold <= 0 or bought <= 0:
            raise Invalid({"transfer_date": _("Le registre ne montre pas cette vente à cette date : enregistrez "
                                              "d'abord la vente du lot (le vendeur cède, l'acheteur reçoit).")})
        fund = await qf.working(conn, member.org_id, lot.building_id)
        if fund is None:
            raise Conflict(_("Ouvrez d'abord le fonds de roulement du bâtiment (son compte en banque)."), "fund_id")
        [balance] = [f.balance for f in await q.funds_on(conn, member.org_id, lot.building_id, sale.transfer_date)
                     if f.id == fund.id]
        amount = fund_share(balance, lot.quota, lot.total_quota, sold)
        settlement_id, entry_id, call = uuid4(), None, None
        if amount > 0:
            label = str(_("Fonds de roulement remboursé au vendeur — lot %(lot)s", lot=lot.number))
            entry = await post_entry(conn, member, lot.building_id, EntryDraft("APF", sale.transfer_date, label, (
                LineDraft(fund.account_code, debit=amount, label=label),
                LineDraft("owners", credit=amount, owner_id=sale.seller_id, unit_id=lot.id, label=label)),
                source=("sale_settlement", settlement_id)))
            entry_id = entry.id
            call = await _buyer_call(conn, member, lot, fund, sale, amount)
        try:
            async with conn.transaction():
                settlement = await q.insert_settlement(
                    conn, member.org_id, lot.building_id, lot.id, sale.transfer_date, sale.seller_id, sale.buyer_id,
                    amount, entry_id, call.id if call else None, member.user_id, settlement_id)
        except asyncpg.UniqueViolationError:
            raise Conflict(_("Cette vente est déjà réglée."), "transfer_date") from None
        except asyncpg.ForeignKeyViolationError:
            raise Invalid({"buyer_id": _("Propriétaire inconnu.")}) from None
        await record(conn, member, "settle_sale", "unit", lot.id, None, settlement)
    return SaleResult(settlement, lot, call)
