"""Demo books for "Résidence Les Tilleuls": the charges' seeder posts the expenses and payments; this one adds what
an accountant posts by hand — the bank's interest for the year (bank / financial income)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from domain.access import Actor
from domain.accounting.books import post_manual_entry
from domain.charges.demo import BUILDING


async def seed_books(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """One manual entry in the demo building's books; nothing without the building or an accountant."""
    building = next((b for b in context["buildings"] if b.name == BUILDING), None)
    user, org = context["users"].get("accountant") or context["users"]["syndic"], context["organization"]
    if building is None:
        return
    role = "accountant" if "accountant" in context["users"] else "syndic"
    actor = Actor(user.id, user.email, user.full_name, org.id, org.name, role, [role])
    year = date.today().year
    await post_manual_entry(conn, actor, building.id, {
        "entry_date": date(year, 3, 31).isoformat(), "label": "Intérêts créditeurs du compte de réserve",
        "document_ref": f"EXT-{year}-03", "lines": [
            {"account": "bank_working", "debit": str(Decimal("12.48"))},
            {"account": "financial_income", "credit": str(Decimal("12.48"))}]})
