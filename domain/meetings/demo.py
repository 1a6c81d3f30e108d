"""Demo data of the assemblies: an upcoming ordinary assembly of "Résidence Les Tilleuls" with its agenda.

Runs after the register's seeder (it needs lots and owners); without lots it does nothing."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import asyncpg

from domain.access import Actor
from domain.meetings import meetings
from domain.meetings.attendance import roll_on

AGENDA = [
    {"title": "Approbation des comptes de l'exercice écoulé", "decision_kind": "accounts",
     "draft_resolution": "L'assemblée approuve les comptes de l'exercice écoulé tels que présentés par le syndic."},
    {"title": "Décharge au syndic", "decision_kind": "discharge",
     "draft_resolution": "L'assemblée donne décharge au syndic pour sa gestion de l'exercice écoulé."},
    {"title": "Budget prévisionnel", "decision_kind": "budget",
     "draft_resolution": "L'assemblée approuve le budget prévisionnel de 48 000 EUR pour l'exercice à venir."},
    {"title": "Ravalement de la façade avant", "decision_kind": "works",
     "draft_resolution": "L'assemblée décide le ravalement de la façade avant pour un budget de 85 000 EUR TVAC, "
                         "financé par le fonds de réserve et un appel de fonds."},
    {"title": "Divers", "description": "Questions des copropriétaires (sans vote)."},
]


async def seed_assembly(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """An upcoming assembly with its agenda, left as a draft for the syndic to convene."""
    building = next((b for b in context["buildings"] if b.name == "Résidence Les Tilleuls"), None)
    syndic, org = context["users"].get("syndic"), context["organization"]
    day = date.today() + timedelta(days=35)
    if building is None or syndic is None or not (await roll_on(conn, org.id, building.id, day)).voters:
        return
    actor = Actor(syndic.id, syndic.email, syndic.full_name, org.id, org.name, "syndic", ["syndic"])
    meeting = await meetings.create_meeting(conn, actor, {
        "building_id": str(building.id), "meeting_type": "ordinary", "title": "Assemblée générale ordinaire",
        "description": "Assemblée annuelle des copropriétaires.",
        "scheduled_date": datetime.combine(day, time(18, 30)).isoformat(), "location": "Salle de réunion, rez-de-chaussée",
    })
    for item in AGENDA:
        await meetings.add_item(conn, actor, meeting.id, item)
    context["assembly"] = meeting


