"""Small helpers for the maintenance and board tests: contractors, tickets, works with quotes, actors read back
through their token (so a board member carries their mandates' buildings)."""
from __future__ import annotations

from typing import Any

import asyncpg

from domain.access import Actor
from domain.maintenance import contractors, quotes, tickets, works
from domain.platform.users import authenticate
from tests.factories import n, token

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
       b"\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")
ENTERPRISE = "0403.170.701"  # a true Belgian enterprise number


def be_number(i: int) -> str:
    """A valid Belgian enterprise number, different for each i."""
    first = 10_000_000 + i
    return f"{first:08d}{97 - first % 97:02d}"


async def read_actor(conn: asyncpg.Connection, user: Any, org: Any, role: str) -> Actor:
    """The actor as a request carries it (a board member's buildings, an accountant's)."""
    found = await authenticate(conn, await token(conn, user, org, role), "bearer")
    assert found is not None
    return found


async def make_contractor(conn: asyncpg.Connection, syndic: Actor, **over: Any) -> Any:
    values = {"company_name": f"Plomberie {n()}", "enterprise_number": be_number(n()), "trades": ["plumbing"],
              "email": f"pro{n()}@example.test", **over}
    return await contractors.create_contractor(conn, syndic, values)


async def make_ticket(conn: asyncpg.Connection, reporter: Actor, building_id: Any, **over: Any) -> Any:
    values = {"title": "Fuite", "description": "De l'eau dans la cage d'escalier", **over}
    return await tickets.report_ticket(conn, reporter, None, building_id, values)


async def make_work_with_quotes(conn: asyncpg.Connection, syndic: Actor, building_id: Any, amounts: list[str],
                                rate: str = "21") -> tuple[Any, list[Any]]:
    """A job with one received quote per amount (excluding VAT), from as many new contractors."""
    work = await works.create_work(conn, syndic, building_id, {"title": f"Toiture {n()}"})
    firms = [await make_contractor(conn, syndic) for _ in amounts]
    asked = await quotes.request_quotes(conn, syndic, work.id, {"contractor_ids": [str(c.id) for c in firms]})
    by_firm = {q.contractor_id: q for q in asked}
    received = [await quotes.record_quote(conn, syndic, by_firm[c.id].id, {"amount_excl_vat": a, "vat_rate": rate})
                for c, a in zip(firms, amounts, strict=True)]
    return work, received
