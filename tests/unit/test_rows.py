"""queries/rows.builder: the same frozen object as the dataclass's own __init__ makes, or a clear refusal."""
from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from queries.charges.expenses import Expense
from queries.charges.owner_ledger import Entry
from queries.rows import builder


def test_built_like_the_constructor_equal_hashable_and_still_frozen():
    values = (date(2026, 1, 5), "charge", "id-1", "Entretien", "A1", Decimal("12.30"), Decimal("0"), None)
    built, made = builder(Entry)(values), Entry(*values)
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    assert built.debit == Decimal("12.30") and dataclasses.asdict(built) == dataclasses.asdict(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.debit = Decimal("0")  # type: ignore[misc]


def test_the_wrong_number_of_values_is_an_error_not_a_half_filled_row():
    build = builder(Expense)
    with pytest.raises(ValueError):
        build(range(len(dataclasses.fields(Expense)) - 1))


def test_only_plain_frozen_dataclasses():
    @dataclasses.dataclass
    class Mutable:
        x: int

    @dataclasses.dataclass(frozen=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            assert self.x > 0

    for cls in (Mutable, Checked):
        with pytest.raises(TypeError):
            builder(cls)
