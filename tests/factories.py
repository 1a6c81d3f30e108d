"""Small async factories that call the real query functions with unique defaults."""
from __future__ import annotations

import itertools
import re
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from typing import Any

import asyncpg

from domain.access import Actor
from domain.platform.users import csrf_for, hash_password, hash_token
from queries.platform import scopes as qscopes
from queries.platform import users as qa
from queries.register import buildings as qb
from queries.register import owners as qo
from queries.register import ownership as qr
from queries.register import units as qu

PASSWORD = "password-123456"
_HASH = hash_password(PASSWORD)
_seq = itertools.count(1)


def n() -> int:
    """A number unique in this test session."""
    return next(_seq)


async def make_org(conn: asyncpg.Connection, name: str | None = None) -> qa.Organization:
    return await qa.insert_organization(conn, name or f"Syndic {n()}")


async def make_user(conn: asyncpg.Connection, org: qa.Organization | None, *roles: str,
                    email: str | None = None, superadmin: bool = False) -> qa.User:
    """A user with `roles` in `org` (password: PASSWORD)."""
    user = await qa.insert_user(conn, email or f"user{n()}@example.test", _HASH, f"User {n()}",
                                is_superadmin=superadmin)
    for role in roles:
        await qa.add_membership(conn, org.id, user.id, role)  # type: ignore[union-attr]
    return user


def actor(user: qa.User, org: qa.Organization | None, role: str, roles: list[str] | None = None) -> Actor:
    """The Actor a use case receives."""
    return Actor(user.id, user.email, user.full_name, org.id if org else None, org.name if org else None, role,
                 roles or [role], user.is_superadmin)


async def token(conn: asyncpg.Connection, user: qa.User, org: qa.Organization | None, role: str,
                kind: str = "bearer") -> str:
    """A live token for the user acting in `role`."""
    value = f"test-token-{n()}-{user.id}"
    await qa.insert_token(conn, hash_token(value), kind, user.id, org.id if org else None, role,
                          datetime.now(UTC) + timedelta(hours=1))
    return value


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


async def make_building(conn: asyncpg.Connection, org: qa.Organization, **over: Any) -> qb.Building:
    values = dict(name=f"Résidence {n()}", address="Rue Haute 1", city="Bruxelles", postal_code="1000",
                  country="Belgique", total_units=10, construction_year=1990, jurisdiction="BE",
                  total_quota=1000, notice_days=None, association_number=None, iban=None)
    values.update(over)
    return await qb.insert(conn, org.id, values)


async def api_user(conn: asyncpg.Connection, role: str = "syndic", org: qa.Organization | None = None):
    """(org, user, bearer headers) for a user acting in `role`."""
    org = org or await make_org(conn)
    user = await make_user(conn, org, role)
    return org, user, bearer(await token(conn, user, org, role))


async def browser_login(client, conn: asyncpg.Connection, role: str = "syndic",  # type: ignore[no-untyped-def]
                        org: qa.Organization | None = None):
    """Log a test client in through the HTML session cookie; returns (org, user, csrf token)."""
    org = org or await make_org(conn)
    user = await make_user(conn, org, role)
    value = await token(conn, user, org, role, kind="session")
    client.set_cookie("localhost", "kg_session", value)
    return org, user, csrf_for(value)


def csrf_from(html: str) -> str:
    """The CSRF token of the first form of a page."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


async def make_unit(conn: asyncpg.Connection, org: qa.Organization, building: qb.Building, number: str | None = None,
                    quota: int = 100, unit_type: str = "apartment", floor: int | None = 1) -> Any:
    """A lot (unit) of the building, as a mapping (unit["id"], unit["number"], …)."""
    unit = await qu.insert(conn, org.id, {"building_id": building.id, "number": number or str(n()),
                                          "unit_type": unit_type, "floor": floor, "surface_area": None,
                                          "quota": quota})
    return asdict(unit)


async def make_owner(conn: asyncpg.Connection, org: qa.Organization, last_name: str | None = None,
                     user: qa.User | None = None, email: str | None = None, **over: Any) -> Any:
    """A natural-person owner (optionally linked to a user account), as a mapping (owner["id"], …)."""
    values = {f: None for f in qo.FIELDS}
    values.update(kind="person", first_name="Alex", last_name=last_name or f"Owner{n()}", email=email,
                  user_id=user.id if user else None, language="fr", accepts_email_notices=False,
                  shares_contact=False, address="Rue des Essais 1", postal_code="1000", city="Bruxelles")
    values.update(over)
    return asdict(await qo.insert(conn, org.id, values))


async def give_right(conn: asyncpg.Connection, org: qa.Organization, unit: Any, owner: Any, share: tuple[int, int] = (1, 1),
                     kind: str = "full", start: Any = None, end: Any = None, contact: bool = True) -> Any:
    """An ownership right of `owner` on `unit` from `start` (default 2020-01-01), as a mapping. The database
    checks that the lot's shares sum to 100 % at commit (deferred), so build a lot's rights completely."""
    right = qr.NewRight(owner["id"], kind, Fraction(*share), start or date(2020, 1, 1), end, contact)
    [right_id] = await qr.insert(conn, org.id, unit["id"], [right])
    row = next(r for r in await qr.of_unit(conn, org.id, unit["id"]) if r.id == right_id)
    return {**asdict(row), "organization_id": org.id}


async def sit_on_board(conn: asyncpg.Connection, org: qa.Organization, user: qa.User, building: qb.Building,
                       start: date | None = None, end: date | None = None) -> Any:
    """A board mandate of `user` (who holds the board role) on `building`, from `start` (default 2020-01-01)."""
    return await qscopes.insert(conn, org.id, user.id, "board_member", building.id, start or date(2020, 1, 1), end)


async def board_user(conn: asyncpg.Connection, org: qa.Organization, *buildings: qb.Building):
    """(user, bearer headers) of a board member sitting on the boards of `buildings`."""
    user = await make_user(conn, org, "board_member")
    for building in buildings:
        await sit_on_board(conn, org, user, building)
    return user, bearer(await token(conn, user, org, "board_member"))


async def the_day_comes(conn: asyncpg.Connection, meeting_id: Any) -> None:
    """Time passes up to a convened meeting: it was scheduled an hour ago (a session opens only from its time)."""
    await conn.execute("UPDATE meetings SET scheduled_at = date_trunc('minute', now() AT TIME ZONE 'Europe/Brussels') "
                       "- interval '1 hour' WHERE id = $1", meeting_id)
