"""A building's late-interest clause: the bylaws' rate and the clause providing it, or none (the legal rate)."""
from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg

_PUT = """
INSERT INTO interest_settings (organization_id, building_id, bylaws_rate, bylaws_clause) VALUES ($1, $2, $3, $4)
ON CONFLICT (organization_id, building_id) DO UPDATE SET bylaws_rate = $3, bylaws_clause = $4
"""
_DROP = "DELETE FROM interest_settings WHERE organization_id = $1 AND building_id = $2"


async def put(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, rate: Decimal, clause: str) -> None:
    """The bylaws' rate and clause, set or replaced."""
    await conn.execute(_PUT, org_id, building_id, rate, clause)


async def drop(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> None:
    """No bylaws clause: the legal rate applies from the formal notice."""
    await conn.execute(_DROP, org_id, building_id)
