"""What a handover (and a person's export) carries, as an explicit list of exporters, one per area.

An exporter names its area, the tables it writes (queries/handover/tables.py: each as `data/<table>.json` and
`data/<table>.csv`) and, if its rows point at stored files, a function that adds them to the archive. The import
restores the tables in the order of this list, so an area's exporter comes after the areas it points at.

A later area adds its own, here, in order:

    ACCOUNTING = Exporter("accounting", (tables.FISCAL_YEARS, tables.JOURNAL_ENTRIES, tables.JOURNAL_LINES))
    EXPORTERS = (REGISTER, CHARGES, MEETINGS, DOCUMENTS, ACCOUNTING)

and its files, if any, through `files(archive, rows)` writing `archive.add_file(path, data)` (see `_invoices`)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from domain.storage import EXTENSIONS, Storage
from queries.handover import tables as t


class Archive:
    """What goes into the ZIP, in memory until written: entity files and stored files, each with its SHA-256."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.entries: dict[str, bytes] = {}
        self.rows: dict[str, list[dict[str, Any]]] = {}

    def add_file(self, path: str, data: bytes) -> None:
        """A file at `path` in the archive (paths are ours: data/…, files/…)."""
        self.entries[path] = data

    def add_table(self, name: str, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        """A table as JSON (exact: numbers as the database wrote them) and CSV (a spreadsheet's view)."""
        self.rows[name] = rows
        self.add_file(f"data/{name}.json", dumps(rows))
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        self.add_file(f"data/{name}.csv", out.getvalue().encode("utf-8-sig"))

    def hashes(self) -> dict[str, str]:
        """Every entry's SHA-256."""
        return {path: hashlib.sha256(data).hexdigest() for path, data in sorted(self.entries.items())}


def dumps(value: Any) -> bytes:
    """JSON as the archive writes it: UTF-8, indented, decimals as exact strings."""
    return json.dumps(value, ensure_ascii=False, indent=1, default=str).encode()


def loads(data: bytes) -> Any:
    """JSON as the archive reads it: decimals exact."""
    return json.loads(data, parse_float=Decimal)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def extension_of(key: str | None) -> str:
    """A stored file's extension (from our own generated key)."""
    ext = (key or "").rsplit(".", 1)[-1]
    return ext if ext in EXTENSIONS else "bin"


async def _invoices(archive: Archive) -> None:
    """Each expense's invoice as files/invoices/<expense id>.<ext>."""
    for row in archive.rows.get("expenses", []):
        if row.get("file_key"):
            data = await archive.storage.get(row["file_key"])
            if data is not None:
                archive.add_file(f"files/invoices/{row['id']}.{extension_of(row['file_key'])}", data)


async def _document_files(archive: Archive) -> None:
    """Every version of every document as files/documents/<document id>/<version>.<ext>."""
    for row in archive.rows.get("document_versions", []):
        data = await archive.storage.get(row["storage_key"])
        if data is not None:
            archive.add_file(version_path(row), data)


def version_path(row: dict[str, Any]) -> str:
    """Where a document version's file sits in the archive."""
    return f"files/documents/{row['document_id']}/{row['version']}.{extension_of(row['storage_key'])}"


def invoice_path(row: dict[str, Any]) -> str:
    """Where an expense's invoice sits in the archive."""
    return f"files/invoices/{row['id']}.{extension_of(row['file_key'])}"


@dataclass(frozen=True)
class Exporter:
    """An area's part of the handover: its tables (in an order the import can insert them) and its files."""
    area: str
    tables: tuple[t.TableSpec, ...]
    files: Callable[[Archive], Awaitable[None]] | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


REGISTER = Exporter("register", (t.BUILDINGS, t.UNITS, t.OWNERS, t.UNIT_OWNERS))
CHARGES = Exporter("charges", (t.SHARING_KEYS, t.KEY_WEIGHTS, t.EXPENSES, t.LOT_SHARES, t.CHARGE_LINES, t.PAYMENTS,
                               t.OPENING_BALANCES), _invoices)
MEETINGS = Exporter("meetings", (t.MEETINGS, t.AGENDA_ITEMS, t.AGENDA_REQUESTS, t.ATTENDANCE, t.MOVEMENTS, t.VOTES,
                                 t.REACHED_OTHERWISE))
DOCUMENTS = Exporter("documents", (t.DOCUMENTS, t.VERSIONS), _document_files)
DESK = Exporter("desk", (t.ASSEMBLY_WINDOWS,))  # the bylaws' period of the ordinary assembly
# the AG's decisions a new syndic carries on: the register of decisions and the competition threshold (tickets,
# works and contractors are the outgoing firm's own dealings; the register's proofs point at them, so stay behind)
BOARD = Exporter("board", (t.DECISIONS, t.THRESHOLDS))
# the books as kept: every entry with its number, manual entries, drafts and closings included
BOOKS = Exporter("books", (t.FISCAL_YEARS, t.LEDGER_ACCOUNTS, t.JOURNALS, t.JOURNAL_SEQUENCES, t.JOURNAL_ENTRIES,
                           t.ENTRY_LINES, t.ENTRY_DRAFTS))
CALLS = Exporter("calls", (t.FUNDS, t.PAYMENT_REFERENCES, t.BUDGETS, t.BUDGET_LINES, t.CALLS, t.CALL_SHARES,
                          t.SETTLEMENTS, t.SETTLEMENT_LINES, t.SALE_SETTLEMENTS, t.RESERVE_RULES))
BANK = Exporter("bank", (t.BANK_STATEMENTS, t.BANK_MOVEMENTS))
COLLECTION = Exporter("collection", (t.REMINDER_STEPS, t.INTEREST_SETTINGS, t.REMINDERS, t.REMINDER_ITEMS,
                                     t.INTEREST_CHARGES, t.HOLDS, t.HOLD_INSTALMENTS, t.DUE_OVERRIDES))
EXPORTERS: tuple[Exporter, ...] = (REGISTER, CHARGES, MEETINGS, DOCUMENTS, DESK, BOARD, BOOKS, CALLS, BANK, COLLECTION)
