"""Works: a job in a building (from a ticket or not) and its chain — quotes, the accepted one, the order (refused
above the AG's threshold until enough quotes are in), the contractor's work report, the invoice, and the expense
it becomes through the charges' own use case (domain/charges/expenses.py, a draft the syndic approves)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.charges.expense_input import CATEGORIES
from domain.charges.expenses import create_expense
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.maintenance.quotes import locked_work, verdict
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.rules import competition
from queries.maintenance import tickets as qt
from queries.maintenance import works as q
from queries.maintenance.works import Quote, Threshold, Work

__all__ = ["Work", "WorkDetail"]
WORK_CATEGORIES = ("repairs", "maintenance", "works", "lift", "cleaning", "other")


@dataclass(frozen=True)
class WorkDetail:
    work: Work
    quotes: list[Quote]
    threshold: Threshold | None
    verdict: competition.Verdict | None


async def list_works(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None = None) -> list[Work]:
    """The jobs of the buildings the actor reaches."""
    member = require(actor, "quote.read", building_id)
    return await q.list_works(conn, member.org_id, member.building_ids, building_id)


async def get_work(conn: asyncpg.Connection, actor: Actor, work_id: UUID) -> Work:
    """One job the actor reaches."""
    member = require(actor, "quote.read")
    found = await q.get_work(conn, member.org_id, work_id, member.building_ids)
    if found is None:
        raise NotFound("work", work_id)
    return found


async def work_detail(conn: asyncpg.Connection, actor: Actor, work_id: UUID) -> WorkDetail:
    """A job, its quotes side by side, the AG's threshold and whether the order may be placed."""
    work = await get_work(conn, actor, work_id)
    quotes = await q.quotes_of(conn, work.organization_id, work.id)
    threshold = await q.threshold(conn, work.organization_id, work.building_id)
    return WorkDetail(work, quotes, threshold, verdict(work, threshold, quotes))


async def create_work(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> Work:
    """Open a job in a building (to ask quotes for), from a ticket of that building when given."""
    member = require(actor, "quote.manage", building_id)
    await get_building(conn, member, building_id)
    f = Fields(data, allowed={"title", "description", "category", "ticket_id"})
    title = f.text("title", required=True)
    description = f.text("description", max_len=4000, multiline=True)
    category = f.choice("category", WORK_CATEGORIES) or "repairs"
    ticket_id = f.uuid("ticket_id")
    f.done()
    if ticket_id is not None:
        ticket = await qt.get(conn, member.org_id, ticket_id)
        if ticket is None or ticket.building_id != building_id:
            raise Invalid({"ticket_id": _("Ticket inconnu dans ce bâtiment.")})
    async with conn.transaction():
        new_id = await q.insert_work(conn, member.org_id, building_id, ticket_id, given(title), description, category)
        work = await get_work(conn, member, new_id)
        await record(conn, member, "create", "work", new_id, None, work)
    return work


async def place_order(conn: asyncpg.Connection, actor: Actor, work_id: UUID, data: Any) -> Work:
    """Order the accepted quote: refused (Conflict, the rule shown) above the AG's competition threshold while
    fewer quotes than it requires have come in."""
    member = require(actor, "quote.manage")
    f = Fields(data, allowed={"ordered_on", "order_reference"})
    day, reference = f.date("ordered_on"), f.text("order_reference", max_len=100)
    f.done()
    async with conn.transaction():
        work = await locked_work(conn, member, work_id)
        if work.status != "quoting":
            raise Conflict(_("La commande est déjà passée pour ce travail."))
        quotes = await q.quotes_of(conn, member.org_id, work_id)
        judged = verdict(work, await q.threshold(conn, member.org_id, work.building_id), quotes)
        if judged is None:
            raise Conflict(_("Acceptez d'abord un devis."))
        if not judged.allowed:
            raise Conflict(_("%(reason)s %(law)s", reason=judged.reason, law=judged.law or ""), details={
                "rule": "competition", "jurisdiction": work.jurisdiction,
                "amount": f"{judged.amount:.2f}", "threshold": f"{judged.threshold:.2f}",
                "quotes_in": judged.quotes_in, "quotes_required": judged.quotes_required})
        await q.set_order(conn, member.org_id, work_id, day or date.today(), reference)
        after = await get_work(conn, member, work_id)
        await record(conn, member, "order", "work", work_id, work, after)
    return after


async def report_work(conn: asyncpg.Connection, actor: Actor, work_id: UUID, data: Any) -> Work:
    """The contractor's work report: what was done, and when."""
    member = require(actor, "quote.manage")
    f = Fields(data, allowed={"work_report", "work_done_on"})
    report, done_on = f.text("work_report", required=True, max_len=4000, multiline=True), f.date("work_done_on")
    f.done()
    async with conn.transaction():
        work = await locked_work(conn, member, work_id)
        if work.status != "ordered":
            raise Conflict(_("Le rapport de travaux suit la commande."))
        await q.set_report(conn, member.org_id, work_id, given(report), done_on or date.today())
        after = await get_work(conn, member, work_id)
        await record(conn, member, "report", "work", work_id, work, after)
    return after


async def record_invoice(conn: asyncpg.Connection, actor: Actor, work_id: UUID, data: Any) -> Work:
    """The contractor's invoice for reported work (its amount excluding VAT when it differs from the quote)."""
    member = require(actor, "quote.manage")
    f = Fields(data, allowed={"invoice_number", "invoice_date", "amount_excl_vat"})
    number, day = f.text("invoice_number", required=True, max_len=60), f.date("invoice_date", required=True)
    excl = f.decimal("amount_excl_vat", min=Decimal("0.01"), max=Decimal("1e11"))
    f.done()
    async with conn.transaction():
        work = await locked_work(conn, member, work_id)
        if work.status != "reported":
            raise Conflict(_("La facture suit le rapport de travaux."))
        await q.set_invoice(conn, member.org_id, work_id, given(number), given(day), excl)
        after = await get_work(conn, member, work_id)
        await record(conn, member, "invoice", "work", work_id, work, after)
    return after


async def make_expense(conn: asyncpg.Connection, actor: Actor, work_id: UUID) -> Work:
    """The invoiced job becomes a draft expense of its building, from the accepted quote (supplier, rate, amount
    — the invoice's when it differs), through the charges' use case."""
    member = require(actor, "quote.manage")
    async with conn.transaction():
        work = await locked_work(conn, member, work_id)
        if work.status != "invoiced":
            raise Conflict(_("La dépense se crée depuis la facture enregistrée."))
        quote = await q.get_quote(conn, member.org_id, work.accepted_quote_id) if work.accepted_quote_id else None
        if quote is None or quote.amount_excl_vat is None or quote.vat_rate is None:
            raise Conflict(_("Acceptez d'abord un devis."))
        expense = await create_expense(conn, member, {
            "category_code": work.category if work.category in CATEGORIES else "repairs",
            "description": work.title, "supplier": quote.contractor_name[:200],
            "invoice_number": work.invoice_number,
            "amount_excl_vat": str(work.invoice_excl_vat or quote.amount_excl_vat),
            "vat_rate": str(quote.vat_rate), "invoice_date": work.invoice_date.isoformat()
            if work.invoice_date else None}, work.building_id)
        await q.set_expense(conn, member.org_id, work_id, expense.id)
        after = await get_work(conn, member, work_id)
        await record(conn, member, "expense", "work", work_id, work, after)
    return after
