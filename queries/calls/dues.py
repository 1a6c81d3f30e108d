"""What an owner paid, building by building: the payments on their accounts (recorded by hand, or matched from a
bank statement — a movement moved to another owner or unmatched reversed on the same source), net."""
from __future__ import annotations

from decimal import Decimal
from uuid import UUID

import asyncpg

_PAID = """
SELECT l.building_id, sum(l.credit - l.debit) AS paid FROM entry_lines l
JOIN journal_entries e ON e.organization_id = l.organization_id AND e.id = l.entry_id
WHERE l.organization_id = $1 AND l.owner_id = $2 AND e.source_kind IN ('owner_payment', 'bank_movement')
GROUP BY l.building_id
"""


async def paid(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> dict[UUID, Decimal]:
    """Per building, what the owner paid in all (payments less their reversals)."""
    return {r["building_id"]: r["paid"] for r in await conn.fetch(_PAID, org_id, owner_id)}
