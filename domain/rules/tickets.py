"""A ticket's life: new → assigned → in progress → done → closed, reopened when the repair did not hold.
Pure: which moves exist, which are told to the reporter (the public steps), and what each needs."""
from __future__ import annotations

from collections.abc import Mapping

from domain.i18n import Msg, _

NEW, ASSIGNED, IN_PROGRESS, DONE, CLOSED = "new", "assigned", "in_progress", "done", "closed"
STATES = (NEW, ASSIGNED, IN_PROGRESS, DONE, CLOSED)
URGENCIES = ("low", "normal", "high", "emergency")
# days to the deadline a triage proposes for each urgency (the syndic may set another date)
DEADLINE_DAYS: Mapping[str, int] = {"low": 60, "normal": 30, "high": 7, "emergency": 1}

# move -> (from states, to state)
MOVES: Mapping[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({NEW, ASSIGNED}), ASSIGNED),
    "start": (frozenset({ASSIGNED}), IN_PROGRESS),
    "finish": (frozenset({ASSIGNED, IN_PROGRESS}), DONE),
    "close": (frozenset({NEW, ASSIGNED, IN_PROGRESS, DONE}), CLOSED),
    "reopen": (frozenset({DONE, CLOSED}), NEW),
}
PUBLIC = frozenset({"assign", "start", "finish", "close", "reopen"})  # every move is told to the reporter
LABELS: Mapping[str, Msg] = {NEW: _("Nouveau"), ASSIGNED: _("Assigné"), IN_PROGRESS: _("En cours"),
                             DONE: _("Terminé"), CLOSED: _("Clôturé")}
URGENCY_LABELS: Mapping[str, Msg] = {"low": _("Faible"), "normal": _("Normale"), "high": _("Haute"),
                                     "emergency": _("Urgence")}


class Refused(ValueError):
    """A move the state machine does not allow from this state."""


def next_state(state: str, move: str, *, has_contractor: bool = False) -> str:
    """The state after `move` from `state`, or Refused (assigning needs a contractor)."""
    if move not in MOVES:
        raise Refused(f"unknown move {move!r}")
    sources, target = MOVES[move]
    if state not in sources:
        raise Refused(f"{move} not allowed from {state}")
    if move == "assign" and not has_contractor:
        raise Refused("assign needs a contractor")
    return target


def moves_from(state: str) -> list[str]:
    """The moves allowed from a state, in the order the page offers them."""
    return [m for m, (sources, _t) in MOVES.items() if state in sources]


def is_open(state: str) -> bool:
    """Whether the ticket still needs work (for the desk's overdue list)."""
    return state not in (DONE, CLOSED)
