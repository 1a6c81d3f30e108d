"""Owners' written requests for agenda items, and owners who asked to receive convocations themselves."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Request:
    id: UUID
    building_id: UUID
    owner_id: UUID
    owner_name: str
    title: str
    description: str | None
    requested_at: datetime
    status: str
    answer: str | None
    agenda_item_id: UUID | None
    handled_at: datetime | None


_request = reader(Request)


_COLS = """r.id, r.building_id, r.owner_id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))
       AS owner_name, r.title, r.description, r.requested_at, r.status, r.answer, r.agenda_item_id, r.handled_at"""
_FROM = "FROM agenda_requests r JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id"
_FOR_BUILDING = (f"SELECT {_COLS} {_FROM} WHERE r.organization_id = $1 AND r.building_id = $2 "
                 "ORDER BY r.status <> 'pending', r.requested_at, r.id")
_FOR_ORG = (f"SELECT {_COLS} {_FROM} WHERE r.organization_id = $1 "
            "ORDER BY r.status <> 'pending', r.requested_at, r.id")
_FOR_BUILDINGS = (f"SELECT {_COLS} {_FROM} WHERE r.organization_id = $1 AND r.building_id = ANY($2::uuid[]) "
                  "ORDER BY r.status <> 'pending', r.requested_at, r.id")
_FOR_OWNERS = (f"SELECT {_COLS} {_FROM} WHERE r.organization_id = $1 AND r.owner_id = ANY($2::uuid[]) "
               "ORDER BY r.requested_at DESC, r.id")
_GET = f"SELECT {_COLS} {_FROM} WHERE r.organization_id = $1 AND r.id = $2"
_INSERT = ("INSERT INTO agenda_requests (organization_id, building_id, owner_id, title, description) "
           "VALUES ($1, $2, $3, $4, $5) RETURNING id")
_HANDLE = ("UPDATE agenda_requests SET status = $3, answer = $4, agenda_item_id = $5, handled_at = now() "
           "WHERE organization_id = $1 AND id = $2 AND status = 'pending' RETURNING id")
_SUBSCRIBERS = """
SELECT DISTINCT s.owner_id FROM convocation_subscriptions s
JOIN unit_owners r ON r.organization_id = s.organization_id AND r.owner_id = s.owner_id
JOIN units u ON u.organization_id = r.organization_id AND u.id = r.unit_id
WHERE s.organization_id = $1 AND u.building_id = $2 AND r.start_date <= $3 AND (r.end_date IS NULL OR r.end_date > $3)
"""
_SUBSCRIBED = "SELECT owner_id FROM convocation_subscriptions WHERE organization_id = $1 AND owner_id = ANY($2::uuid[])"
_SUBSCRIBE = ("INSERT INTO convocation_subscriptions (organization_id, owner_id) VALUES ($1, $2) "
              "ON CONFLICT DO NOTHING")
_UNSUBSCRIBE = "DELETE FROM convocation_subscriptions WHERE organization_id = $1 AND owner_id = $2"


async def for_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Request]:
    """A building's requests, pending first, oldest first."""
    return [_request(r) for r in await conn.fetch(_FOR_BUILDING, org_id, building_id)]


async def for_org(conn: asyncpg.Connection, org_id: UUID, among: list[UUID] | None) -> list[Request]:
    """The organisation's requests (of the buildings `among` a list, when given), pending first, oldest first."""
    if among is None:
        return [_request(r) for r in await conn.fetch(_FOR_ORG, org_id)]
    return [_request(r) for r in await conn.fetch(_FOR_BUILDINGS, org_id, among)]


async def for_owners(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> list[Request]:
    """Requests made by some owners, latest first."""
    return [_request(r) for r in await conn.fetch(_FOR_OWNERS, org_id, owner_ids)]


async def get(conn: asyncpg.Connection, org_id: UUID, request_id: UUID) -> Request | None:
    """One request."""
    row = await conn.fetchrow(_GET, org_id, request_id)
    return _request(row) if row else None


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_id: UUID, title: str,
                 description: str | None) -> UUID:
    """A new dated request."""
    return await conn.fetchval(_INSERT, org_id, building_id, owner_id, title, description)


async def handle(conn: asyncpg.Connection, org_id: UUID, request_id: UUID, status: str, answer: str | None,
                 item_id: UUID | None) -> bool:
    """Accept or answer a pending request (False if it was already handled)."""
    return await conn.fetchval(_HANDLE, org_id, request_id, status, answer, item_id) is not None


async def subscribers(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, day: date) -> list[UUID]:
    """Co-owners of the building on `day` who asked to receive the convocations."""
    return [r["owner_id"] for r in await conn.fetch(_SUBSCRIBERS, org_id, building_id, day)]


async def subscribed(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> set[UUID]:
    """Which of these owners asked for the convocations."""
    return {r["owner_id"] for r in await conn.fetch(_SUBSCRIBED, org_id, owner_ids)}


async def set_subscription(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, on: bool) -> None:
    """Ask (or stop asking) to receive the convocations."""
    await conn.execute(_SUBSCRIBE if on else _UNSUBSCRIBE, org_id, owner_id)
