"""Paying the association: the Belgian structured communication (OGM / VCS) an owner pays with, and the IBAN's
check. Pure functions (see the house guide, ACCOUNTING.md): the communication is ten digits of reference and two
check digits, their remainder mod 97 (97 when it is 0), written +++ddd/dddd/ddddd+++."""
from __future__ import annotations

import hashlib
import re
from uuid import UUID

_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}")


def structured_communication(reference: int) -> str:
    """+++ddd/dddd/ddddd+++ for a ten-digit reference (0 to 9 999 999 999)."""
    if not 0 <= reference < 10**10:
        raise ValueError(f"reference of ten digits expected: {reference}")
    digits = f"{reference:010d}{reference % 97 or 97:02d}"
    return f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"


def reference_for(building_id: UUID, owner_id: UUID) -> int:
    """A ten-digit reference stable for one owner in one building (until the books give each call its own)."""
    digest = hashlib.sha256(f"{building_id}:{owner_id}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 10**10


def compact_iban(iban: str) -> str:
    """The IBAN without spaces, in capitals."""
    return "".join(iban.split()).upper()


def iban_ok(iban: str) -> bool:
    """ISO 13616: the country code and check digits moved to the end, letters as numbers, mod 97 = 1."""
    text = compact_iban(iban or "")
    if not _IBAN.fullmatch(text):
        return False
    moved = text[4:] + text[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def format_iban(iban: str) -> str:
    """The IBAN in groups of four, as printed on a transfer form."""
    text = compact_iban(iban)
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))
