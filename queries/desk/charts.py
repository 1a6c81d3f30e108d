"""The desk's charts: a building's charges by category over the years, and what owners owe by age."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class CategoryYear:
    year: int
    category: str
    amount: Decimal


@dataclass(frozen=True)
class AgeBucket:
    bucket: int  # 0: up to 30 days, 1: 31–60, 2: 61–90, 3: over 90
    amount: Decimal
    owners: int


_category_year, _bucket = reader(CategoryYear), reader(AgeBucket)

_BY_CATEGORY = """
SELECT extract(year FROM invoice_date)::int AS year, category, sum(total) AS amount
FROM expenses
WHERE organization_id = $1 AND building_id = $2 AND status IN ('approved', 'paid')
GROUP BY 1, 2 ORDER BY 1, 2
"""
# What each owner owes in each building (charges and opening balances less payments, when positive) is spread
# over their most recent charges first (payments settle the oldest): each charge's unpaid part, aged by its date.
_ARREARS = """
WITH mine AS (
    SELECT b.id FROM buildings b
    WHERE b.organization_id = $1 AND ($2::uuid[] IS NULL OR b.id = ANY($2::uuid[])) AND ($4::uuid IS NULL OR b.id = $4)
), debits AS (
    SELECT c.building_id, c.owner_id, c.charge_date AS day, c.amount, c.id::text AS tie FROM charge_lines c
    WHERE c.organization_id = $1 AND c.building_id IN (SELECT id FROM mine) AND c.amount > 0
    UNION ALL
    SELECT o.building_id, o.owner_id, o.as_of, o.amount, o.id::text FROM opening_balances o
    WHERE o.organization_id = $1 AND o.building_id IN (SELECT id FROM mine) AND o.amount > 0
), owed AS (
    SELECT building_id, owner_id, sum(amount) AS owed FROM (
        SELECT building_id, owner_id, amount FROM charge_lines
        WHERE organization_id = $1 AND building_id IN (SELECT id FROM mine)
        UNION ALL SELECT building_id, owner_id, amount FROM opening_balances
        WHERE organization_id = $1 AND building_id IN (SELECT id FROM mine)
        UNION ALL SELECT building_id, owner_id, -amount FROM owner_payments
        WHERE organization_id = $1 AND building_id IN (SELECT id FROM mine)
    ) x GROUP BY building_id, owner_id HAVING sum(amount) > 0
), ranked AS (
    SELECT d.owner_id, d.day, d.amount, w.owed,
           sum(d.amount) OVER (PARTITION BY d.building_id, d.owner_id ORDER BY d.day DESC, d.tie
                               ROWS UNBOUNDED PRECEDING) AS newest_first
    FROM debits d JOIN owed w ON w.building_id = d.building_id AND w.owner_id = d.owner_id
), unpaid AS (
    SELECT owner_id, day, greatest(0, least(amount, owed - (newest_first - amount))) AS part FROM ranked
)
SELECT CASE WHEN $3::date - day <= 30 THEN 0 WHEN $3::date - day <= 60 THEN 1 WHEN $3::date - day <= 90 THEN 2
            ELSE 3 END AS bucket,
       sum(part) AS amount, count(DISTINCT owner_id) AS owners
FROM unpaid WHERE part > 0
GROUP BY 1 ORDER BY 1
"""


async def charges_by_category(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[CategoryYear]:
    """A building's approved charges per year and category."""
    return [_category_year(r) for r in await conn.fetch(_BY_CATEGORY, org_id, building_id)]


async def arrears_by_age(conn: asyncpg.Connection, org_id: UUID, buildings: list[UUID] | None, today: date,
                         building_id: UUID | None = None) -> list[AgeBucket]:
    """What owners owe, by the age of the charges left unpaid (one building, or every one in reach)."""
    return [_bucket(r) for r in await conn.fetch(_ARREARS, org_id, buildings, today, building_id)]
