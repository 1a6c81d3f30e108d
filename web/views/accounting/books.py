"""The books as pages: a building's trial balance, its journal, an account's ledger, the fiscal years with the
closing checklist (and the close), the exports' links."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.accounting import accruals, closing, suppliers
from domain.accounting import books as svc
from domain.accounting.annual import annual_pack
from domain.errors import Conflict, Invalid
from domain.pagination import PageRequest
from web import db
from web.auth import current_actor
from web.documents import pdf_response
from web.documents.accounting import annual_pdf
from web.htmx import page, see_other

bp = Blueprint("accounting_books", __name__)


@bp.get("/buildings/<uuid:building_id>/books")
async def trial_balance(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    tb = await svc.trial_balance(conn, actor, building_id, request.args)
    years = await svc.fiscal_years(conn, actor, building_id)
    return await page("accounting/trial_balance.html", None, tb=tb, years=years, building=tb.building)


@bp.get("/buildings/<uuid:building_id>/books/journal")
async def journal(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await svc.journal_entries(conn, actor, building_id, request.args, PageRequest.lenient(request.args))
    tb = await svc.trial_balance(conn, actor, building_id, {})
    return await page("accounting/journal.html", None, found=found, building=tb.building, form=dict(request.args))


@bp.get("/buildings/<uuid:building_id>/books/accounts/<code>")
async def account(building_id: UUID, code: str) -> ResponseReturnValue:
    building, lines = await svc.account_ledger(await db.conn(), current_actor(), building_id, code, request.args)
    return await page("accounting/account.html", None, building=building, code=code, lines=lines)


@bp.get("/fiscal-years/<uuid:year_id>")
async def year(year_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await closing.checklist(conn, actor, year_id)
    tb = await svc.trial_balance(conn, actor, found.year.building_id, {"year": str(found.year.id)})
    return await page("accounting/year.html", None, checklist=found, building=tb.building,
                      closed=request.args.get("closed") == "1", refusal=None, form={}, errors={},
                      accrued=request.args.get("accrued") == "1")


@bp.post("/fiscal-years/<uuid:year_id>/close")
async def close(year_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    try:
        await closing.close_year(conn, actor, year_id)
    except Conflict as e:
        found = await closing.checklist(conn, actor, year_id)
        tb = await svc.trial_balance(conn, actor, found.year.building_id, {"year": str(found.year.id)})
        return await page("accounting/year.html", None, 409, checklist=found, building=tb.building, closed=False,
                          refusal=e.reason, form={}, errors={}, accrued=False)
    return see_other(f"/fiscal-years/{year_id}?closed=1")


@bp.post("/fiscal-years/<uuid:year_id>/accruals")
async def accrue(year_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = {k: v for k, v in (await request.form).items() if k != "csrf_token"}
    try:
        await accruals.accrue_invoice(conn, actor, year_id, form)
    except (Invalid, Conflict) as e:
        found = await closing.checklist(conn, actor, year_id)
        tb = await svc.trial_balance(conn, actor, found.year.building_id, {"year": str(found.year.id)})
        errors, status = (e.errors, 422) if isinstance(e, Invalid) else ({}, 409)
        return await page("accounting/year.html", None, status, checklist=found, building=tb.building, closed=False,
                          refusal=getattr(e, "reason", None), form=form, errors=errors, accrued=False)
    return see_other(f"/fiscal-years/{year_id}?accrued=1#accrual")


async def _annual_page(building_id: UUID, part: str) -> ResponseReturnValue:
    pack = await annual_pack(await db.conn(), current_actor(), building_id, request.args)
    return await page("accounting/annual.html", None, p=pack, part=part, building=pack.tb.building)


@bp.get("/buildings/<uuid:building_id>/books/annual")
async def annual_page(building_id: UUID) -> ResponseReturnValue:
    return await _annual_page(building_id, "all")


@bp.get("/buildings/<uuid:building_id>/books/balance-sheet")
async def balance_sheet(building_id: UUID) -> ResponseReturnValue:
    return await _annual_page(building_id, "balance_sheet")


@bp.get("/buildings/<uuid:building_id>/books/income-statement")
async def income_statement(building_id: UUID) -> ResponseReturnValue:
    return await _annual_page(building_id, "income_statement")


@bp.get("/buildings/<uuid:building_id>/books/annual.pdf")
async def annual(building_id: UUID) -> ResponseReturnValue:
    pack = await annual_pack(await db.conn(), current_actor(), building_id, request.args)
    name = f"comptes-annuels-{pack.tb.year.starts_on.isoformat() if pack.tb.year else ''}.pdf"
    return pdf_response(await annual_pdf(pack), name, inline=True)


@bp.get("/buildings/<uuid:building_id>/books/suppliers")
async def supplier_accounts(building_id: UUID) -> ResponseReturnValue:
    building, year, rows = await suppliers.supplier_accounts(await db.conn(), current_actor(), building_id,
                                                             request.args)
    return await page("accounting/suppliers.html", None, building=building, year=year, accounts=rows)


@bp.get("/buildings/<uuid:building_id>/books/suppliers/<uuid:account_id>")
async def supplier_ledger(building_id: UUID, account_id: UUID) -> ResponseReturnValue:
    ledger = await suppliers.supplier_ledger(await db.conn(), current_actor(), building_id, account_id,
                                             request.args)
    return await page("accounting/supplier.html", None, ledger=ledger)
