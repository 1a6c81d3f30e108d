"""The EPC QR code's text (EPC069-12, version 002): a SEPA credit transfer a phone's banking app fills in from one
scan. Pure functions: `payload` writes the lines, `parse` reads them back (a test decodes the printed image and
compares); the image itself is drawn by the web layer (web/qr.py).

The lines, separated by LF: `BCD`, `002`, `1` (UTF-8), `SCT`, the BIC (may be empty in version 002), the
beneficiary's name (≤ 70: the association, not the syndic), the IBAN, `EUR` and the amount with a dot, a purpose
code (4 letters, may be empty), then the structured reference (≤ 35) **or** a free text (≤ 140), never both, and a
note to the payer (≤ 70). At most 331 bytes; the code is printed with error correction M.

A Belgian structured communication goes in the structured-reference field as its twelve digits (banks' apps show
it back as +++ddd/dddd/ddddd+++); an ISO 11649 creditor reference (RF…) goes there as it is.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from domain.i18n import Msg, _
from domain.rules.payment_reference import compact_iban, iban_ok

MAX_BYTES = 331
MIN_AMOUNT, MAX_AMOUNT = Decimal("0.01"), Decimal("999999999.99")
_BIC = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?")
_PURPOSE = re.compile(r"[A-Z]{4}")
_AMOUNT = re.compile(r"EUR(\d{1,9})(?:\.(\d{1,2}))?")
_OGM = re.compile(r"[+*]{3}\s*(\d{3})\s*/\s*(\d{4})\s*/\s*(\d{5})\s*[+*]{3}")


class EpcError(ValueError):
    """A transfer that cannot be written as an EPC QR code (the field named, the reason in French)."""

    def __init__(self, field: str, reason: Msg) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class Transfer:
    """What the code asks the payer's bank to send."""
    name: str
    iban: str
    amount: Decimal | None  # None: the payer types it
    bic: str = ""
    reference: str = ""  # a structured reference (the twelve digits of a Belgian one, or RF…)
    text: str = ""  # a free communication, only without a structured reference
    note: str = ""  # shown to the payer, not sent to the beneficiary
    purpose: str = ""


def reference_field(communication: str) -> str:
    """A Belgian structured communication as the twelve digits the reference field carries (+++, *** and slashes
    dropped); any other reference returned as given, without spaces."""
    found = _OGM.fullmatch(communication.strip())
    if found:
        return "".join(found.groups())
    return "".join(communication.split())


def _amount_text(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise EpcError("amount", _("montant au centime attendu"))
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise EpcError("amount", _("montant entre 0,01 et 999 999 999,99 € attendu"))
    return f"EUR{amount.quantize(Decimal('0.01'))}"


def _check(transfer: Transfer) -> None:
    if not transfer.name.strip() or len(transfer.name) > 70:
        raise EpcError("name", _("nom du bénéficiaire de 1 à 70 caractères attendu"))
    if not iban_ok(transfer.iban):
        raise EpcError("iban", _("IBAN invalide"))
    if transfer.bic and not _BIC.fullmatch(transfer.bic.upper()):
        raise EpcError("bic", _("BIC de 8 ou 11 caractères attendu"))
    if transfer.purpose and not _PURPOSE.fullmatch(transfer.purpose):
        raise EpcError("purpose", _("code de 4 lettres majuscules attendu"))
    if transfer.reference and transfer.text:
        raise EpcError("text", _("une référence structurée ou une communication libre, pas les deux"))
    if len(transfer.reference) > 35:
        raise EpcError("reference", _("35 caractères au plus"))
    if len(transfer.text) > 140:
        raise EpcError("text", _("140 caractères au plus"))
    if len(transfer.note) > 70:
        raise EpcError("note", _("70 caractères au plus"))
    for name in ("name", "reference", "text", "note"):
        if "\n" in getattr(transfer, name) or "\r" in getattr(transfer, name):
            raise EpcError(name, _("une seule ligne attendue"))


def payload(transfer: Transfer) -> str:
    """The code's text, checked field by field (EpcError names the field at fault)."""
    _check(transfer)
    lines = ["BCD", "002", "1", "SCT", transfer.bic.upper(), transfer.name.strip(), compact_iban(transfer.iban),
             _amount_text(transfer.amount), transfer.purpose, reference_field(transfer.reference) if transfer.reference
             else "", transfer.text, transfer.note]
    while lines[-1] == "":  # trailing empty fields may be left out
        lines.pop()
    text = "\n".join(lines)
    if len(text.encode()) > MAX_BYTES:
        raise EpcError("text", _("le code dépasse %(n)s octets", n=MAX_BYTES))
    return text


def parse(text: str) -> Transfer:
    """A code's text read back into its transfer (EpcError for what is not an EPC069-12 credit transfer)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if len(lines) < 7 or lines[0] != "BCD" or lines[1] not in ("001", "002") or lines[3] != "SCT":
        raise EpcError("payload", _("pas un code EPC de virement SEPA"))
    if lines[2] != "1":
        raise EpcError("payload", _("seul l'encodage UTF-8 (1) est lu"))
    lines += [""] * (12 - len(lines))
    amount: Decimal | None = None
    if lines[7]:
        found = _AMOUNT.fullmatch(lines[7])
        if not found:
            raise EpcError("amount", _("montant illisible : %(text)s", text=lines[7]))
        amount = Decimal(f"{found.group(1)}.{(found.group(2) or '').ljust(2, '0')}")
    transfer = Transfer(name=lines[5], iban=lines[6], amount=amount, bic=lines[4], purpose=lines[8],
                        reference=lines[9], text=lines[10], note=lines[11])
    _check(transfer)
    return transfer
