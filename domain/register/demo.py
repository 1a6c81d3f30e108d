"""Demo register: lots for the demo buildings (quotas summing to the total in Les Tilleuls), owners, one lot in
indivision 50/50, one in usufruct / bare ownership, a past sale, and the demo owner and board member linked."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import asyncpg

from queries.platform import scopes as qscopes
from queries.register import owners as qo
from queries.register import ownership as qr
from queries.register import units as qu

# number, type, floor, surface, quota
_TILLEULS = [("0A", "apartment", 0, "68.5", 95), ("0B", "apartment", 0, "61", 85), ("1A", "apartment", 1, "74", 100),
             ("1B", "apartment", 1, "66", 90), ("2A", "apartment", 2, "74", 100), ("2B", "apartment", 2, "66", 90),
             ("3A", "apartment", 3, "78", 105), ("3B", "apartment", 3, "69", 95), ("4A", "apartment", 4, "82", 110),
             ("R1", "commercial", 0, "55", 70), ("P1", "parking", -1, "12.5", 30), ("C1", "cellar", -1, "6", 30)]
_VIGNES = [("1", "apartment", 0, "90", 1800), ("2", "apartment", 1, "90", 1800), ("3", "apartment", 2, "85", 1700),
           ("4", "office", 0, "40", 900), ("G1", "parking", -1, "14", 500), ("G2", "parking", -1, "14", 500)]
_JARDINS = [("A01", "apartment", 0, "45", 100), ("A02", "apartment", 0, "52", 110), ("B11", "apartment", 1, "60", 120),
            ("S1", "storage", -1, "4", 10)]
_PEOPLE = {
    "martin": ("Jean", "Martin", "proprietaire@demo.koprogo.be", "+32 470 11 22 33", True),
    "peeters": ("Anne", "Peeters", "conseil@demo.koprogo.be", "+32 471 44 55 66", False),
    "wouters": ("Claire", "Wouters", "claire.wouters@example.be", "+32 472 10 10 10", True),
    "lambert": ("Pierre", "Lambert", "pierre.lambert@example.be", None, False),
    "vandenberghe": ("Georges", "Vandenberghe", None, None, False),
    "rossi": ("Sofia", "Rossi", "sofia.rossi@example.be", None, False),
    "elamrani": ("Youssef", "El Amrani", "y.elamrani@example.be", "+32 475 98 76 54", False),
    "dubois": ("Luc", "Dubois", "luc.dubois@example.be", None, False),
    "janssens": ("Sarah", "Janssens", "sarah.janssens@example.be", None, True),
    "claes": ("Nathalie", "Claes", "nathalie.claes@example.be", None, False),
    "lemaire_m": ("Marie", "Lemaire", "marie.lemaire@example.be", None, False),
    "lemaire_t": ("Thomas", "Lemaire", "thomas.lemaire@example.be", None, False),
    "dupuis": ("Émile", "Dupuis", "emile.dupuis@example.fr", None, False),
    "bernard": ("Chloé", "Bernard", "chloe.bernard@example.fr", None, False),
}
D = date(2015, 6, 1)
_FULL = Fraction(1)
# lot -> [(owner key, kind, share, start, end, contact)]
_TILLEULS_RIGHTS: dict[str, list[tuple[str, str, Fraction, date, date | None, bool]]] = {
    "0A": [("wouters", "full", _FULL, D, None, True)],
    "0B": [("vandenberghe", "full", _FULL, D, date(2021, 3, 1), True), ("lambert", "full", _FULL, date(2021, 3, 1), None, True)],
    "1A": [("martin", "full", _FULL, date(2018, 9, 15), None, True)],
    "1B": [("rossi", "full", _FULL, D, None, True)],
    "2A": [("peeters", "full", _FULL, date(2016, 4, 1), None, True)],
    "2B": [("elamrani", "full", _FULL, D, None, True)],
    "3A": [("dubois", "full", Fraction(1, 2), date(2019, 7, 1), None, True),
           ("janssens", "full", Fraction(1, 2), date(2019, 7, 1), None, False)],
    "3B": [("claes", "full", _FULL, D, None, True)],
    "4A": [("lemaire_m", "usufruct", _FULL, date(2020, 1, 10), None, True),
           ("lemaire_t", "bare", _FULL, date(2020, 1, 10), None, False)],
    "R1": [("boulangerie", "full", _FULL, D, None, True)],
    "P1": [("martin", "full", _FULL, date(2018, 9, 15), None, True)],
    "C1": [("wouters", "full", _FULL, D, None, True)],
}


def _person(key: str, user: Any = None) -> dict[str, Any]:
    first, last, email, phone, shares = _PEOPLE[key]
    return {"kind": "person", "first_name": first, "last_name": last, "company_name": None, "company_number": None,
            "email": email, "phone": phone, "address": None, "city": None, "postal_code": None, "country": None,
            "language": "fr", "accepts_email_notices": email is not None, "shares_contact": shares,
            "user_id": user.id if user else None}


async def _lots(conn: asyncpg.Connection, org_id: Any, building: Any, rows: list[tuple]) -> dict[str, Any]:
    made = {}
    for number, kind, floor, surface, quota in rows:
        made[number] = await qu.insert(conn, org_id, {"building_id": building.id, "number": number, "unit_type": kind,
                                                      "floor": floor, "surface_area": Decimal(surface),
                                                      "quota": quota})
    return made


async def seed_register(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """Lots, owners and rights for the demo buildings."""
    org, users, buildings = context["organization"], context["users"], context["buildings"]
    owners = {k: await qo.insert(conn, org.id, _person(k, users.get({"martin": "owner", "peeters": "board_member"}
                                                                 .get(k, "")))) for k in _PEOPLE}
    owners["boulangerie"] = await qo.insert(conn, org.id, {**_person("wouters"), "kind": "company", "first_name": None,
                                                           "last_name": None, "company_name": "Boulangerie Léonard SRL",
                                                           "company_number": "BE 0456.789.123",
                                                           "email": "contact@boulangerie-leonard.be", "phone": None,
                                                           "shares_contact": False})
    tilleuls = await _lots(conn, org.id, buildings[0], _TILLEULS)
    for number, rights in _TILLEULS_RIGHTS.items():
        await qr.insert(conn, org.id, tilleuls[number].id, [
            qr.NewRight(owners[o].id, kind, share, start, end, contact) for o, kind, share, start, end, contact in rights])
    vignes = await _lots(conn, org.id, buildings[1], _VIGNES)
    for number, key in (("1", "rossi"), ("2", "claes"), ("3", "elamrani"), ("G1", "rossi")):
        await qr.insert(conn, org.id, vignes[number].id, [qr.NewRight(owners[key].id, "full", _FULL, D, None, True)])
    jardins = await _lots(conn, org.id, buildings[2], _JARDINS)
    for number, key in (("A01", "dupuis"), ("A02", "bernard"), ("B11", "dupuis")):
        await qr.insert(conn, org.id, jardins[number].id, [qr.NewRight(owners[key].id, "full", _FULL, D, None, True)])
    await qr.check_now(conn)
    # Anne Peeters sits on the board of Les Tilleuls, where she owns a lot: she sees that building only
    await qscopes.insert(conn, org.id, users["board_member"].id, "board_member", buildings[0].id, date(2024, 6, 1), None)
    context["register"] = {"owners": owners, "lots": {"tilleuls": tilleuls, "vignes": vignes, "jardins": jardins}}


