"""A period's settlement (décompte) per owner: the provisions called against the charges allocated."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader

# provisions: issued calls of the nature whose period lies within the span; charges: expenses of that nature
# allocated on a day of it (a cancellation's negative lines included)
_SETTLEMENT = """
WITH called AS (
    SELECT s.owner_id, sum(s.amount) AS amount FROM call_shares s
    JOIN calls c ON c.organization_id = s.organization_id AND c.id = s.call_id
    WHERE s.organization_id = $1 AND c.building_id = $2 AND c.status = 'issued' AND c.kind = $5
      AND c.period_start >= $3 AND c.period_end <= $4
    GROUP BY s.owner_id),
charged AS (
    SELECT l.owner_id, sum(l.amount) AS amount FROM charge_lines l
    JOIN expenses e ON e.organization_id = l.organization_id AND e.id = l.expense_id
    WHERE l.organization_id = $1 AND l.building_id = $2 AND l.charge_date BETWEEN $3 AND $4 AND e.nature = $6
    GROUP BY l.owner_id)
SELECT o.id AS owner_id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       coalesce(called.amount, 0) AS provisions, coalesce(charged.amount, 0) AS charges
FROM called FULL JOIN charged ON charged.owner_id = called.owner_id
JOIN owners o ON o.organization_id = $1 AND o.id = coalesce(called.owner_id, charged.owner_id)
ORDER BY owner_name, o.id
"""


@dataclass(frozen=True)
class OwnerSettlement:
    owner_id: UUID
    owner_name: str
    provisions: Decimal
    charges: Decimal

    @property
    def balance(self) -> Decimal:
        """What is left to pay (negative: a credit for the owner, carried to the next call)."""
        return self.charges - self.provisions


_row = reader(OwnerSettlement)


async def settlement(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, first: date, last: date,
                     call_kind: str, nature: str) -> list[OwnerSettlement]:
    """Each owner's provisions of a kind against the charges of a nature, over [first, last]."""
    return [_row(r) for r in await conn.fetch(_SETTLEMENT, org_id, building_id, first, last, call_kind, nature)]
