"""In-app notices and the e-mail preferences per kind (migration 0201)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Recipient:
    """Someone a notice was written for: their address and language, whether they want the e-mail too."""
    user_id: UUID
    email: str
    locale: str
    wants_email: bool


_recipient = reader(Recipient)


@dataclass(frozen=True)
class Notice:
    id: UUID
    kind: str
    template: str
    params: dict[str, Any]
    path: str
    building_id: UUID | None
    created_at: datetime
    read_at: datetime | None


_notice = reader(Notice)

# Who is notified: the users named, the accounts linked to the owners named, the accounts of the owners who hold
# a lot of the building on the day; each once, and only a member of the organisation. One notice each, and who
# they are with their e-mail preference for the kind (an e-mail unless they said no).
_NOTIFY = """
WITH wanted AS (
    SELECT unnest($2::uuid[]) AS user_id
    UNION SELECT o.user_id FROM owners o
      WHERE o.organization_id = $1 AND o.id = ANY($3::uuid[]) AND o.user_id IS NOT NULL
    UNION SELECT o.user_id FROM unit_owners uo
      JOIN units u ON u.organization_id = uo.organization_id AND u.id = uo.unit_id
      JOIN owners o ON o.organization_id = uo.organization_id AND o.id = uo.owner_id
      WHERE uo.organization_id = $1 AND u.building_id = $4 AND o.user_id IS NOT NULL
        AND uo.start_date <= $5 AND (uo.end_date IS NULL OR uo.end_date > $5)
), members AS (
    SELECT DISTINCT w.user_id FROM wanted w
    JOIN memberships m ON m.organization_id = $1 AND m.user_id = w.user_id
), written AS (
    INSERT INTO notices (organization_id, user_id, kind, template, params, path, building_id)
    SELECT $1, user_id, $6, $7, $8, $9, $10 FROM members
    RETURNING user_id
)
SELECT u.id AS user_id, u.email, u.locale, coalesce(p.email, true) AS wants_email
FROM written w JOIN users u ON u.id = w.user_id
LEFT JOIN notice_preferences p ON p.organization_id = $1 AND p.user_id = w.user_id AND p.kind = $6
ORDER BY u.id
"""
_LIST = """
SELECT id, kind, template, params, path, building_id, created_at, read_at FROM notices
WHERE organization_id = $1 AND user_id = $2
ORDER BY created_at DESC, id LIMIT $3 OFFSET $4
"""
_COUNT = "SELECT count(*) FROM notices WHERE organization_id = $1 AND user_id = $2"
_UNREAD = "SELECT count(*) FROM notices WHERE organization_id = $1 AND user_id = $2 AND read_at IS NULL"
_MARK_READ = ("UPDATE notices SET read_at = now() WHERE organization_id = $1 AND user_id = $2 AND id = $3 "
              "RETURNING id, kind, template, params, path, building_id, created_at, read_at")
_MARK_ALL = ("UPDATE notices SET read_at = now() WHERE organization_id = $1 AND user_id = $2 AND read_at IS NULL")
_PREFERENCES = "SELECT kind, email FROM notice_preferences WHERE organization_id = $1 AND user_id = $2"
_SET_PREFERENCES = """
INSERT INTO notice_preferences (organization_id, user_id, kind, email)
SELECT $1, $2, k, e FROM unnest($3::text[], $4::boolean[]) AS t(k, e)
ON CONFLICT (organization_id, user_id, kind) DO UPDATE SET email = EXCLUDED.email, updated_at = now()
"""


async def notify(conn: asyncpg.Connection, org_id: UUID, user_ids: list[UUID], owner_ids: list[UUID],
                 building_id: UUID | None, day: date, kind: str, template: str, params: dict[str, Any], path: str,
                 notice_building: UUID | None) -> list[Recipient]:
    """Write one notice per recipient (see _NOTIFY); who they are."""
    rows = await conn.fetch(_NOTIFY, org_id, user_ids, owner_ids, building_id, day, kind, template, params, path,
                            notice_building)
    return [_recipient(r) for r in rows]


async def of_user(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, limit: int, offset: int) -> list[Notice]:
    """A user's notices, newest first."""
    return [_notice(r) for r in await conn.fetch(_LIST, org_id, user_id, limit, offset)]


async def count(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> int:
    """How many notices the user has."""
    return await conn.fetchval(_COUNT, org_id, user_id)


async def unread(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> int:
    """How many are unread (one index-only count)."""
    return await conn.fetchval(_UNREAD, org_id, user_id)


async def mark_read(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, notice_id: UUID) -> Notice | None:
    """Mark one of the user's notices read; None when it is not theirs."""
    row = await conn.fetchrow(_MARK_READ, org_id, user_id, notice_id)
    return _notice(row) if row else None


async def mark_all_read(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> None:
    """Mark every notice of the user read."""
    await conn.execute(_MARK_ALL, org_id, user_id)


async def preferences(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> dict[str, bool]:
    """The kinds the user chose for (e-mail yes or no); the others: yes."""
    return {r["kind"]: r["email"] for r in await conn.fetch(_PREFERENCES, org_id, user_id)}


async def set_preferences(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, choices: dict[str, bool]) -> None:
    """Store the user's e-mail choice for each kind given."""
    kinds = sorted(choices)
    await conn.execute(_SET_PREFERENCES, org_id, user_id, kinds, [choices[k] for k in kinds])


# Many events at once for owners only (a firm's calls issued together): each event (its index `g`) notifies the
# accounts linked to its owners, each once, members only; its text and page its own.
_NOTIFY_MANY = """
WITH wanted AS (
    SELECT DISTINCT ON (x.g, o.user_id) x.g, o.user_id, x.t, x.pa, x.pt, x.b
    FROM unnest($3::int[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::uuid[]) AS x(g, owner_id, t, pa, pt, b)
    JOIN owners o ON o.organization_id = $1 AND o.id = x.owner_id AND o.user_id IS NOT NULL
    JOIN memberships m ON m.organization_id = $1 AND m.user_id = o.user_id
    ORDER BY x.g, o.user_id
), written AS (
    INSERT INTO notices (organization_id, user_id, kind, template, params, path, building_id)
    SELECT $1, user_id, $2, t, pa::jsonb, pt, b FROM wanted ORDER BY g, user_id
    RETURNING user_id, template, params, path
)
SELECT count(*) FROM written
"""


async def notify_owners_many(conn: asyncpg.Connection, org_id: UUID, kind: str,
                             rows: Sequence[tuple[int, UUID, str, str, str, UUID | None]]) -> int:
    """One notice per (event, linked account) from rows (event, owner, template, params as JSON text, path,
    building); how many were written."""
    cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(6)]
    return int(await conn.fetchval(_NOTIFY_MANY, org_id, kind, *cols))
