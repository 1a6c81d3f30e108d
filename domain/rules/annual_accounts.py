"""The annual accounts' arithmetic, pure: the balance sheet from the balances of classes 1–5, the income statement
per account beside the budget (this year's and the next) and last year's figures, and the French split into current
operations (annexe 3) and works and exceptional operations (annexe 4) of the décret n° 2005-240.

Every figure is a `Decimal` to the cent; charges are debit − credit, income credit − debit, so a reversal nets out.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.00")
# FR: the works of the article 14-2 and the exceptional operations (annexe 4); everything else is current
# operations (annexe 3)
FR_WORKS_CHARGES = ("67",)
FR_WORKS_INCOME = ("702", "77")


@dataclass(frozen=True)
class Balance:
    """One (sub-)account's balance at the year's end (debit − credit)."""
    code: str
    balance: Decimal


@dataclass(frozen=True)
class SheetLine:
    code: str
    label: str
    amount: Decimal  # positive on its side


@dataclass(frozen=True)
class Sheet:
    assets: list[SheetLine]
    liabilities: list[SheetLine]
    result: Decimal  # the year's result not yet allocated (income − charges): 0 once the year is closed

    @property
    def total_assets(self) -> Decimal:
        """The assets' total."""
        return sum((x.amount for x in self.assets), ZERO)

    @property
    def total_liabilities(self) -> Decimal:
        """The liabilities' total, the unallocated result included."""
        return sum((x.amount for x in self.liabilities), ZERO) + self.result

    @property
    def balanced(self) -> bool:
        """Whether assets equal liabilities (they always should: each entry balances)."""
        return self.total_assets == self.total_liabilities


def sheet(balances: Iterable[Balance], labels: Mapping[str, str]) -> Sheet:
    """The balance sheet: each sub-account on its side (an owner who owes is an asset, one in credit a debt),
    summed per account of the chart; the balance of classes 6–7 is the result still to allocate."""
    debit: dict[str, Decimal] = {}
    credit: dict[str, Decimal] = {}
    result = ZERO
    for b in balances:
        if b.code[0] in "67":
            result -= b.balance
        elif b.balance > 0:
            debit[b.code] = debit.get(b.code, ZERO) + b.balance
        elif b.balance < 0:
            credit[b.code] = credit.get(b.code, ZERO) - b.balance
    return Sheet([SheetLine(c, labels.get(c, c), a) for c, a in sorted(debit.items())],
                 [SheetLine(c, labels.get(c, c), a) for c, a in sorted(credit.items())], result)


@dataclass(frozen=True)
class StatementLine:
    code: str
    label: str
    actual: Decimal
    budget: Decimal | None  # the year's budget for the account (None: not budgeted)
    previous: Decimal  # last year's actual
    next_budget: Decimal | None  # the next year's adopted budget

    @property
    def variance(self) -> Decimal | None:
        """Actual − budget (positive: over budget for a charge)."""
        return None if self.budget is None else self.actual - self.budget


@dataclass(frozen=True)
class Statement:
    charges: list[StatementLine]
    income: list[StatementLine]

    @property
    def total_charges(self) -> Decimal:
        """The year's charges."""
        return sum((x.actual for x in self.charges), ZERO)

    @property
    def total_income(self) -> Decimal:
        """The year's income."""
        return sum((x.actual for x in self.income), ZERO)

    @property
    def result(self) -> Decimal:
        """Income − charges (positive: a surplus)."""
        return self.total_income - self.total_charges

    def total(self, side: str, column: str) -> Decimal:
        """A column's total (`budget`, `previous`, `next_budget`) on one side (`charges` or `income`)."""
        return sum((getattr(x, column) or ZERO for x in getattr(self, side)), ZERO)


def _amounts(balances: Iterable[Balance], cls: str) -> dict[str, Decimal]:
    """Per account of the class, its charge (class 6: debit − credit) or income (class 7: credit − debit)."""
    out: dict[str, Decimal] = {}
    for b in balances:
        if b.code[0] == cls:
            out[b.code] = out.get(b.code, ZERO) + (b.balance if cls == "6" else -b.balance)
    return out


def statement(current: Iterable[Balance], previous: Iterable[Balance], budget: Mapping[str, Decimal],
              next_budget: Mapping[str, Decimal], labels: Mapping[str, str]) -> Statement:
    """The income statement: every account with a figure in one of the columns, charges (class 6) and income
    (class 7), by code."""
    now, before = list(current), list(previous)
    sides = []
    for cls in "67":
        actual, past = _amounts(now, cls), _amounts(before, cls)
        codes = sorted({*actual, *past, *(c for c in budget if c[0] == cls), *(c for c in next_budget if c[0] == cls)})
        sides.append([StatementLine(c, labels.get(c, c), actual.get(c, ZERO), budget.get(c), past.get(c, ZERO),
                                    next_budget.get(c)) for c in codes])
    return Statement(sides[0], sides[1])


def is_works(line: StatementLine, side: str) -> bool:
    """FR: whether the account belongs to the works and exceptional operations (annexe 4)."""
    return line.code.startswith(FR_WORKS_CHARGES if side == "charges" else FR_WORKS_INCOME)


def split_fr(whole: Statement) -> tuple[Statement, Statement]:
    """FR annexes 3 and 4: current operations, then works and exceptional operations; together they are the
    general account of annexe 2, line for line."""
    current = Statement([x for x in whole.charges if not is_works(x, "charges")],
                        [x for x in whole.income if not is_works(x, "income")])
    works = Statement([x for x in whole.charges if is_works(x, "charges")],
                      [x for x in whole.income if is_works(x, "income")])
    return current, works
