"""The Belgian structured communication (+++ddd/dddd/ddddd+++, ten digits then their remainder mod 97, 97 for 0)
an owner pays with, stable per owner and building; and the IBAN's own check (ISO 13616, mod 97)."""
from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules.payment_reference import format_iban, iban_ok, reference_for, structured_communication


def test_the_example_of_the_house_guide():
    assert structured_communication(2402838428) == "+++240/2838/42818+++"


def test_a_remainder_of_zero_is_written_97():
    assert structured_communication(97 * 12345) == "+++000/1197/46597+++"  # 0001197465 mod 97 = 0


@given(st.integers(0, 10**10 - 1))
def test_every_reference_checks(number: int):
    text = structured_communication(number)
    digits = text.replace("+", "").replace("/", "")
    assert len(digits) == 12 and int(digits[:10]) == number
    assert int(digits[10:]) == (number % 97 or 97)


def test_stable_per_owner_and_building_and_different_between_them():
    building, owner, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    assert reference_for(building, owner) == reference_for(building, owner)
    assert reference_for(building, owner) != reference_for(building, other)
    assert reference_for(building, owner) != reference_for(uuid.uuid4(), owner)
    assert 0 <= reference_for(building, owner) < 10**10


@pytest.mark.parametrize("iban, ok", [
    ("BE68 5390 0754 7034", True), ("be68539007547034", True), ("BE68 5390 0754 7035", False),
    ("FR76 3000 6000 0112 3456 7890 189", True), ("BE68", False), ("", False), ("XX00 0000", False),
])
def test_iban_check(iban: str, ok: bool):
    assert iban_ok(iban) is ok


def test_iban_written_in_groups_of_four():
    assert format_iban("be68539007547034") == "BE68 5390 0754 7034"
