"""A ticket's state machine: every state × every move, and the reopening."""
from __future__ import annotations

import pytest

from domain.rules import tickets as t

ALLOWED = {("new", "assign"): "assigned", ("assigned", "assign"): "assigned", ("assigned", "start"): "in_progress",
           ("assigned", "finish"): "done", ("in_progress", "finish"): "done", ("new", "close"): "closed",
           ("assigned", "close"): "closed", ("in_progress", "close"): "closed", ("done", "close"): "closed",
           ("done", "reopen"): "new", ("closed", "reopen"): "new"}


@pytest.mark.parametrize("state", t.STATES)
@pytest.mark.parametrize("move", list(t.MOVES))
def test_every_state_and_move(state: str, move: str) -> None:
    if (state, move) in ALLOWED:
        assert t.next_state(state, move, has_contractor=True) == ALLOWED[(state, move)]
        assert move in t.moves_from(state)
    else:
        with pytest.raises(t.Refused):
            t.next_state(state, move, has_contractor=True)
        assert move not in t.moves_from(state)


def test_assigning_needs_a_contractor() -> None:
    with pytest.raises(t.Refused):
        t.next_state("new", "assign")


def test_a_full_life_with_a_reopening() -> None:
    state = "new"
    for move in ("assign", "start", "finish", "close", "reopen", "assign", "finish", "close"):
        state = t.next_state(state, move, has_contractor=True)
    assert state == "closed" and not t.is_open(state) and t.is_open("in_progress")


def test_unknown_move() -> None:
    with pytest.raises(t.Refused):
        t.next_state("new", "explode")
