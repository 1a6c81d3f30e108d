"""The invoice behind a charge: an owner who pays a share of an expense may open its invoice from "why do I owe
this" (BE C. civ. art. 3.89 § 5: the syndic makes the association's documents accessible to the owners)."""
from __future__ import annotations

from uuid import UUID

import asyncpg

from domain.access import Actor
from domain.charges.owner_ledger import explain_line
from domain.errors import NotFound
from domain.storage import Storage
from queries.charges import expenses as qe


async def has_invoice(conn: asyncpg.Connection, actor: Actor, expense_id: UUID) -> bool:
    """Whether the expense behind a line the actor opened (explain_line checked it) carries an invoice file."""
    if actor.org_id is None:
        return False
    expense = await qe.get(conn, actor.org_id, expense_id)
    return expense is not None and expense.file_key is not None


async def invoice_of_line(conn: asyncpg.Connection, actor: Actor, storage: Storage,
                          line_id: UUID) -> tuple[str, str, bytes]:
    """The invoice of the expense behind a charge line the actor may open (an owner: their own line only)."""
    why = await explain_line(conn, actor, line_id)  # the access check: statement.read, an owner's own line
    org_id = actor.org_id
    expense = await qe.get(conn, org_id, why.facts.expense_id) if org_id is not None else None
    data = await storage.get(expense.file_key) if expense is not None and expense.file_key else None
    if expense is None or data is None:
        raise NotFound("invoice_file", line_id)
    return expense.file_name or "facture", expense.file_type or "application/octet-stream", data
