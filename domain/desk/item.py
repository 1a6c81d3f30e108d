"""One thing that needs doing, as every area hands it to the desk.

An area that has work to show on the desk writes a provider: `async (conn, member, today) -> list[DeskItem]`,
one set-based query per kind of item (never one per building), already limited to the member's organisation and
buildings (`member.org_id`, `member.building_ids`). The desk lists the providers in `domain/desk/providers.py`.
`path` is the page where the item is done (the desk links there; the JSON carries it too).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from domain.access import Member
from domain.i18n import Msg

LATE, SOON, NORMAL = "late", "soon", "normal"  # how urgent an item is (past its date, within a week, otherwise)


@dataclass(frozen=True)
class DeskItem:
    """What needs doing, in which building, by when, and where it is done."""
    kind: str  # e.g. "expense.draft", "minutes.due", "ticket.overdue", "certificate.expiring", "year.to_close"
    title: Msg  # what to do, in the reader's language once translated ("Approuver la dépense « Ascenseur »")
    path: str  # where it is done, e.g. "/buildings/<id>/expenses/<id>"
    building_id: UUID | None = None
    building_name: str | None = None
    due: date | None = None  # the date it must be done by, when the law or a deadline gives one
    count: int = 1  # several of a kind in one building may come as one item ("3 dépenses à approuver")

    def urgency(self, today: date) -> str:
        """late, soon (within 7 days) or normal."""
        if self.due is None:
            return NORMAL
        if self.due < today:
            return LATE
        return SOON if (self.due - today).days <= 7 else NORMAL

    def days_left(self, today: date) -> int | None:
        """Days until the due date (negative once past), None without one."""
        return None if self.due is None else (self.due - today).days


Provider = Callable[[asyncpg.Connection, Member, date], Awaitable[list[DeskItem]]]
