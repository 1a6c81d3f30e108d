"""The FEC (Fichier des Écritures Comptables, art. A47 A-1 LPF): 18 tab-separated columns in this order, one header
line, dates YYYYMMDD, amounts with a comma decimal."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

COLUMNS = ("JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib", "CompAuxNum",
           "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
           "ValidDate", "Montantdevise", "Idevise")


@dataclass(frozen=True)
class FecLine:
    journal: str
    journal_label: str
    number: int
    entry_date: date
    account: str
    account_label: str
    aux: str  # the owner's or supplier's sub-account number, "" for a general account
    aux_label: str
    piece_ref: str
    label: str
    debit: Decimal
    credit: Decimal
    validated: date


def _day(d: date) -> str:
    return d.strftime("%Y%m%d")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _clean(text: str) -> str:
    """No tab nor line break inside a field."""
    return " ".join(text.split())


def fec_text(lines: list[FecLine]) -> str:
    """The file's text: the header, then one line per entry line (entries numbered per journal, `JRN-000001`)."""
    out = ["\t".join(COLUMNS)]
    for x in lines:
        out.append("\t".join((
            x.journal, _clean(x.journal_label), f"{x.journal}-{x.number:06d}", _day(x.entry_date), x.account,
            _clean(x.account_label), x.aux, _clean(x.aux_label), _clean(x.piece_ref) or f"{x.journal}{x.number}",
            _day(x.entry_date), _clean(x.label), _amount(x.debit), _amount(x.credit), "", "", _day(x.validated),
            "", "")))
    return "\r\n".join(out) + "\r\n"


def file_name(identifier: str, year_end: date) -> str:
    """`<SIREN>FEC<YYYYMMDD>.txt` (a syndicat without SIREN: its registration number, kept to letters and digits)."""
    kept = "".join(ch for ch in identifier if ch.isalnum()) or "000000000"
    return f"{kept}FEC{_day(year_end)}.txt"
