"""Which statement format a file is, told from its bytes (never its name), and which text encoding a CODA file
uses (UTF-8, cp850 or latin-1: banks send all three). `read_statements` checks the size, detects the format and
hands the bytes to its reader."""
from __future__ import annotations

import codecs

from domain.i18n import _
from domain.rules.bank_statement import CAMT053, CODA, MAX_BYTES, Statement, StatementError, check_size

__all__ = ["CAMT053", "CODA", "MAX_BYTES", "decode_text", "detect_encoding", "detect_format", "read_statements"]

_ASCII = bytes(range(128))
_C1 = frozenset(range(0x80, 0xA0))  # control characters in latin-1, accented letters (é è à ç ü …) in cp850


def detect_format(data: bytes) -> str:
    """CODA (a first record 0, digits) or CAMT053 (an XML document); anything else is refused."""
    head = data[:512]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]
    head = head.lstrip(b" \t\r\n")
    if head.startswith(b"<"):
        return CAMT053
    if head[:1] == b"0" and len(head) >= 5 and head[1:5].isdigit():
        return CODA
    raise StatementError(_("Format de relevé non reconnu : ni CODA (enregistrements de 128 caractères commençant "
                           "par 0) ni CAMT.053 (XML)."), field="format")


def detect_encoding(data: bytes) -> str:
    """utf-8 when the bytes are valid UTF-8 (ASCII included); otherwise cp850 or latin-1, whichever reads the
    non-ASCII bytes as more letters (bytes 0x80-0x9F are letters only in cp850)."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    high = data.translate(None, _ASCII)
    if any(b in _C1 for b in set(high)):
        return "cp850"
    letters = {enc: sum(c.isalpha() for c in high.decode(enc)) for enc in ("cp850", "latin-1")}
    return "cp850" if letters["cp850"] > letters["latin-1"] else "latin-1"


def decode_text(data: bytes) -> str:
    """The file's text in its detected encoding (every byte decodes in cp850 and latin-1: this never fails)."""
    return data.decode(detect_encoding(data))


def read_statements(data: bytes) -> list[Statement]:
    """Every statement of a CODA or CAMT.053 file, the format told from the bytes; `StatementError` otherwise."""
    # the readers use this module's detection: imported when called, not when this module loads
    from domain.rules.camt053 import read as read_camt053
    from domain.rules.coda import read as read_coda

    check_size(data)
    if detect_format(data) == CODA:
        return read_coda(data)
    return read_camt053(data)
