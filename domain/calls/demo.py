"""Demo calls for funds for "Résidence Les Tilleuls": its working and reserve funds, this year's budget (approved
when an assembly of the building adopted a resolution, a draft otherwise), the year's calls, the first quarter's
issued, and a working-fund call issued, so the demo owner's portal shows what they owe and the QR code."""
from __future__ import annotations

from datetime import date
from typing import Any

import asyncpg

from domain.access import Actor
from domain.calls import budgets, calls, funds, schedule
from domain.errors import DomainError
from domain.parse import given

BUILDING = "Résidence Les Tilleuls"
LINES = [("ordinary", "6100", "Entretien courant", "6000.00"), ("ordinary", "614", "Assurances", "2500.00"),
         ("ordinary", "6102", "Nettoyage", "5400.00"), ("ordinary", "6121", "Électricité des communs", "1700.00"),
         ("ordinary", "6130", "Honoraires du syndic", "3600.00")]


async def seed_calls(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """Funds, the budget and a few issued calls; nothing when the demo building is missing."""
    building = next((b for b in context["buildings"] if b.name == BUILDING), None)
    if building is None:
        return
    user, org = context["users"]["syndic"], context["organization"]
    syndic = Actor(user.id, user.email, user.full_name, org.id, org.name, "syndic", ["syndic"])
    year = date.today().year
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68 5390 0754 7034",
                                                        "bic": "GKCCBEBB"})
    reserve = await funds.create_fund(conn, syndic, building.id, {"kind": "reserve", "iban": "BE71 0961 2345 6769",
                                                                  "bic": "GKCCBEBB", "purpose": "Façade et toiture"})
    lines = [{"section": s, "account_code": a, "label": lb, "amount": m} for s, a, lb, m in LINES]
    lines.append({"section": "reserve", "label": "Fonds de réserve", "fund_id": str(reserve.id), "amount": "1000.00"})
    budget = await budgets.draft_budget(conn, syndic, building.id, {
        "label": f"Budget {year}", "year_start": f"{year}-01-01", "frequency": "quarterly", "lines": lines})
    try:
        await _approved_year(conn, syndic, building.id, budget.budget.id)
        working = await calls.create_call(conn, syndic, building.id, {
            "kind": "working_fund", "label": "Constitution du fonds de roulement", "call_date": f"{year}-01-15",
            "due_date": f"{year}-02-15", "total": "3000.00"})
        await calls.issue_call(conn, syndic, given(working.id))
    except DomainError:
        return  # lots without owners or quotas not summing: the demo keeps its drafts


async def _approved_year(conn: asyncpg.Connection, syndic: Actor, building_id: Any, budget_id: Any) -> None:
    """Approve by the building's first adopted resolution (if any), generate the year, issue the first quarter."""
    resolutions = await budgets.adopted_resolutions(conn, syndic, budget_id)
    if not resolutions:
        return
    await budgets.approve_budget(conn, syndic, budget_id, {"resolution_id": str(resolutions[-1].id)})
    made = await schedule.generate_calls(conn, syndic, building_id, {"budget_id": str(budget_id)})
    for view in made:
        if view.id is not None and view.call.call_date.month <= 3:
            await calls.issue_call(conn, syndic, view.id)
