"""A company's identifiers, checked by their own arithmetic: the Belgian enterprise number (BCE/KBO), the French
SIREN, the VAT numbers built on them, and the IBAN (ISO 13616, already in payment_reference).

- Belgian enterprise number: ten digits, the first 0 or 1; the last two are 97 minus the first eight mod 97.
- SIREN: nine digits whose Luhn sum is a multiple of 10.
- VAT: BE + the enterprise number; FR + a two-digit key (12 + 3 × (SIREN mod 97)) mod 97 + the SIREN.
"""
from __future__ import annotations

import re

from domain.rules.payment_reference import compact_iban, format_iban, iban_ok

__all__ = ["be_enterprise_ok", "compact", "compact_iban", "format_be_enterprise", "format_iban", "fr_vat_key",
           "iban_ok", "luhn_ok", "siren_ok", "vat_ok"]

_SEPARATORS = re.compile(r"[\s.\-/]")


def compact(number: str) -> str:
    """The number without spaces, dots, dashes or slashes, in capitals."""
    return _SEPARATORS.sub("", number or "").upper()


def be_enterprise_ok(number: str) -> bool:
    """A Belgian enterprise number (0xxx.xxx.xxx or 1xxx.xxx.xxx; BE prefix allowed) with a true check."""
    text = compact(number).removeprefix("BE")
    if len(text) == 9:  # the older nine-digit form: a leading 0 was added in 2005
        text = "0" + text
    if not re.fullmatch(r"[01][0-9]{9}", text):
        return False
    return 97 - int(text[:8]) % 97 == int(text[8:])


def format_be_enterprise(number: str) -> str:
    """0123.456.749, as the Crossroads Bank writes it."""
    text = compact(number).removeprefix("BE")
    text = text.rjust(10, "0")
    return f"{text[:4]}.{text[4:7]}.{text[7:]}"


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum (every second digit from the right doubled) is a multiple of 10."""
    if not digits or not digits.isascii() or not digits.isdigit():
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def siren_ok(number: str) -> bool:
    """A French SIREN: nine digits, Luhn-valid."""
    text = compact(number)
    return len(text) == 9 and luhn_ok(text)


def fr_vat_key(siren: str) -> int:
    """The two-digit key of a French VAT number for a SIREN."""
    return (12 + 3 * (int(compact(siren)) % 97)) % 97


def vat_ok(number: str) -> bool:
    """A Belgian (BE + enterprise number) or French (FR + key + SIREN) VAT number."""
    text = compact(number)
    if text.startswith("BE"):
        return len(text) == 12 and be_enterprise_ok(text[2:])
    if text.startswith("FR") and len(text) == 13 and text[2:].isascii() and text[2:].isdigit():
        return siren_ok(text[4:]) and int(text[2:4]) == fr_vat_key(text[4:])
    return False
