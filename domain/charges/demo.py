"""Demo charges for "Résidence Les Tilleuls": a lift key, expenses approved and allocated (some paid), a draft,
and a payment from the demo owner. Runs after the register's seeder, which gives the building its lots."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import asyncpg

from domain.access import Actor
from domain.charges import expense_lifecycle as life
from domain.charges import expenses, keys
from domain.charges.owner_ledger import record_payment
from domain.errors import DomainError
from domain.rules.allocation import natural_key
from queries.charges import owner_ledger
from queries.register.rights import owners_of_user

BUILDING = "Résidence Les Tilleuls"
# (category, description, supplier, amount excl. VAT, VAT rate, month, day, on the lift key, paid)
EXPENSES = [
    ("insurance", "Assurance incendie de l'immeuble", "Ethias", "2480.00", "0", 1, 15, False, True),
    ("lift", "Entretien trimestriel de l'ascenseur", "Schindler", "640.00", "21", 2, 3, True, True),
    ("cleaning", "Nettoyage des communs — premier trimestre", "Net & Clair SRL", "1350.00", "21", 3, 31, False, True),
    ("energy", "Électricité des communs", "Engie", "412.37", "21", 4, 10, False, False),
    ("syndic_fees", "Honoraires du syndic — premier semestre", "Syndic Démo SRL", "1800.00", "21", 6, 30, False, False),
    ("works", "Réfection de la toiture (acompte)", "Toitures Lambert", "8500.00", "6", 9, 12, False, False),
]


def _actor(context: dict[str, Any], role: str) -> Actor:
    user, org = context["users"][role], context["organization"]
    return Actor(user.id, user.email, user.full_name, org.id, org.name, role, [role])


async def seed_charges(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """Charges for the demo building; nothing when the register gave it no lots."""
    building = next((b for b in context["buildings"] if b.name == BUILDING), None)
    lots = await keys.building_lots(conn, context["organization"].id, building.id) if building else []
    if building is None or not lots:
        return
    syndic, year = _actor(context, "syndic"), date.today().year
    upper = sorted(lots, key=lambda lot: (lot.floor or 0, natural_key(lot.number)))[len(lots) // 2:]
    lift = await keys.create_key(conn, syndic, building.id, {
        "name": "Ascenseur", "weights": {str(lot.id): max(lot.floor or 1, 1) for lot in upper}})
    made = []
    for category, text, supplier, amount, rate, month, day, on_lift, paid in EXPENSES:
        expense = await expenses.create_expense(conn, syndic, {
            "category": category, "description": text, "supplier": supplier, "amount_excl_vat": amount,
            "vat_rate": rate, "invoice_date": date(year, month, day).isoformat(),
            "sharing_key_id": str(lift.id) if on_lift else ""}, building.id)
        made.append(await _approve(conn, syndic, expense.id, paid, date(year, month, day)))
    await expenses.create_expense(conn, _actor(context, "accountant"), {
        "category": "water", "description": "Eau — relevé annuel", "supplier": "Vivaqua", "amount_excl_vat": "965.40",
        "vat_rate": "6", "invoice_date": date(year, 10, 5).isoformat()}, building.id)
    await _owner_payment(conn, context, building, year)
    context["charges"] = {"lift_key": lift, "expenses": made}


async def _approve(conn: asyncpg.Connection, syndic: Actor, expense_id: Any, paid: bool, day: date) -> Any:
    """Approve (allocate) and maybe mark paid; a lot without owners leaves the expense a draft."""
    try:
        expense = await life.approve_expense(conn, syndic, expense_id)
        if paid:
            expense = await life.mark_paid(conn, syndic, expense_id, {"paid_on": day.isoformat(),
                                                                       "payment_reference": "VIR-DEMO"})
        return expense
    except DomainError:
        return await expenses.get_expense(conn, syndic, expense_id)


async def _owner_payment(conn: asyncpg.Connection, context: dict[str, Any], building: Any, year: int) -> None:
    """The demo owner paid part of their charges."""
    org = context["organization"]
    mine = await owners_of_user(conn, org.id, context["users"]["owner"].id)
    in_building = {o.id for o in await owner_ledger.owners_of_building(conn, org.id, building.id)}
    for owner_id in [o for o in mine if o in in_building][:1]:
        await record_payment(conn, _actor(context, "accountant"), building.id, {
            "owner_id": str(owner_id), "amount": str(Decimal("500.00")), "paid_on": date(year, 4, 30).isoformat(),
            "reference": "+++090/1234/56789+++"})


