"""Double entry as a pure rule: lines, balance, reversal; properties over any sequence of postings."""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from domain.rules.double_entry import line_errors, sides, swapped

cents = st.integers(min_value=-10_000_000, max_value=10_000_000).map(lambda c: D(c).scaleb(-2))


def test_each_line_one_side_to_the_cent_and_the_entry_balanced() -> None:
    assert line_errors([D("10.00"), D(0)], [D(0), D("10.00")]) == {}
    assert line_errors([D("10.00"), D(0)], [D(0), D("9.00")]) == {"lines": "unbalanced"}
    assert line_errors([D("1"), D("1")], [D("1"), D(0)])["lines[1]"] == "one_side"
    assert line_errors([D("0.001"), D(0)], [D(0), D("0.001")])["lines[1]"] == "cents"
    assert line_errors([D("1.00")], [D(0)])["lines"] == "too_few"
    assert line_errors([D("-1.00"), D(0)], [D(0), D("-1.00")])["lines[1]"] == "one_side"


# An expense shared between owners, as the charges post it: the charge against the supplier, then each owner's
# part against the charges called; the owners' sub-accounts must sum to their control account.
@given(st.lists(st.tuples(cents, st.lists(st.tuples(st.integers(0, 4), cents), min_size=1, max_size=5)),
                min_size=1, max_size=20))
def test_any_sequence_of_postings_balances_and_owner_sub_accounts_sum_to_control(postings) -> None:  # type: ignore[no-untyped-def]
    ledger: dict[tuple[str, int | None], D] = defaultdict(D)
    for total, parts in postings:
        entries = [[("6100", None, total), ("440", None, -total)],
                   [*(("4101", owner, amount) for owner, amount in parts),
                    ("701", None, -sum((a for _, a in parts), D(0)))]]
        for entry in entries:
            debits, credits = zip(*(sides(amount) for _, _, amount in entry), strict=True)
            kept = [i for i, (d, c) in enumerate(zip(debits, credits, strict=True)) if d or c]
            if len(kept) >= 2:
                assert "lines" not in line_errors([debits[i] for i in kept], [credits[i] for i in kept])
            for code, owner, amount in entry:
                ledger[(code, owner)] += amount
                ledger[(code[:3] + "*", None)] += amount if owner is not None else D(0)
            reverse = [swapped(*sides(amount)) for _, _, amount in entry]
            assert sum(d for d, _ in reverse) == sum(c for _, c in reverse)
    assert sum(ledger[k] for k in ledger if k[0].endswith("*") is False) == 0
    control = sum((v for (code, owner), v in ledger.items() if code == "4101"), D(0))
    assert control == ledger[("410*", None)]
