"""Demo data of the assemblies of "Résidence Les Tilleuls": an upcoming ordinary assembly with its agenda, left as a
draft to convene; and an extraordinary one convened three weeks ago for the hour before the data was loaded, to
hold at once (a session opens only from its convened date and time).

Runs after the register's seeder (it needs lots and owners); without lots it does nothing."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import asyncpg

from domain.access import Actor
from domain.meetings import meetings
from domain.meetings.attendance import roll_on
from domain.meetings.convocation import Document, convene
from domain.meetings.meeting_input import LOCAL

EXTRAORDINARY = [
    {"title": "Remplacement de la cabine d'ascenseur", "decision_kind": "works",
     "draft_resolution": "L'assemblée décide le remplacement de la cabine d'ascenseur pour 42 000 EUR TVAC."},
    {"title": "Financement par le fonds de réserve", "decision_kind": "budget",
     "draft_resolution": "L'assemblée décide de financer ces travaux par le fonds de réserve."},
]
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
    context["assembly_to_hold"] = await _convened_for_now(conn, actor, building.id)


async def _convened_for_now(conn: asyncpg.Connection, actor: Actor, building_id: Any) -> Any:
    """An extraordinary assembly convened 21 days ago for an hour ago: the demo syndic can hold it now."""
    when = datetime.now(LOCAL).replace(tzinfo=None, second=0, microsecond=0) - timedelta(hours=1)
    meeting = await meetings.create_meeting(conn, actor, {
        "building_id": str(building_id), "meeting_type": "extraordinary", "title": "Assemblée générale extraordinaire",
        "description": "Travaux de l'ascenseur.", "scheduled_date": when.isoformat(),
        "location": "Salle de réunion, rez-de-chaussée"})
    for item in EXTRAORDINARY:
        await meetings.add_item(conn, actor, meeting.id, item)
    return await convene(conn, actor, meeting.id, _demo_notice, today=when.date() - timedelta(days=21))


async def _demo_notice(meeting: Any, building: Any, items: list[Any], language: str, /,
                       letterhead: Any = None) -> Document:
    """The demo's convocation e-mail: a short text (the PDF is drawn on demand from the meeting's page)."""
    agenda = "\n".join(f"{i.position}. {i.title}" for i in items)
    return Document(f"Convocation : {meeting.title} — {building.name}",
                    f"Madame, Monsieur,\n\nVous êtes convoqué(e) à l'{meeting.title.lower()} du "
                    f"{meeting.scheduled_at:%d/%m/%Y à %H:%M}, {meeting.location}.\n\n{agenda}\n", None, None)


