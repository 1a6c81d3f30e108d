"""Who sees a document: its visibility value against the reader's role (pure, no I/O).

- `syndic`: the firm (syndic, accountants; the platform's superadmin acting for it);
- `board`: also the board of owners (conseil de copropriété) and its commissaire (BE C. civ. art. 3.90, 3.91);
- `owners`: also every owner of the building (BE art. 3.89 § 5, 12°: documents made accessible to the owners;
  FR loi 1965 art. 18 I: the online extranet);
- `owner`: the firm and the one owner the document is addressed to (a statement, a reminder) — not the board.
"""
from __future__ import annotations

VISIBILITIES = ("syndic", "board", "owners", "owner")
_SEES: dict[str, frozenset[str]] = {
    "syndic": frozenset(VISIBILITIES),
    "superadmin": frozenset(VISIBILITIES),
    "accountant": frozenset(VISIBILITIES),
    "board_member": frozenset({"board", "owners"}),
    "owner": frozenset({"owners", "owner"}),
}


def visible_values(role: str) -> list[str]:
    """The visibility values a role may read (an owner: 'owner' only when addressed to them)."""
    return sorted(_SEES.get(role, frozenset()))


def sees(role: str, visibility: str, addressed_to_reader: bool) -> bool:
    """Whether a reader in `role` sees a document of `visibility` (`addressed_to_reader`: its owner is the reader)."""
    if visibility not in _SEES.get(role, frozenset()):
        return False
    return role != "owner" or visibility != "owner" or addressed_to_reader
