"""Reading the books and posting by hand: fiscal years, the chart with balances, the trial balance, the journal,
an account's ledger, a manual entry."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.accounting.posting import EntryDraft, LineDraft, PostedEntry, post_entry
from domain.errors import Invalid, NotFound
from domain.i18n import Msg, _
from domain.pagination import Page, PageRequest
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from queries.accounting import reports as q
from queries.register import buildings as qb

ZERO = Decimal("0.00")


async def _building(conn: asyncpg.Connection, actor: Actor, action: str, building_id: UUID) -> tuple[Member, qb.Building]:
    member = require(actor, action, building_id)
    return member, await get_building(conn, member, building_id)


async def fiscal_years(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.FiscalYear]:
    """The building's fiscal years, the latest first."""
    member, building = await _building(conn, actor, "ledger.read", building_id)
    return await q.years(conn, member.org_id, building.id)


async def pick_year(conn: asyncpg.Connection, member: Member, building_id: UUID,
                    raw: str | None) -> q.FiscalYear | None:
    """The fiscal year a query names (`year=2026`: the year starting in 2026, or covering its 31 December; or a
    fiscal year's id); by default the one covering today, else the latest. Invalid for a malformed value."""
    years = await q.years(conn, member.org_id, building_id)
    if raw is None or raw.strip() == "":
        today = date.today()
        return next((y for y in years if y.starts_on <= today <= y.ends_on), years[0] if years else None)
    f = Fields({"year": raw})
    if raw.strip().isdigit() and len(raw.strip()) == 4:
        n = int(raw)
        return next((y for y in years if y.starts_on.year == n), None) or next(
            (y for y in years if y.starts_on <= date(n, 12, 31) <= y.ends_on), None)
    year_id = f.uuid("year")
    if year_id is None:
        raise Invalid({"year": _("Une année (2026) ou l'identifiant d'un exercice.")})
    return next((y for y in years if y.id == year_id), None)


@dataclass(frozen=True)
class TrialBalance:
    building: qb.Building
    year: q.FiscalYear | None
    accounts: list[q.AccountBalance]
    debit: Decimal
    credit: Decimal

    @property
    def balanced(self) -> bool:
        """Whether the trial balance sums to zero (it always should: each entry does)."""
        return self.debit == self.credit


async def trial_balance(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                        args: Mapping[str, str]) -> TrialBalance:
    """The year's balance of accounts (balance des comptes): every account moved, with its totals."""
    member, building = await _building(conn, actor, "ledger.read", building_id)
    year = await pick_year(conn, member, building.id, args.get("year"))
    rows = await q.trial_balance(conn, member.org_id, building.id, year.id) if year else []
    general = [r for r in rows if r.control] + [r for r in rows if not r.control]
    debit = sum((r.debit for r in general), ZERO)
    credit = sum((r.credit for r in general), ZERO)
    return TrialBalance(building, year, rows, debit, credit)


async def chart(conn: asyncpg.Connection, actor: Actor, building_id: UUID,
                args: Mapping[str, str]) -> tuple[q.FiscalYear | None, list[q.AccountBalance]]:
    """The building's accounts (chart accounts used, sub-accounts) with their totals for a year (all by default)."""
    member, building = await _building(conn, actor, "ledger.read", building_id)
    year = await pick_year(conn, member, building.id, args["year"]) if args.get("year") else None
    if args.get("year") and year is None:
        raise NotFound("fiscal_year", args.get("year"))
    return year, await q.accounts(conn, member.org_id, building.id, year.id if year else None)


@dataclass(frozen=True)
class JournalEntry:
    id: UUID
    journal: str
    number: int
    entry_date: date
    label: str
    document_ref: str | None
    source_kind: str
    reverses_id: UUID | None
    lines: list[q.JournalLine]


def _entries(lines: list[q.JournalLine]) -> list[JournalEntry]:
    """Lines grouped back into their entries, in order."""
    out: list[JournalEntry] = []
    for line in lines:
        if not out or out[-1].id != line.entry_id:
            out.append(JournalEntry(line.entry_id, line.journal, line.number, line.entry_date, line.label,
                                    line.document_ref, line.source_kind, line.reverses_id, []))
        out[-1].lines.append(line)
    return out


async def journal_entries(conn: asyncpg.Connection, actor: Actor, building_id: UUID, args: Mapping[str, str],
                          page: PageRequest) -> Page[JournalEntry]:
    """The building's entries, filtered by journal, period and account (code prefix), a page at a time."""
    member, building = await _building(conn, actor, "ledger.read", building_id)
    f = Fields({k: args.get(k) for k in ("journal", "from", "to", "account")})
    journal = f.text("journal", max_len=6)
    start, end = f.date("from") or date(1900, 1, 1), f.date("to") or date(9999, 12, 31)
    account = f.text("account", max_len=8)
    if account is not None and not account.isdigit():
        f.error("account", _("Un numéro de compte (chiffres)."))
    f.done()
    ids, total = await q.entry_page(conn, member.org_id, building.id, journal and journal.upper(), start, end,
                                    account, page.per_page, page.offset)
    return Page(_entries(await q.lines_of(conn, member.org_id, ids)) if ids else [], page, total)


async def account_ledger(conn: asyncpg.Connection, actor: Actor, building_id: UUID, code: str,
                         args: Mapping[str, str]) -> tuple[qb.Building, list[q.JournalLine]]:
    """The general ledger of one account over a period (default: the current fiscal year)."""
    member, building = await _building(conn, actor, "ledger.read", building_id)
    year = await pick_year(conn, member, building.id, args.get("year"))
    start, end = (year.starts_on, year.ends_on) if year else (date(1900, 1, 1), date(9999, 12, 31))
    return building, await q.account_lines(conn, member.org_id, building.id, code, start, end)


def _parse_lines(raw: Any, errors: dict[str, Msg], fewest: int = 2) -> tuple[LineDraft, ...]:
    """A manual entry's lines: account, debit or credit, optional owner and label."""
    if not isinstance(raw, list) or not fewest <= len(raw) <= 200:
        errors["lines"] = _("Entre %(fewest)s et 200 lignes.", fewest=fewest)
        return ()
    out = []
    for i, item in enumerate(raw, start=1):
        f = Fields(item if isinstance(item, Mapping) else {}, allowed={"account", "debit", "credit", "owner_id",
                                                                        "label"})
        account = f.text("account", required=True, max_len=30)
        debit = f.decimal("debit", min=Decimal(0), max=Decimal("1e11")) or ZERO
        credit = f.decimal("credit", min=Decimal(0), max=Decimal("1e11")) or ZERO
        owner = f.uuid("owner_id")
        label = f.text("label", max_len=500)
        if not isinstance(item, Mapping):
            errors[f"lines[{i}]"] = _("Une ligne est un objet.")
        for name, message in f.errors.items():
            errors[f"lines[{i}].{name}"] = message
        out.append(LineDraft(account or "", debit, credit, owner_id=owner, label=label))
    return tuple(out)


@dataclass(frozen=True)
class ManualEntry:
    entry_date: date
    label: str
    document_ref: str | None
    lines: tuple[LineDraft, ...]
    draft: bool


def parse_manual(data: Any, fewest: int = 2) -> ManualEntry:
    """A manual entry as entered (`draft: true` asks to save it as a draft); Invalid with every bad field."""
    f = Fields(data if isinstance(data, Mapping) else {},
               allowed={"entry_date", "label", "document_ref", "lines", "draft"})
    day = f.date("entry_date", required=True)
    label = f.text("label", required=True, max_len=500)
    ref = f.text("document_ref", max_len=100)
    draft = f.boolean("draft")
    errors: dict[str, Msg] = dict(f.errors)
    lines = _parse_lines(data.get("lines") if isinstance(data, Mapping) else None, errors, fewest)
    if errors:
        raise Invalid(errors)
    return ManualEntry(given(day), given(label), ref, lines, draft)


async def post_manual_entry(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> PostedEntry:
    """The accountant or the syndic posts a miscellaneous entry by hand (422 naming the lines if unbalanced)."""
    member, building = await _building(conn, actor, "entry.post", building_id)
    entry = parse_manual(data)
    async with conn.transaction():
        posted = await post_entry(conn, member, building.id, EntryDraft("OD", entry.entry_date, entry.label,
                                                                        entry.lines, entry.document_ref))
        await record(conn, member, "post", "journal_entry", posted.id, None,
                     {"journal": "OD", "number": posted.number, "label": posted.label})
    return posted
