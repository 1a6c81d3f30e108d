"""Expenses: list with filters, read, record a draft (or a correcting entry), edit a draft, attach the invoice."""
from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.charges.expense_input import STATUSES, ExpenseInput, codes_for, merge_update
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.pagination import Page, PageRequest
from domain.parse import Fields, FormInput
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.storage import Storage, Upload
from queries.charges import allocations
from queries.charges import expenses as q
from queries.charges import keys as qk
from queries.charges.expenses import Expense

_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class ExpenseFilter:
    building_id: UUID | None = None
    status: str | None = None
    categories: list[str] | None = None
    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, args: Mapping[str, str], building_id: UUID | None = None) -> ExpenseFilter:
        """building, status, category, and period (YYYY or YYYY-MM) or from / to, from a query string."""
        f = Fields({k: args.get(k) for k in ("building", "building_id", "status", "from", "to")})
        building = building_id or f.uuid("building") or f.uuid("building_id")
        status = f.choice("status", STATUSES)
        start, end = f.date("from"), f.date("to")
        categories = None
        if args.get("category"):
            categories = codes_for(args["category"])
            if categories is None:
                f.error("category", _("Valeur non reconnue."))
        if args.get("period"):
            start, end = _period(f, args["period"].strip())
        f.done()
        return cls(building, status, categories, start, end)


def _period(f: Fields, text: str) -> tuple[date | None, date | None]:
    """A year or a month as its first and last days."""
    match = _PERIOD.match(text)
    month = int(match.group(2)) if match and match.group(2) else None
    if not match or not 1900 <= int(match.group(1)) <= 2200 or (month is not None and not 1 <= month <= 12):
        f.error("period", _("Période attendue : AAAA ou AAAA-MM."))
        return None, None
    year = int(match.group(1))
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


async def list_expenses(conn: asyncpg.Connection, actor: Actor, flt: ExpenseFilter,
                        page: PageRequest) -> Page[q.Expense]:
    """One page of the organisation's expenses, latest first."""
    member = require(actor, "expense.read")
    if flt.building_id:
        await get_building(conn, member, flt.building_id)
    rows, total = await q.list_page(conn, member.org_id, flt.building_id, flt.status, flt.categories,
                                    flt.start, flt.end, page.per_page, page.offset, member.building_ids)
    return Page(rows, page, total)


async def get_expense(conn: asyncpg.Connection, actor: Actor, expense_id: UUID) -> q.Expense:
    """One expense of the organisation."""
    member = require(actor, "expense.read")
    expense = await q.get(conn, member.org_id, expense_id)
    if expense is None or not member.reaches(expense.building_id):
        raise NotFound("expense", expense_id)
    return expense


FIELD_NAMES = q.FIELD_NAMES  # an expense's fields, in order (the API shows them all but the file's key)
__all__ = ["FIELD_NAMES", "Expense", "ExpenseDetail", "ExpenseFilter"]


@dataclass(frozen=True)
class ExpenseDetail:
    """An expense with its stored allocation: each lot's part and each owner's line."""
    expense: Expense
    lots: list[allocations.LotShare]
    lines: list[allocations.ChargeLine]


async def expense_detail(conn: asyncpg.Connection, actor: Actor, expense_id: UUID) -> ExpenseDetail:
    """One expense and how it was shared."""
    expense = await get_expense(conn, actor, expense_id)
    org = expense.organization_id
    return ExpenseDetail(expense, await allocations.lot_shares(conn, org, expense.id),
                         await allocations.lines_of_expense(conn, org, expense.id))


async def _parse_for_building(conn: asyncpg.Connection, actor: Member, data: Any, building_id: UUID | None,
                              correction: bool = False) -> tuple[Any, ExpenseInput]:
    """The building (from the route or the body) and the checked input, every error at once."""
    errors: dict[str, Any] = {}
    if building_id is None:
        peek = Fields({"building_id": data.get("building_id") if isinstance(data, Mapping) else None})
        building_id = peek.uuid("building_id", required=True)
        errors.update(peek.errors)
    building = None
    if building_id is not None:
        try:
            building = await get_building(conn, actor, building_id)
        except NotFound:
            errors["building_id"] = _("Bâtiment inconnu.")
    try:
        values = ExpenseInput.parse(data, building.jurisdiction if building else None, correction)
    except Invalid as e:
        raise Invalid({**e.errors, **errors}) from None
    if errors:
        raise Invalid(errors)
    await _check_key(conn, actor, building, values)
    return building, values


async def check_expense(conn: asyncpg.Connection, actor: Actor, data: Any, building_id: UUID) -> None:
    """Validate an expense for a building without writing it (to report every error of a form at once)."""
    member = require(actor, "expense.draft")
    await _parse_for_building(conn, member, data, building_id)


async def _check_key(conn: asyncpg.Connection, member: Member, building: Any, values: ExpenseInput) -> None:
    """The sharing key must be one of the building's."""
    if values.sharing_key_id is None:
        return
    key = await qk.get(conn, member.org_id, values.sharing_key_id)
    if key is None or key.building_id != building.id:
        raise Invalid({"sharing_key_id": _("Clé de répartition inconnue pour ce bâtiment.")})


async def create_expense(conn: asyncpg.Connection, actor: Actor, data: Any, building_id: UUID | None = None,
                         storage: Storage | None = None, upload: Upload | None = None,
                         corrects: q.Expense | None = None) -> q.Expense:
    """Record a draft expense (the syndic or the accountant), with its invoice file when given."""
    member = require(actor, "expense.draft")
    building, values = await _parse_for_building(conn, member, data, building_id, corrects is not None)
    row = {**asdict(values), "building_id": building.id, "corrects_id": corrects.id if corrects else None}
    if upload is None or storage is None:  # the row, its audit entry and its names in one statement
        return await q.create(conn, member.org_id, member.user_id, member.role, row)
    async with conn.transaction():
        expense_id = await q.insert(conn, member.org_id, member.user_id, row)
        await _store(conn, member, storage, expense_id, upload)
        expense = await _read(conn, member, expense_id)
        await record(conn, member, "create", "expense", expense_id, None, expense)
    return expense


async def _read(conn: asyncpg.Connection, member: Member, expense_id: UUID) -> q.Expense:
    """An expense just written in this transaction."""
    expense = await q.get(conn, member.org_id, expense_id)
    if expense is None:
        raise NotFound("expense", expense_id)
    return expense


async def correct_expense(conn: asyncpg.Connection, actor: Actor, expense_id: UUID, data: Any) -> q.Expense:
    """A correcting entry (draft, possibly negative) for an approved or paid expense, never a rewrite."""
    require(actor, "expense.draft")
    original = await get_expense(conn, actor, expense_id)
    if original.status not in ("approved", "paid"):
        raise Conflict(_("Seule une dépense approuvée se corrige par une écriture ; un brouillon se modifie."))
    if not isinstance(data, Mapping) or not ({"amount", "amount_excl_vat"} & set(data)):
        raise Invalid({"amount_excl_vat": _("Indiquez le montant de la correction (négatif pour réduire).")})
    merged = merge_update(original, {"description": _("Correction : %(d)s", d=original.description)[:500],
                                      **dict(data)})
    return await create_expense(conn, actor, merged, original.building_id, corrects=original)


async def update_expense(conn: asyncpg.Connection, actor: Actor, expense_id: UUID, data: Any) -> q.Expense:
    """Change a draft (a form replaces every field; JSON may send only what changes)."""
    member = require(actor, "expense.draft")
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, expense_id)
        if before is None or not member.reaches(before.building_id):
            raise NotFound("expense", expense_id)
        if before.status != "draft":
            raise Conflict(_("Seul un brouillon se modifie : corrigez une dépense approuvée par une écriture."))
        payload = data if isinstance(data, FormInput) else merge_update(before, data)
        if str(payload.get("building_id") or before.building_id) != str(before.building_id):
            raise Invalid({"building_id": _("Une dépense ne change pas de bâtiment.")})
        _building, values = await _parse_for_building(conn, member, payload, before.building_id,
                                                      before.corrects_id is not None)
        await q.update_draft(conn, member.org_id, expense_id, asdict(values))
        after = await _read(conn, member, expense_id)
        await record(conn, member, "update", "expense", expense_id, before, after)
    return after


async def attach_invoice(conn: asyncpg.Connection, actor: Actor, storage: Storage, expense_id: UUID,
                         upload: Upload) -> q.Expense:
    """Attach (or replace) the invoice file of an expense that is not cancelled."""
    member = require(actor, "expense.draft")
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, expense_id)
        if before is None or not member.reaches(before.building_id):
            raise NotFound("expense", expense_id)
        if before.status == "cancelled":
            raise Conflict(_("Cette dépense est annulée."))
        await _store(conn, member, storage, expense_id, upload)
        after = await _read(conn, member, expense_id)
        await record(conn, member, "attach_invoice", "expense", expense_id, before, after)
    if before.file_key:
        await storage.delete(before.file_key)
    return after


async def _store(conn: asyncpg.Connection, member: Member, storage: Storage, expense_id: UUID,
                 upload: Upload) -> None:
    """Write the file, then point the expense at it (the file is removed again if the row update fails)."""
    key = upload.new_key(member.org_id)
    await storage.put(key, upload.data)
    try:
        await q.set_file(conn, member.org_id, expense_id, key, upload.name, upload.content_type, len(upload.data))
    except Exception:
        await storage.delete(key)
        raise


async def invoice_file(conn: asyncpg.Connection, actor: Actor, storage: Storage,
                       expense_id: UUID) -> tuple[str, str, bytes]:
    """The invoice file of an expense: (name, content type, bytes)."""
    expense = await get_expense(conn, actor, expense_id)
    data = await storage.get(expense.file_key) if expense.file_key else None
    if data is None:
        raise NotFound("invoice_file", expense_id)
    return expense.file_name or "facture", expense.file_type or "application/octet-stream", data
