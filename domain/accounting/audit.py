"""The auditor's file (commissaire aux comptes / vérificateur aux comptes): one ZIP of the year with its journal,
its trial balance, the general ledger account by account, the FEC (French buildings), the annual accounts' PDF and
the list of supporting documents, each entry with its document reference."""
from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor
from domain.accounting import exports
from domain.accounting.exports import Export, _csv, _journal_rows, _sub, _year_lines
from queries.accounting import reports as q

LEDGER_HEADER = ("account", "sub_account", "account_label", "date", "journal", "number", "label", "document",
                 "debit", "credit", "balance")
DOCUMENTS_HEADER = ("journal", "number", "date", "label", "document", "source", "amount")
README = """Dossier de l'exercice {start} – {end} · {building}

journal.csv            le journal de l'exercice, ligne par ligne (séparateur « ; », UTF-8)
balance.csv            la balance des comptes
grand-livre.csv        le grand livre, compte par compte, avec le solde progressif
pieces.csv             les pièces justificatives : chaque écriture avec sa référence et son origine
comptes-annuels.pdf    les comptes annuels présentés à l'assemblée générale
{fec}"""


def _ledger_rows(lines: list[q.JournalLine]) -> list[tuple[Any, ...]]:
    """Every line, account by account (sub-account by sub-account), with the running balance."""
    rows, running, last = [], Decimal("0.00"), ("", "")
    for x in sorted(lines, key=lambda x: (x.code, x.party, x.entry_date, x.journal, x.number, x.line_no)):
        if (x.code, x.party) != last:
            running, last = Decimal("0.00"), (x.code, x.party)
        running += x.debit - x.credit
        rows.append((x.code, _sub(x.party, x.code), x.account_label, x.entry_date.isoformat(), x.journal, x.number,
                     x.label, x.document_ref or "", f"{x.debit:.2f}", f"{x.credit:.2f}", f"{running:.2f}"))
    return rows


def _document_rows(lines: list[q.JournalLine]) -> list[tuple[Any, ...]]:
    """One row per entry: its document reference, where it comes from and its amount."""
    totals: dict[Any, Decimal] = {}
    first: dict[Any, q.JournalLine] = {}
    for x in lines:
        totals[x.entry_id] = totals.get(x.entry_id, Decimal("0.00")) + x.debit
        first.setdefault(x.entry_id, x)
    return [(x.journal, x.number, x.entry_date.isoformat(), x.label, x.document_ref or "", x.source_kind,
             f"{totals[x.entry_id]:.2f}") for x in first.values()]


async def audit_zip(conn: asyncpg.Connection, actor: Actor, building_id: UUID, args: Mapping[str, str],
                    annual_pdf: bytes) -> Export:
    """The year's file for the auditor, as one ZIP (the annual accounts' PDF rendered by the caller)."""
    building, year, lines = await _year_lines(conn, actor, building_id, args)
    trial = await exports.trial_balance_file(conn, actor, building_id, {"year": str(year.id)}, "csv")
    fec = await exports.fec(conn, actor, building_id, {"year": str(year.id)}) if building.jurisdiction == "FR" else None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("LISEZMOI.txt", README.format(
            start=year.starts_on.isoformat(), end=year.ends_on.isoformat(), building=building.name,
            fec=f"{fec.file_name:<23}le fichier des écritures comptables (FEC)\n" if fec else ""))
        z.writestr("journal.csv", _csv(exports.JOURNAL_HEADER, _journal_rows(lines)))
        z.writestr("balance.csv", trial.body)
        z.writestr("grand-livre.csv", _csv(LEDGER_HEADER, _ledger_rows(lines)))
        z.writestr("pieces.csv", _csv(DOCUMENTS_HEADER, _document_rows(lines)))
        z.writestr("comptes-annuels.pdf", annual_pdf)
        if fec:
            z.writestr(fec.file_name, fec.body)
    return Export(f"verification-{year.starts_on.isoformat()}.zip", "application/zip", out.getvalue())
