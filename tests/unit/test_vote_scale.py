"""The proportional cut of a capped proxy holder's ballots: exact to the vote, never above the original."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from domain.meetings.results import scale

weights = st.dictionaries(st.integers(0, 50), st.integers(0, 10_000), min_size=1, max_size=8)


@given(weights, st.integers(0, 80_000))
def test_scaled_weights_sum_to_the_cap_and_never_grow(w, target):
    out = scale(w, target)
    assert sum(out.values()) == min(target, sum(w.values()))
    assert all(0 <= out[k] <= w[k] for k in w)


def test_largest_remainder_breaks_ties_in_order():
    assert scale({"a": 300, "b": 250}, 450) == {"a": 245, "b": 205}  # 245.45… and 204.54…: b has the larger remainder
    assert scale({"a": 1, "b": 1, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}
