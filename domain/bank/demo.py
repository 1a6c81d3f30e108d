"""A demo bank statement for "Résidence Les Tilleuls": the working-fund call paid by its first owner exactly (the
structured communication), by the second in part, and a transfer from an unknown payer left to assign; so the
syndic's bank page shows what matched and what waits, and the demo owner's ledger shows the payment."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from domain.access import Actor
from domain.bank.statements import import_statements
from domain.calls import calls
from domain.calls.demo import BUILDING
from domain.errors import DomainError
from domain.rules import coda
from domain.rules.bank_statement import CODA, Movement, Statement
from domain.rules.payment_reference import compact_iban

WORKING_IBAN = "BE68 5390 0754 7034"


async def seed_bank(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """One statement on the working fund's account; nothing without the building or its issued call."""
    building = next((b for b in context["buildings"] if b.name == BUILDING), None)
    if building is None:
        return
    user, org = context["users"]["syndic"], context["organization"]
    syndic = Actor(user.id, user.email, user.full_name, org.id, org.name, "syndic", ["syndic"])
    issued = [c for c in await calls.list_calls(conn, syndic, building.id)
              if c.status == "issued" and c.kind == "working_fund"]
    if not issued:
        return
    view = await calls.get_call(conn, syndic, issued[0].id)
    owed: dict[Any, Decimal] = {}
    for s in view.shares:
        owed[s.owner_id] = owed.get(s.owner_id, Decimal("0.00")) + s.amount
    day = min(date.today(), max(issued[0].call_date, date(issued[0].call_date.year, 2, 1)))
    movements = []
    for n, (owner_id, amount) in enumerate(list(owed.items())[:2], start=1):
        ref = view.references.get(owner_id)
        if ref is None:
            continue
        paid = amount if n == 1 else (amount / 2).quantize(Decimal("0.01"))
        movements.append(Movement(n, day, day, paid, f"Copropriétaire {n}", structured_communication=
                                  f"{ref:010d}{ref % 97 or 97:02d}"))
    movements.append(Movement(len(movements) + 1, day, day, Decimal("125.00"), "J. Inconnu",
                              "BE62510007547061", free_communication="Charges appartement"))
    total = sum((m.amount for m in movements), Decimal(0))
    statement = Statement(CODA, compact_iban(WORKING_IBAN), "EUR", 1, Decimal("0"), day, total, day,
                          tuple(movements), holder=f"ACP {BUILDING}"[:26])
    try:
        await import_statements(conn, syndic, building.id, coda.write([statement]).encode("cp850"))
    except DomainError:
        return  # the demo keeps its calls without a statement
