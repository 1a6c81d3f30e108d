"""The format told from the bytes, the text encoding of a CODA file, the size limit before anything is read, the
structured references (BE OGM mod 97, ISO 11649 RF) and what a statement says of itself."""
from __future__ import annotations

import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules import bank_formats
from domain.rules.bank_statement import (
    CAMT053,
    CODA,
    MAX_BYTES,
    Movement,
    Statement,
    StatementError,
    find_structured,
    format_ogm,
    ogm_ok,
    rf_ok,
    structured_reference,
)
from domain.rules.payment_reference import structured_communication

FILES = Path(__file__).parent / "bank_files"
CODA_BYTES = (FILES / "two_statements.cod").read_bytes()
CAMT_BYTES = (FILES / "batch_statement.camt053.xml").read_bytes()


# ---- format and encoding ----

@pytest.mark.parametrize(("data", "expected"), [
    (CODA_BYTES, CODA),
    (CAMT_BYTES, CAMT053),
    (b"\xef\xbb\xbf" + CAMT_BYTES, CAMT053),
    (b"\r\n  " + CAMT_BYTES, CAMT053),
    (b"\xef\xbb\xbf" + CODA_BYTES, CODA),
])
def test_the_format_is_told_from_the_bytes(data: bytes, expected: str) -> None:
    assert bank_formats.detect_format(data) == expected


@pytest.mark.parametrize("data", [b"", b"IBAN;Montant;Date\n", b"%PDF-1.7", b"PK\x03\x04", b"1" + CODA_BYTES[1:],
                                  b"0ABCD"])
def test_anything_else_is_refused(data: bytes) -> None:
    with pytest.raises(StatementError) as caught:
        bank_formats.read_statements(data)
    assert caught.value.field == "format" and "ni CODA" in str(caught.value)


def test_read_statements_hands_each_format_to_its_reader() -> None:
    coda_statements = bank_formats.read_statements(CODA_BYTES)
    camt_statements = bank_formats.read_statements(CAMT_BYTES)
    assert [(s.format, s.sequence) for s in coda_statements] == [(CODA, 1), (CODA, 2)]
    assert [(s.format, s.sequence) for s in camt_statements] == [(CAMT053, 3)]
    # the CAMT statement follows the CODA ones: the same account, the closing balance carried over
    assert camt_statements[0].opening_balance == coda_statements[-1].closing_balance
    assert camt_statements[0].account_iban == coda_statements[-1].account_iban


def test_the_size_limit_comes_before_the_format() -> None:
    assert MAX_BYTES == 10 * 1024 * 1024
    started = time.perf_counter()
    with pytest.raises(StatementError) as caught:
        bank_formats.read_statements(b"\x00" * (50 * 1024 * 1024))
    assert caught.value.field == "size" and time.perf_counter() - started < 1
    with pytest.raises(StatementError) as caught:
        bank_formats.read_statements(b" " * (MAX_BYTES + 1))
    assert caught.value.field == "size"


@pytest.mark.parametrize(("text", "encoding", "expected"), [
    ("Zoé Müller-Lefèvre, façade", "cp850", "cp850"),
    ("Zoé Müller-Lefèvre, façade", "latin-1", "latin-1"),
    ("Zoé Müller-Lefèvre, façade", "utf-8", "utf-8"),
    ("plain ASCII", "ascii", "utf-8"),
    ("Ñandú, á í ó", "cp850", "cp850"),  # no byte 0x80-0x9F here: told by which reads more letters
    ("Ñandú, á í ó", "latin-1", "latin-1"),
])
def test_the_encoding_of_a_coda_file(text: str, encoding: str, expected: str) -> None:
    data = text.encode(encoding)
    assert bank_formats.detect_encoding(data) == expected
    assert bank_formats.decode_text(data) == text


def test_a_utf8_bom() -> None:
    assert bank_formats.decode_text("\ufeffé".encode()) == "é"


# ---- structured references ----

@given(st.integers(0, 10**10 - 1))
def test_every_communication_the_association_issues_is_recognised(reference: int) -> None:
    printed = structured_communication(reference)  # +++ddd/dddd/ddddd+++ (domain.rules.payment_reference)
    digits = printed.strip("+").replace("/", "")
    assert ogm_ok(digits) and format_ogm(digits) == printed
    assert structured_reference(printed) == digits
    assert structured_reference(printed.replace("+", "*")) == digits
    assert structured_reference(digits) == digits
    assert find_structured(f"Paiement {printed} merci") == digits
    wrong = digits[:10] + f"{(int(digits[10:]) % 97) + 1:02d}"
    assert not ogm_ok(wrong) and structured_reference(wrong) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("+++240/2838/42818+++", "240283842818"),
    ("240 2838 42818", "240283842818"),
    ("***240/2838/42818***", "240283842818"),
    ("+++240/2838/42819+++", None),  # wrong check digits
    ("RF18 5390 0754 7034", "RF18539007547034"),  # ISO 11649's own example
    ("rf18539007547034", "RF18539007547034"),
    ("RF19 5390 0754 7034", None),
    ("RF18", None),
    ("", None),
    ("24028384281", None),
])
def test_structured_reference(text: str, expected: str | None) -> None:
    assert structured_reference(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Charges 240/2838/42818 lot 7", "240283842818"),
    ("facture 12345678901234 puis +++240/2838/42818+++", "240283842818"),
    ("Provision RF18 5390 0754 7034 merci", "RF18539007547034"),
    ("ref RF18539007547034.", "RF18539007547034"),
    ("Appel 4e trimestre lot 7", None),
    ("0240283842818", None),  # thirteen digits are no communication
])
def test_a_communication_found_in_free_text(text: str, expected: str | None) -> None:
    assert find_structured(text) == expected


def test_rf_check() -> None:
    assert rf_ok("RF18539007547034") and rf_ok("RF18 5390 0754 7034") and not rf_ok("RF185390075470341234567890")


# ---- a statement of itself ----

def movement(amount: str, *details: Movement) -> Movement:
    return Movement(sequence=1, booking_date=date(2026, 1, 2), value_date=None, amount=Decimal(amount),
                    details=details)


def test_a_statement_that_does_not_reconcile_says_by_how_much() -> None:
    batch = movement("30.00", movement("10.00"), movement("20.00"))
    statement = Statement(format=CODA, account_iban="BE68539007547034", currency="EUR", sequence=1,
                          opening_balance=Decimal("100.00"), opening_date=date(2026, 1, 1),
                          closing_balance=Decimal("125.00"), closing_date=date(2026, 1, 2),
                          movements=(batch, movement("-10.00")))
    assert statement.movements_total() == Decimal("20.00")  # the batch counted once
    assert not statement.reconciles() and statement.difference() == Decimal("5.00")
    assert (statement.credits(), statement.debits()) == (Decimal("30.00"), Decimal("10.00"))
    assert [m.amount for m in statement.payments()] == [Decimal("10.00"), Decimal("20.00"), Decimal("-10.00")]
