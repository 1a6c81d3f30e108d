"""Companies' identifiers: the Belgian enterprise number (mod 97), the SIREN (Luhn), VAT numbers and IBAN."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules import identifiers as ids


def _be(first_eight: int) -> str:
    return f"{first_eight:08d}{97 - first_eight % 97:02d}"


def _siren(first_eight: str) -> str:
    return next(first_eight + str(d) for d in range(10) if ids.luhn_ok(first_eight + str(d)))


@pytest.mark.parametrize("number, ok", [
    ("0403.170.701", True), ("BE 0403 170 701", True), ("0403170701", True), ("403170701", True),
    ("0403.170.702", False), ("2403170701", False), ("04031707", False), ("", False), ("0403.170.7O1", False),
])
def test_belgian_enterprise_number(number: str, ok: bool) -> None:
    assert ids.be_enterprise_ok(number) is ok


@given(st.integers(0, 19_999_999))
def test_every_built_enterprise_number_checks_and_one_digit_off_does_not(first: int) -> None:
    number = _be(first)
    assert ids.be_enterprise_ok(number)
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert not ids.be_enterprise_ok(wrong)
    assert ids.vat_ok("BE" + number)


@pytest.mark.parametrize("number, ok", [
    ("732 829 320", True), ("732829320", True), ("552100554", True), ("732829321", False), ("73282932", False),
    ("abcdefghi", False),
])
def test_siren(number: str, ok: bool) -> None:
    assert ids.siren_ok(number) is ok


@given(st.text("0123456789", min_size=8, max_size=8), st.integers(0, 8))
def test_a_luhn_siren_with_one_digit_changed_fails(first: str, at: int) -> None:
    siren = _siren(first)
    assert ids.siren_ok(siren)
    changed = siren[:at] + str((int(siren[at]) + 1) % 10) + siren[at + 1:]
    assert not ids.siren_ok(changed)


def test_french_vat_numbers() -> None:
    assert ids.fr_vat_key("732829320") == 44
    assert ids.vat_ok("FR44732829320") and ids.vat_ok("FR 44 732 829 320")
    assert not ids.vat_ok("FR45732829320")
    assert not ids.vat_ok("DE123456789") and not ids.vat_ok("BE0403170702")


def test_iban_is_the_one_of_payment_reference() -> None:
    assert ids.iban_ok("BE68 5390 0754 7034") and not ids.iban_ok("BE69 5390 0754 7034")
    assert ids.format_be_enterprise("403170701") == "0403.170.701"
