"""Demo data for `make run`: one syndic firm, its users in every role, buildings (and, from each area, more)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from domain.platform.users import hash_password
from domain.storage import Storage
from queries.platform import users as qa
from queries.register import buildings as qb

DEMO_PASSWORD = "demo-koprogo-2026"
DEMO_LOGINS = [
    ("syndic", "syndic@demo.koprogo.be", DEMO_PASSWORD),
    ("comptable", "comptable@demo.koprogo.be", DEMO_PASSWORD),
    ("conseil de copropriété", "conseil@demo.koprogo.be", DEMO_PASSWORD),
    ("copropriétaire", "proprietaire@demo.koprogo.be", DEMO_PASSWORD),
    ("superadmin", "admin@demo.koprogo.be", DEMO_PASSWORD),
]
# Each area adds its demo rows with an async seeder (conn, context) -> None, where context holds what came before
# (organization, users by role, buildings): listed in order in domain/demo_areas.py.
Seeder = Callable[[asyncpg.Connection, dict[str, Any]], Awaitable[None]]

_BUILDINGS = [
    dict(name="Résidence Les Tilleuls", address="Avenue Louise 231", city="Bruxelles", postal_code="1050",
         country="Belgique", total_units=12, construction_year=1972, jurisdiction="BE", total_quota=1000,
         notice_days=None, association_number=None, iban=None),
    dict(name="Le Clos des Vignes", address="Rue Saint-Gilles 48", city="Liège", postal_code="4000",
         country="Belgique", total_units=8, construction_year=1998, jurisdiction="BE", total_quota=10000,
         notice_days=21, association_number=None, iban=None),
    dict(name="Résidence Les Jardins", address="123 Rue de la Paix", city="Paris", postal_code="75001",
         country="France", total_units=50, construction_year=1985, jurisdiction="FR", total_quota=1000,
         notice_days=None, association_number=None, iban=None),
]


async def demo_accounts_present(conn: asyncpg.Connection) -> list[str]:
    """The demo logins (published passwords) found in this database: a production start refuses to run on it."""
    return [email for _label, email, _pw in DEMO_LOGINS if await qa.user_by_email(conn, email)]


class DemoDatabase(RuntimeError):
    """A production process was pointed at a database that holds the demo accounts."""


async def refuse_demo_database(conn: asyncpg.Connection) -> None:
    """Raise DemoDatabase when the demo accounts are there (their passwords are in the README)."""
    found = await demo_accounts_present(conn)
    if found:
        raise DemoDatabase(
            "KoproGo refuses to start in production on a database that holds the demo accounts "
            f"({', '.join(found)}): their password is published. Use a database of your own "
            "(or KOPROGO_DEV=1 for a development start).")


async def load_demo(conn: asyncpg.Connection, storage: Storage | None = None) -> bool:
    """Load the demo once (its files, such as invoices, into `storage` when given); False when already there."""
    if await qa.user_by_email(conn, DEMO_LOGINS[0][1]):
        return False
    from domain.demo_areas import SEEDERS
    async with conn.transaction():
        org = await qa.insert_organization(conn, "Syndic Démo SRL", "syndic_firm", "contact@demo.koprogo.be",
                                           "+32 2 555 01 23", "Rue Royale 10, 1000 Bruxelles")
        password = hash_password(DEMO_PASSWORD)
        users = {}
        names = {"syndic": "Sophie Dubois", "accountant": "Marc Lambert", "board_member": "Anne Peeters",
                 "owner": "Jean Martin", "superadmin": "Admin Plateforme"}
        for (_label, email, _pw), role in zip(DEMO_LOGINS, names, strict=False):
            user = await qa.insert_user(conn, email, password, names[role], is_superadmin=role == "superadmin")
            if role != "superadmin":
                await qa.add_membership(conn, org.id, user.id, role)
            users[role] = user
        # the board member also owns a lot: two roles, switched from the header
        await qa.add_membership(conn, org.id, users["board_member"].id, "owner")
        buildings = [await qb.insert(conn, org.id, b) for b in _BUILDINGS]
        context = {"organization": org, "users": users, "buildings": buildings, "storage": storage}
        for seeder in SEEDERS:
            await seeder(conn, context)
    return True
