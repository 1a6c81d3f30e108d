"""The annual accounts' arithmetic: any set of balances that sums to zero (as a trial balance does) makes a balance
sheet whose assets equal its liabilities with the result; the income statement's result is minus the balance of
classes 6 and 7; the French annexes 3 and 4 sum to annexe 2, line for line."""
from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.annual_accounts import Balance, sheet, split_fr, statement

CODES = ["100", "160", "4100", "4101", "440", "499", "551", "6100", "614", "671", "680", "700", "701", "702", "76",
         "77"]
amounts = st.decimals(min_value=D("-100000"), max_value=D("100000"), places=2, allow_nan=False,
                      allow_infinity=False)


@st.composite
def trial_balances(draw):  # type: ignore[no-untyped-def]
    rows = [Balance(draw(st.sampled_from(CODES)), draw(amounts)) for _ in range(draw(st.integers(0, 12)))]
    return [*rows, Balance("551", -sum((r.balance for r in rows), D("0.00")))]  # it sums to zero


@given(trial_balances())
def test_the_sheet_balances_with_the_result(rows) -> None:  # type: ignore[no-untyped-def]
    s = sheet(rows, {})
    assert s.balanced
    assert s.result == -sum((r.balance for r in rows if r.code[0] in "67"), D(0))
    assert all(x.amount > 0 for x in s.assets + s.liabilities)


@given(trial_balances(), trial_balances())
def test_the_result_and_the_french_split(rows, previous) -> None:  # type: ignore[no-untyped-def]
    whole = statement(rows, previous, {"6100": D("10.00")}, {}, {})
    assert whole.result == -sum((r.balance for r in rows if r.code[0] in "67"), D(0))
    current, works = split_fr(whole)
    for side in ("charges", "income"):
        assert sorted(x.code for x in getattr(current, side) + getattr(works, side)) == [
            x.code for x in getattr(whole, side)]
    assert current.total_charges + works.total_charges == whole.total_charges
    assert current.total_income + works.total_income == whole.total_income
    assert all(x.code.startswith("67") for x in works.charges)
    assert {x.code for x in works.income} <= {"702", "77"}


def test_budget_beside_actual_by_hand() -> None:
    rows = [Balance("6100", D("1100.00")), Balance("6100", D("-100.00")), Balance("701", D("-1000.00"))]
    whole = statement(rows, [Balance("6100", D("900.00"))], {"6100": D("1200.00"), "614": D("500.00")},
                      {"6100": D("1300.00")}, {"6100": "Nettoyage"})
    [cleaning, insurance] = whole.charges
    assert (cleaning.label, cleaning.previous, cleaning.budget, cleaning.actual, cleaning.variance,
            cleaning.next_budget) == ("Nettoyage", D("900.00"), D("1200.00"), D("1000.00"), D("-200.00"),
                                      D("1300.00"))
    assert (insurance.actual, insurance.variance, insurance.next_budget) == (D("0.00"), D("-500.00"), None)
    assert whole.total("charges", "budget") == D("1700.00") and whole.result == D("0.00")
