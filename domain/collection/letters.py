"""What a reminder letter carries besides its figures: the letterhead (the syndic's firm with its contacts, the
association of co-owners it writes for, the building's address) and the owner's postal address, laid out for a
window envelope (domain/collection/ladder.py's `Letter`)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.platform.organizations import Letterhead
from domain.rules.payment_reference import structured_communication
from queries.collection import letters as q
from queries.collection import plans as qp
from queries.register.buildings import Building

COUNTRIES = {"BE": "Belgique", "FR": "France", "NL": "Nederland", "LU": "Luxembourg", "DE": "Deutschland"}


def address_lines(p: q.Postal, building: Building) -> tuple[str, ...]:
    """The address block: the name, the street, postcode and city, the country when abroad."""
    city = " ".join(x for x in (p.postal_code, p.city) if x)
    country = COUNTRIES.get(p.country.upper(), p.country) if p.country else ""
    home = COUNTRIES.get(building.country.upper(), building.country) if building.country else ""
    lines = [p.name, *p.address.splitlines(), city]
    if country and country.lower() != home.lower():
        lines.append(country.upper())
    return tuple(x.strip() for x in lines if x and x.strip())


async def letterhead(conn: asyncpg.Connection, org_id: UUID, building: Building, signer: str = "") -> Letterhead:
    """The letterhead of the organisation for the building's letters."""
    found = await q.firm(conn, org_id)
    return Letterhead(found.name if found else "", found.address if found else None,
                      found.email if found else None, found.phone if found else None, building.name,
                      building.association_number, building.city, signer)


@dataclass(frozen=True)
class Printed:
    """A letter's letterhead, the owner's address block and how they pay (beneficiary, IBAN, communication)."""
    letterhead: Letterhead | None = None
    address: tuple[str, ...] = ()
    pay: tuple[str, str, str] | None = None
    missed: tuple[date, Decimal] | None = None  # a payment plan's instalment missed, the plan ended that day


PLAIN = Printed()  # a letter without them (a test's)


async def printed(conn: asyncpg.Connection, org_id: UUID, building: Building, owner_ids: list[UUID],
                  day: date | None = None) -> dict[UUID, Printed]:
    """For each owner, what their letter is printed with (four statements for the whole run); `day`: the run's,
    whose lapsed payment plans the letters recall."""
    if not owner_ids:
        return {}
    head = await letterhead(conn, org_id, building)
    postal = await addresses(conn, org_id, building, owner_ids)
    pays = await q.payment(conn, org_id, building.id, owner_ids)
    missed = await qp.lapsed_on(conn, org_id, owner_ids, day) if day else {}
    return {o: Printed(head, postal.get(o, ()), (pays[o].holder, pays[o].iban, structured_communication(
        pays[o].reference)) if o in pays else None, missed.get(o)) for o in owner_ids}


async def addresses(conn: asyncpg.Connection, org_id: UUID, building: Building,
                    owner_ids: list[UUID]) -> dict[UUID, tuple[str, ...]]:
    """Each owner's address block."""
    return {k: address_lines(p, building) for k, p in (await q.postal(conn, org_id, owner_ids)).items()}
