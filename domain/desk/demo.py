"""Demo data for the desk: each building's ordinary-assembly window (Les Tilleuls' holds the draft assembly to
convene; another building's is coming with nothing planned), an assembly of last month closed with its minutes
still to send, an owner's agenda request to answer, one convocation the mail server refused. The charges' seeder
left a draft expense to approve. Runs after the assemblies' seeder."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import asyncpg

from domain.access import Actor
from domain.meetings import agenda_requests, meetings
from queries.desk import items as q
from queries.meetings import meetings as qm


def _actor(context: dict[str, Any], role: str) -> Actor | None:
    user, org = context["users"].get(role), context["organization"]
    return Actor(user.id, user.email, user.full_name, org.id, org.name, role, [role]) if user else None


async def seed_desk(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """What the syndic finds on the desk the first morning."""
    syndic, owner, org = _actor(context, "syndic"), _actor(context, "owner"), context["organization"]
    tilleuls = next((b for b in context["buildings"] if b.name == "Résidence Les Tilleuls"), None)
    if syndic is None or tilleuls is None or "assembly" not in context:
        return
    today = date.today()
    window = today + timedelta(days=30)  # holds the ordinary assembly drafted for today + 35
    await q.set_window(conn, org.id, tilleuls.id, window.month, min(window.day, 28), 15)
    others = [b for b in context["buildings"] if b.id != tilleuls.id]
    if others:
        soon = today + timedelta(days=40)
        await q.set_window(conn, org.id, others[0].id, soon.month, min(soon.day, 28), 15)
    held = datetime.combine(today - timedelta(days=12), time(19, 0))
    past = await meetings.create_meeting(conn, syndic, {
        "building_id": str(tilleuls.id), "meeting_type": "extraordinary", "title": "Assemblée générale — toiture",
        "scheduled_date": (datetime.combine(today + timedelta(days=30), time(19, 0))).isoformat(),
        "location": "Salle de réunion, rez-de-chaussée"})
    await q.held_on_for_demo(conn, org.id, past.id, held)  # an assembly is drafted ahead; this one was held
    await qm.set_state(conn, org.id, past.id, "closed", convened_on=held.date() - timedelta(days=20),
                       opened_at=held, closed_at=held + timedelta(hours=2), quorum_met=True)
    if owner is not None:
        await agenda_requests.ask_for_item(conn, owner, tilleuls.id, {
            "title": "Installation d'un local vélos", "description": "Dans l'ancienne buanderie du sous-sol."})
    if context.get("assembly_to_hold") is not None:
        await q.refuse_one_convocation(conn, org.id, context["assembly_to_hold"].id,
                                       "550 5.1.1 Adresse inconnue (boîte aux lettres inexistante)")
