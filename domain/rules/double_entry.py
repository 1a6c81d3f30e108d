"""Double entry: an entry's lines each carry a debit or a credit to the cent, and debits equal credits."""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

CENT = Decimal("0.01")
MAX = Decimal("1e12")


def line_errors(debits: Sequence[Decimal], credits: Sequence[Decimal]) -> dict[str, str]:
    """Problems per line (`lines[i]`, counting from 1) and for the whole entry (`lines`), as French keys of
    messages the caller translates: 'one_side', 'cents', 'too_large', 'too_few', 'unbalanced'."""
    errors: dict[str, str] = {}
    for i, (debit, credit) in enumerate(zip(debits, credits, strict=True), start=1):
        if debit < 0 or credit < 0 or (debit == 0) == (credit == 0):
            errors[f"lines[{i}]"] = "one_side"
        elif debit != debit.quantize(CENT) or credit != credit.quantize(CENT):
            errors[f"lines[{i}]"] = "cents"
        elif debit >= MAX or credit >= MAX:
            errors[f"lines[{i}]"] = "too_large"
    if len(debits) < 2:
        errors["lines"] = "too_few"
    elif sum(debits, Decimal(0)) != sum(credits, Decimal(0)):
        errors["lines"] = "unbalanced"
    return errors


def sides(amount: Decimal) -> tuple[Decimal, Decimal]:
    """(debit, credit) for a signed amount: a positive amount is a debit, a negative one a credit."""
    return (amount, Decimal("0.00")) if amount >= 0 else (Decimal("0.00"), -amount)


def swapped(debit: Decimal, credit: Decimal) -> tuple[Decimal, Decimal]:
    """The reversing line's (debit, credit)."""
    return credit, debit
