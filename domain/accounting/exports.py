"""The books as files: the journal and the trial balance in CSV and XLSX, the FEC for French accountants."""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg
from openpyxl import Workbook

from domain.access import Actor, require
from domain.accounting.books import pick_year, trial_balance
from domain.accounting.posting import JOURNALS
from domain.errors import NotFound
from domain.register.buildings import get_building
from domain.rules.fec import FecLine, fec_text, file_name
from queries.accounting import reports as q

JOURNAL_HEADER = ("journal", "number", "date", "label", "document", "line", "account", "account_label",
                  "sub_account", "debit", "credit", "vat")
TRIAL_HEADER = ("account", "sub_account", "label", "debit", "credit", "balance")


@dataclass(frozen=True)
class Export:
    file_name: str
    content_type: str
    body: bytes


def _sub(line_party: str, code: str) -> str:
    """An owner's or supplier's sub-account number: the control account and a short, stable suffix."""
    if not line_party:
        return ""
    suffix = "".join(ch for ch in line_party[2:] if ch.isalnum())[:8].upper()
    return f"{code}{line_party[0].upper()}{suffix}"


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # a BOM: spreadsheets then read it as UTF-8


def _xlsx(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def _year_lines(conn: asyncpg.Connection, actor: Actor, building_id: UUID, args: Mapping[str, str],
                      action: str = "books.export") -> tuple[Any, q.FiscalYear, list[q.JournalLine]]:
    member = require(actor, action, building_id)
    building = await get_building(conn, member, building_id)
    year = await pick_year(conn, member, building.id, args.get("year"))
    if year is None:
        raise NotFound("fiscal_year", args.get("year"))
    return building, year, await q.year_lines(conn, member.org_id, building.id, year.id)


def _journal_rows(lines: list[q.JournalLine]) -> list[tuple[Any, ...]]:
    return [(x.journal, x.number, x.entry_date.isoformat(), x.label, x.document_ref or "", x.line_no, x.code,
             x.account_label, _sub(x.party, x.code), f"{x.debit:.2f}", f"{x.credit:.2f}",
             f"{x.vat_amount:.2f}" if x.vat_amount is not None else "") for x in lines]


async def journal(conn: asyncpg.Connection, actor: Actor, building_id: UUID, args: Mapping[str, str],
                  fmt: str) -> Export:
    """The year's journal, every line of every entry, as CSV (`;`, UTF-8) or XLSX."""
    building, year, lines = await _year_lines(conn, actor, building_id, args)
    name = f"journal-{year.starts_on.isoformat()}"
    rows = _journal_rows(lines)
    if fmt == "xlsx":
        return Export(f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      _xlsx("Journal", JOURNAL_HEADER, rows))
    return Export(f"{name}.csv", "text/csv; charset=utf-8", _csv(JOURNAL_HEADER, rows))


async def trial_balance_file(conn: asyncpg.Connection, actor: Actor, building_id: UUID, args: Mapping[str, str],
                             fmt: str) -> Export:
    """The year's trial balance as CSV or XLSX."""
    require(actor, "books.export", building_id)
    tb = await trial_balance(conn, actor, building_id, args)
    if tb.year is None:
        raise NotFound("fiscal_year", args.get("year"))
    rows = [(r.code, _sub(r.party, r.code), r.label, f"{r.debit:.2f}", f"{r.credit:.2f}", f"{r.balance:.2f}")
            for r in tb.accounts]
    name = f"balance-{tb.year.starts_on.isoformat()}"
    if fmt == "xlsx":
        return Export(f"{name}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      _xlsx("Balance", TRIAL_HEADER, rows))
    return Export(f"{name}.csv", "text/csv; charset=utf-8", _csv(TRIAL_HEADER, rows))


async def fec(conn: asyncpg.Connection, actor: Actor, building_id: UUID, args: Mapping[str, str]) -> Export:
    """The year's FEC: tab-separated, one header line, `<SIREN>FEC<year end>.txt`."""
    building, year, lines = await _year_lines(conn, actor, building_id, args)
    validated = year.closed_at.date() if year.closed_at else date.today()
    fec_lines = [FecLine(x.journal, JOURNALS.get(x.journal, ("", x.journal, None))[1], x.number, x.entry_date,
                         x.code, x.account_label if not x.party else x.code, _sub(x.party, x.code),
                         x.account_label if x.party else "", x.document_ref or "", x.label, x.debit, x.credit,
                         validated) for x in lines]
    identifier = getattr(building, "association_number", None) or str(building.id)
    return Export(file_name(identifier, year.ends_on), "text/tab-separated-values; charset=utf-8",
                  fec_text(fec_lines).encode("utf-8"))
