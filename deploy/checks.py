"""Writing real data through the use cases, and checking what a restored or promoted database holds: every
audit entry written before the target there and none after it, every expense's lots and owners summing
exactly to its total."""
from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from domain.charges.expense_lifecycle import approve_expense
from domain.charges.expenses import create_expense
from domain.platform.users import Actor
from domain.register.owners import OwnerInput, create_owner

BALANCE = """
SELECT
  (SELECT count(*) FROM expenses e WHERE e.status IN ('approved', 'paid') AND e.total <>
      (SELECT coalesce(sum(s.amount), 0) FROM expense_lot_shares s
        WHERE s.organization_id = e.organization_id AND s.expense_id = e.id)) AS expenses_unbalanced,
  (SELECT count(*) FROM expense_lot_shares s WHERE s.amount <>
      (SELECT coalesce(sum(c.amount), 0) FROM charge_lines c WHERE c.organization_id = s.organization_id
         AND c.expense_id = s.expense_id AND c.unit_id = s.unit_id)) AS lots_unbalanced
"""


async def syndics(conn: asyncpg.Connection, scenario: dict[str, Any], count: int = 3) -> list[tuple[Actor, str]]:
    """(actor, building id) for the first syndics of the seeded scenario."""
    found = []
    for org in scenario["organizations"][:count]:
        row = await conn.fetchrow("SELECT u.id, u.email, u.full_name, o.name FROM users u, organizations o "
                                  "WHERE lower(u.email) = lower($1) AND o.id = $2",
                                  org["syndics"][0]["email"], UUID(org["id"]))
        found.append((Actor(row["id"], row["email"], row["full_name"], UUID(org["id"]), row["name"], "syndic",
                            ["syndic"]), org["buildings"][0]["id"]))
    return found


async def write(conn: asyncpg.Connection, people: list[tuple[Actor, str]], tag: str, rounds: int) -> int:
    """Each round, for each syndic: an owner and an approved expense (with their audit entries and the
    expense's charge lines), through the same use cases as the app. Returns the audit entries written."""
    before = await conn.fetchval("SELECT count(*) FROM audit_log")
    for i in range(rounds):
        for actor, building_id in people:
            await create_owner(conn, actor, OwnerInput.parse({"first_name": tag, "last_name": f"N{i}",
                                                              "email": f"{tag.lower()}{i}@example.test"}))
            expense = await create_expense(conn, actor, {
                "building_id": building_id, "category": "Maintenance", "description": f"{tag} {i}",
                "amount": f"{100 + i}.37", "expense_date": "2026-11-02"})
            await approve_expense(conn, actor, expense.id)
    return await conn.fetchval("SELECT count(*) FROM audit_log") - before


async def audit_ids(conn: asyncpg.Connection) -> set[tuple[UUID, int]]:
    """Every audit entry's key."""
    return {(r[0], r[1]) for r in await conn.fetch("SELECT organization_id, id FROM audit_log")}


async def state(conn: asyncpg.Connection) -> dict[str, Any]:
    """What the restored database is checked on."""
    balance = dict(await conn.fetchrow(BALANCE))
    tags = {r["first_name"]: r["n"] for r in await conn.fetch(
        "SELECT first_name, count(*) AS n FROM owners WHERE first_name LIKE 'Phase%' GROUP BY first_name")}
    return {"audit": await audit_ids(conn), "balance": balance, "owners_by_phase": tags}
