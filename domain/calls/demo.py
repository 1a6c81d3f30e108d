"""Demo calls for funds for "Résidence Les Tilleuls": its working and reserve funds; this year's budget put on the
agenda of last autumn's ordinary assembly, held and voted, then approved by that resolution; the year's calls
generated and those called by today issued, with a working-fund call; the owners' payments of the provisions
due over a month ago recorded — the demo owner pays half (their portal shows what is paid and what is left), the
first other owner everything, the others nothing — so the syndic sees real dues and arrears; and the first
quarter's settlement (décompte) once it has ended. Runs after the register, the charges and the assemblies (it
needs lots, owners and expenses)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import asyncpg

from domain.access import Actor
from domain.calls import budget_agenda, budgets, calls, funds, schedule, settlement
from domain.charges import owner_ledger
from domain.errors import DomainError
from domain.meetings import meetings, voting
from domain.meetings.attendance import register_presence, roll_on
from domain.meetings.convocation import Document, convene
from domain.parse import given
from queries.register.rights import owners_of_user

BUILDING = "Résidence Les Tilleuls"
LINES = [("ordinary", "6100", "Entretien courant", "6000.00"), ("ordinary", "614", "Assurances", "2500.00"),
         ("ordinary", "6102", "Nettoyage", "5400.00"), ("ordinary", "6121", "Électricité des communs", "1700.00"),
         ("ordinary", "6130", "Honoraires du syndic", "3600.00")]


async def seed_calls(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """Funds, the voted budget, the calls issued by today, some paid; nothing when the demo building is missing."""
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
        await _voted(conn, syndic, building.id, budget.budget.id, date(year - 1, 11, 20))
        await _approved_year(conn, syndic, building.id, budget.budget.id)
        working = await calls.create_call(conn, syndic, building.id, {
            "kind": "working_fund", "label": "Constitution du fonds de roulement", "call_date": f"{year}-01-15",
            "due_date": f"{year}-02-15", "total": "3000.00"})
        await calls.issue_call(conn, syndic, given(working.id))
        await _payments(conn, syndic, building.id, date.today(), await owners_of_user(
            conn, org.id, context["users"]["owner"].id) if "owner" in context["users"] else [])
        await _first_quarter_settled(conn, syndic, building.id, year)
    except DomainError:
        return  # lots without owners or quotas not summing: the demo keeps its drafts


async def _notice(meeting: Any, building: Any, items: list[Any], language: str, /, letterhead: Any = None) -> Document:
    """The demo's convocation e-mail: a short text."""
    agenda = "\n".join(f"{i.position}. {i.title}" for i in items)
    return Document(f"Convocation : {meeting.title} — {building.name}",
                    f"Madame, Monsieur,\n\nVous êtes convoqué(e) à l'{meeting.title.lower()} du "
                    f"{meeting.scheduled_at:%d/%m/%Y à %H:%M}, {meeting.location}.\n\n{agenda}\n", None, None)


async def _voted(conn: asyncpg.Connection, syndic: Actor, building_id: Any, budget_id: Any, day: date) -> None:
    """Last autumn's ordinary assembly, the budget on its agenda, every owner present and voting for it."""
    roll = await roll_on(conn, given(syndic.org_id), building_id, day)
    if not roll.voters:
        return
    at = datetime.combine(day, time(18, 30))
    meeting = await meetings.create_meeting(conn, syndic, {
        "building_id": str(building_id), "meeting_type": "ordinary", "title": f"Assemblée générale {day.year}",
        "scheduled_date": at.isoformat(), "location": "Salle de réunion, rez-de-chaussée"})
    item = await budget_agenda.put_on_agenda(conn, syndic, budget_id, {"meeting_id": str(meeting.id)})
    await convene(conn, syndic, meeting.id, _notice, today=day - timedelta(days=30))
    for owner_id in roll.voters:
        await register_presence(conn, syndic, meeting.id, {"owner_id": str(owner_id), "status": "present"})
    await voting.open_meeting(conn, syndic, meeting.id, now=at + timedelta(minutes=5))
    await voting.open_resolution(conn, syndic, meeting.id, item.id)
    for owner_id in roll.voters:
        await voting.cast_vote(conn, syndic, item.id, {"owner_id": str(owner_id), "choice": "for"})
    await voting.close_meeting(conn, syndic, meeting.id)


async def _approved_year(conn: asyncpg.Connection, syndic: Actor, building_id: Any, budget_id: Any) -> None:
    """Approve by the resolution that adopted it (if any), generate the year, issue the calls called by today."""
    resolutions = await budgets.adopted_resolutions(conn, syndic, budget_id)
    if not resolutions:
        return
    await budgets.approve_budget(conn, syndic, budget_id, {})
    made = await schedule.generate_calls(conn, syndic, building_id, {"budget_id": str(budget_id)})
    for view in made:
        if view.id is not None and view.call.call_date <= date.today():
            await calls.issue_call(conn, syndic, view.id)


async def _payments(conn: asyncpg.Connection, syndic: Actor, building_id: Any, today: date,
                    demo_owner: list[Any]) -> None:
    """The provisions due more than a month ago: half paid by the demo owner, all by the first other owner."""
    owed: dict[Any, Decimal] = {}
    for c in await calls.list_calls(conn, syndic, building_id):
        if c.status == "issued" and c.kind == "ordinary" and c.due_date < today - timedelta(days=30):
            for s in (await calls.get_call(conn, syndic, c.id)).shares:
                owed[s.owner_id] = owed.get(s.owner_id, Decimal("0.00")) + s.amount
    half = [o for o in owed if o in demo_owner][:1]
    full = [o for o in owed if o not in demo_owner][:1]
    for owner_id in half + full:
        amount = owed[owner_id]
        paid = amount if owner_id in full else (amount / 2).quantize(Decimal("0.01"))
        await owner_ledger.record_payment(conn, syndic, building_id, {
            "owner_id": str(owner_id), "amount": str(paid), "paid_on": (today - timedelta(days=20)).isoformat(),
            "reference": "Provisions"})


async def _first_quarter_settled(conn: asyncpg.Connection, syndic: Actor, building_id: Any, year: int) -> None:
    """The first quarter's settlement, once the quarter has ended (a month to pay a balance)."""
    if date.today() > date(year, 3, 31):
        await settlement.post_settlement(conn, syndic, building_id, {"from": f"{year}-01-01", "to": f"{year}-03-31"})
