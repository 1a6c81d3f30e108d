"""What owners owe item by item, read from the books: each entry that debited an owner's account (net, per entry)
is a due item — a call's share due on the call's due date, anything else on its entry date — and each entry that
credited it (payments, credits, reversals) is money applied to the oldest due first. The whole firm's arrears in
one set-based statement."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader

_NAME = "coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))"

# $1 organisation, $2 a building or NULL (every building), $3 the buildings a member is limited to or NULL.
# The opening journal's carried balances are left out: they repeat what earlier lines add up to.
_ITEMS = """
WITH l0 AS (
    SELECT l.building_id, l.owner_id, l.entry_id, min(l.entry_date) AS entry_date, sum(l.debit - l.credit) AS net
    FROM entry_lines l
    WHERE l.organization_id = $1 AND l.owner_id IS NOT NULL
      AND ($2::uuid IS NULL OR l.building_id = $2) AND ($3::uuid[] IS NULL OR l.building_id = ANY($3))
    GROUP BY l.building_id, l.owner_id, l.entry_id),
l AS (SELECT l0.*, e.source_kind, e.source_id
      FROM l0 JOIN journal_entries e ON e.organization_id = $1 AND e.id = l0.entry_id
      WHERE e.source_kind <> 'opening'
        -- a cancelled call and its reversal are no item and no payment: what was paid stays a credit
        AND NOT (e.source_kind = 'call_for_funds' AND EXISTS (
            SELECT 1 FROM calls k WHERE k.organization_id = $1 AND k.id = e.source_id AND k.status = 'cancelled'))),
paid AS (SELECT building_id, owner_id, sum(-net) AS paid FROM l WHERE net < 0 GROUP BY building_id, owner_id),
d AS (SELECT l.*, coalesce(x.due_date, c.due_date, l.entry_date) AS due_date
      FROM l LEFT JOIN calls c ON c.organization_id = $1 AND l.source_kind = 'call_for_funds' AND c.id = l.source_id
      LEFT JOIN call_due_overrides x ON x.organization_id = $1 AND x.call_id = c.id AND x.owner_id = l.owner_id
      WHERE l.net > 0),
r AS (SELECT d.*, sum(d.net) OVER (PARTITION BY d.building_id, d.owner_id
                                   ORDER BY d.due_date, d.entry_date, d.entry_id) AS cum FROM d),
items AS (
    SELECT r.building_id, r.owner_id, r.entry_id, r.source_kind, r.due_date, r.net AS amount,
           least(r.net, greatest(r.cum - coalesce(p.paid, 0), 0)) AS outstanding
    FROM r LEFT JOIN paid p ON p.building_id = r.building_id AND p.owner_id = r.owner_id)
"""
_OPEN_ITEMS = _ITEMS + """
SELECT i.building_id, i.owner_id, i.entry_id, i.source_kind, i.due_date, i.amount, i.outstanding,
       coalesce(e.label, '') AS label
FROM items i JOIN journal_entries e ON e.organization_id = $1 AND e.id = i.entry_id
WHERE i.outstanding > 0 AND ($4::uuid IS NULL OR i.owner_id = $4)
ORDER BY i.building_id, i.owner_id, i.due_date, i.entry_id
"""
# Per owner and building, what is overdue on $4 by age, the part older than the previous year (the Belgian
# privilege covers the current and the previous year only), the oldest due date, the last step sent on it.
_ARREARS = _ITEMS + """,
late AS (SELECT i.*, $4::date - i.due_date AS days FROM items i WHERE i.outstanding > 0 AND i.due_date < $4),
per AS (
    SELECT building_id, owner_id, sum(outstanding) AS total,
           sum(outstanding) FILTER (WHERE days <= 30) AS d30,
           sum(outstanding) FILTER (WHERE days BETWEEN 31 AND 60) AS d60,
           sum(outstanding) FILTER (WHERE days BETWEEN 61 AND 90) AS d90,
           sum(outstanding) FILTER (WHERE days > 90) AS older,
           sum(outstanding) FILTER (WHERE due_date < make_date(extract(year FROM $4::date)::int - 1, 1, 1))
               AS at_risk,
           min(due_date) AS oldest_due,
           (array_agg(entry_id ORDER BY due_date, entry_id))[1] AS oldest_entry
    FROM late GROUP BY building_id, owner_id)
SELECT p.building_id, b.name AS building_name, b.jurisdiction, p.owner_id, """ + _NAME + """ AS owner_name,
       p.total, coalesce(p.d30, 0) AS d30, coalesce(p.d60, 0) AS d60, coalesce(p.d90, 0) AS d90,
       coalesce(p.older, 0) AS older, coalesce(p.at_risk, 0) AS at_risk, p.oldest_due,
       coalesce((SELECT max(ri.step) FROM reminder_items ri WHERE ri.organization_id = $1
                 AND ri.owner_id = p.owner_id AND ri.entry_id = p.oldest_entry), 0) AS last_step,
       EXISTS (SELECT 1 FROM owner_holds h WHERE h.organization_id = $1 AND h.owner_id = p.owner_id
               AND h.ended_on IS NULL AND $4::date BETWEEN h.starts_on AND h.ends_on) AS on_hold
FROM per p
JOIN buildings b ON b.organization_id = $1 AND b.id = p.building_id
JOIN owners o ON o.organization_id = $1 AND o.id = p.owner_id
ORDER BY p.total DESC, p.oldest_due, p.owner_id, p.building_id
LIMIT $5
"""


@dataclass(frozen=True)
class OpenItem:
    building_id: UUID
    owner_id: UUID
    entry_id: UUID
    source_kind: str
    due_date: date
    amount: Decimal
    outstanding: Decimal
    label: str


_item = reader(OpenItem)


@dataclass(frozen=True)
class Arrears:
    building_id: UUID
    building_name: str
    jurisdiction: str
    owner_id: UUID
    owner_name: str
    total: Decimal
    d30: Decimal
    d60: Decimal
    d90: Decimal
    older: Decimal
    at_risk: Decimal
    oldest_due: date
    last_step: int
    on_hold: bool


_arrears = reader(Arrears)


async def open_items(conn: asyncpg.Connection, org_id: UUID, building_id: UUID | None,
                     only: list[UUID] | None = None, owner_id: UUID | None = None) -> list[OpenItem]:
    """Every item still (partly) unpaid, oldest due first per owner and building (payments applied FIFO)."""
    return [_item(r) for r in await conn.fetch(_OPEN_ITEMS, org_id, building_id, only, owner_id)]


async def arrears(conn: asyncpg.Connection, org_id: UUID, building_id: UUID | None, only: list[UUID] | None,
                  today: date, limit: int = 1000) -> list[Arrears]:
    """Owners with something overdue on `today`, the largest debt first, in one statement for the whole firm."""
    return [_arrears(r) for r in await conn.fetch(_ARREARS, org_id, building_id, only, today, limit)]
