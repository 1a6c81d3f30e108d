"""Demo maintenance and register for Les Tilleuls: three contractors (one insurance certificate lapsing within
the month), tickets (Jean Martin's leak on his lot, a common-part ticket past its deadline), the AG's competition
threshold and a roof job with three quotes compared, and the register of decisions with an overdue action."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import asyncpg

from domain.access import Actor
from domain.board import decisions
from domain.charges.demo import BUILDING
from domain.maintenance import contractors, quotes, tickets, works
from queries.register.buildings import Building


def _actor(context: dict[str, Any], role: str, buildings: frozenset[Any] | None = None) -> Actor:
    user, org = context["users"][role], context["organization"]
    return Actor(user.id, user.email, user.full_name, org.id, org.name, role, [role], buildings=buildings)


async def seed_maintenance(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """Contractors, tickets, a job with quotes, the threshold and the register of the demo building."""
    building: Building | None = next((b for b in context["buildings"] if b.name == BUILDING), None)
    if building is None:
        return
    syndic, today = _actor(context, "syndic"), date.today()
    firms = [await contractors.create_contractor(conn, syndic, values) for values in (
        {"company_name": "Plomberie Dupont SRL", "enterprise_number": "0403.170.701", "vat_number": "BE0403170701",
         "iban": "BE68 5390 0754 7034", "trades": ["plumbing", "heating"], "contact_name": "Luc Dupont",
         "email": "luc@dupont.example", "phone": "+32 2 555 11 22", "insurer": "AG Insurance",
         "insurance_expires_on": (today + timedelta(days=20)).isoformat()},
        {"company_name": "Toitures Lambert", "enterprise_number": "0202.239.951", "trades": ["roofing"],
         "email": "devis@toitures-lambert.example", "insurance_expires_on": (today + timedelta(days=300)).isoformat()},
        {"company_name": "Couverture Van Damme", "enterprise_number": "0417.497.106", "trades": ["roofing", "masonry"],
         "email": "info@vandamme.example", "insurance_expires_on": (today + timedelta(days=180)).isoformat()})]
    owner = _actor(context, "owner")
    _building, mine = await tickets.report_form(conn, owner, building.id)
    await tickets.report_ticket(conn, owner, None, building.id, {
        "title": "Fuite sous l'évier", "description": "De l'eau coule du siphon depuis ce matin.",
        "unit_id": str(mine[0][0]) if mine else None})
    stairs = await tickets.report_ticket(conn, syndic, None, building.id, {
        "title": "Éclairage de la cage d'escalier", "description": "Le minuteur du 2e étage ne fonctionne plus.",
        "location": "Cage d'escalier, 2e étage"})
    await tickets.triage_ticket(conn, syndic, stairs.id, {"urgency": "normal", "contractor_id": str(firms[0].id),
                                                          "due_on": (today - timedelta(days=5)).isoformat()})
    await quotes.set_threshold(conn, syndic, building.id, {
        "amount": "5000", "quotes_required": 3, "decided_on": date(today.year, 3, 12).isoformat(),
        "reference": "AG ordinaire, point 9 (majorité des deux tiers)"})
    roof = await works.create_work(conn, syndic, building.id, {"title": "Réfection de la toiture", "category": "works",
                                                                "description": "Remplacer les tuiles du versant nord."})
    asked = await quotes.request_quotes(conn, syndic, roof.id, {"contractor_ids": [str(f.id) for f in firms[1:]]})
    for quote, amount in zip(asked, ("7800.00", "8450.00"), strict=False):
        await quotes.record_quote(conn, syndic, quote.id, {"amount_excl_vat": amount, "vat_rate": "6",
                                                           "valid_until": (today + timedelta(days=60)).isoformat()})
    await decisions.add_decision(conn, syndic, building.id, {
        "title": "Faire réviser l'ascenseur", "responsible": "Sophie Dubois (syndic)",
        "due_on": (today - timedelta(days=10)).isoformat()})
    await decisions.add_decision(conn, syndic, building.id, {
        "title": "Demander trois devis pour la toiture", "responsible": "Sophie Dubois (syndic)",
        "due_on": (today + timedelta(days=30)).isoformat(), "status": "in_progress"})
    await decisions.add_decision(conn, syndic, building.id, {
        "title": "Souscrire l'assurance incendie 2026", "responsible": "Conseil de copropriété", "status": "done"})
