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

# $1 organisation, then in _OPEN_ITEMS_OF[(building, buildings, owner)] for each that is True: $2… the building,
# the buildings a member is limited to, the owner (one statement per case: the plan PostgreSQL keeps for a
# prepared statement, a generic one after five runs, is then made for its case, not for "$2 IS NULL OR …").
# The opening journal's carried balances are left out: they repeat what earlier lines add up to.
_ITEMS = """
WITH l0 AS (
    SELECT l.building_id, l.owner_id, l.entry_id, min(l.entry_date) AS entry_date, sum(l.debit - l.credit) AS net
    FROM entry_lines l
    WHERE l.organization_id = $1 AND l.owner_id IS NOT NULL{filters}
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
WHERE i.outstanding > 0
ORDER BY i.building_id, i.owner_id, i.due_date, i.entry_id
"""


def _filters(building: bool, buildings: bool, owner: bool) -> str:
    """The lines' filters of one case, numbered from $2 (each owner's items depend on their lines alone)."""
    parts = [p for on, p in ((building, "l.building_id = $?"), (buildings, "l.building_id = ANY($?::uuid[])"),
                             (owner, "l.owner_id = $?")) if on]
    return "".join(f" AND {p.replace('$?', f'${n}')}" for n, p in enumerate(parts, start=2))


_OPEN_ITEMS_AT = _OPEN_ITEMS.split("{filters}")  # the lines' filters go between the two parts
_OPEN_ITEMS_OF = {(b, bs, o): _filters(b, bs, o).join(_OPEN_ITEMS_AT)
                  for b in (False, True) for bs in (False, True) for o in (False, True)}
# Per owner and building, what is overdue on the day by age, the part older than the previous year (the Belgian
# privilege covers the current and the previous year only), the oldest due date, the last step sent on it.
# Without a running sum over every item: payments go to the oldest due first, so what is still owed is the last
# `balance` euros of the items in due order, and the part of it due on or after a day X is
# least(balance, the items due on or after X) — one pass per owner for every bucket. Only the oldest item still
# owed needs the items one by one: the running sum (newest first) over the items due on or after the latest
# bucket's bound that already covers the balance.
# $1 organisation, $2 the day, $3 the rows at most, and in _ARREARS_OF["building"] $4 the building, in
# _ARREARS_OF["buildings"] $4 the buildings a member is limited to (one statement per case, as above). The lines
# are read in the order of the index entry_lines_owner (migration 0143: no heap, no hash of every item); an
# entry's lines all carry its date.
_ARREARS = """
WITH l0 AS (
    SELECT l.building_id, l.owner_id, l.entry_date, l.entry_id, sum(l.debit - l.credit) AS net
    FROM entry_lines l
    WHERE l.organization_id = $1 AND l.owner_id IS NOT NULL {buildings}
    GROUP BY l.owner_id, l.building_id, l.entry_date, l.entry_id),
-- the entries that change an item: a call's (due on its due date), the opening journal's (left out)
sp AS (SELECT e.id, e.source_kind, e.source_id FROM journal_entries e
       WHERE e.organization_id = $1 AND e.source_kind IN ('call_for_funds', 'opening')),
d AS (SELECT l0.building_id, l0.owner_id, l0.entry_id, l0.entry_date, l0.net,
             coalesce(x.due_date, c.due_date, l0.entry_date) AS due_date
      FROM l0 LEFT JOIN sp ON sp.id = l0.entry_id
      LEFT JOIN calls c ON c.organization_id = $1 AND sp.source_kind = 'call_for_funds' AND c.id = sp.source_id
      LEFT JOIN call_due_overrides x ON x.organization_id = $1 AND x.call_id = c.id AND x.owner_id = l0.owner_id
      -- a cancelled call and its reversal are no item and no payment: what was paid stays a credit
      WHERE sp.source_kind IS DISTINCT FROM 'opening' AND c.status IS DISTINCT FROM 'cancelled'),
-- each item in its age bucket first (0: not due yet, 1-3: thirty days each, 4: the previous year, 5: older; 6: money
-- paid or credited), one sum per bucket: then each threshold's sum over at most seven rows per owner
k AS (SELECT building_id, owner_id, sum(net) AS net,
             CASE WHEN net <= 0 THEN 6 WHEN due_date >= $2::date THEN 0 WHEN due_date >= $2::date - 30 THEN 1
                  WHEN due_date >= $2::date - 60 THEN 2 WHEN due_date >= $2::date - 90 THEN 3
                  WHEN due_date >= make_date(extract(year FROM $2::date)::int - 1, 1, 1) THEN 4 ELSE 5 END AS k
      FROM d GROUP BY 1, 2, 4),
s AS (SELECT building_id, owner_id, sum(net) AS balance,
             coalesce(sum(net) FILTER (WHERE k = 0), 0.00) AS s0,
             coalesce(sum(net) FILTER (WHERE k <= 1), 0.00) AS s30,
             coalesce(sum(net) FILTER (WHERE k <= 2), 0.00) AS s60,
             coalesce(sum(net) FILTER (WHERE k <= 3), 0.00) AS s90,
             coalesce(sum(net) FILTER (WHERE k <= 4), 0.00) AS sy
      FROM k GROUP BY building_id, owner_id),
per AS (SELECT building_id, owner_id, balance, s0 AS o0, least(balance, s30) AS o30, least(balance, s60) AS o60,
               least(balance, s90) AS o90, least(balance, sy) AS oy,
               CASE WHEN s30 >= balance THEN $2::date - 30 WHEN s60 >= balance THEN $2::date - 60
                    WHEN s90 >= balance THEN $2::date - 90
                    WHEN sy >= balance THEN make_date(extract(year FROM $2::date)::int - 1, 1, 1)
                    ELSE '-infinity'::date END AS since
        FROM s WHERE s0 < balance),
w AS (SELECT p.*, d.entry_id, d.due_date, d.net,
             sum(d.net) OVER (PARTITION BY p.building_id, p.owner_id
                              ORDER BY d.due_date DESC, d.entry_date DESC, d.entry_id DESC) AS after_incl
      FROM d JOIN per p ON p.building_id = d.building_id AND p.owner_id = d.owner_id
      WHERE d.net > 0 AND d.due_date >= p.since),
x AS (SELECT DISTINCT ON (building_id, owner_id) * FROM w WHERE after_incl - net < balance AND due_date < $2
      ORDER BY building_id, owner_id, due_date, entry_id)
SELECT x.building_id, b.name AS building_name, b.jurisdiction, x.owner_id, """ + _NAME + """ AS owner_name,
       x.balance - x.o0 AS total, x.o30 - x.o0 AS d30, x.o60 - x.o30 AS d60, x.o90 - x.o60 AS d90,
       x.balance - x.o90 AS older, x.balance - x.oy AS at_risk, x.due_date AS oldest_due,
       coalesce((SELECT max(ri.step) FROM reminder_items ri WHERE ri.organization_id = $1
                 AND ri.owner_id = x.owner_id AND ri.entry_id = x.entry_id), 0) AS last_step,
       EXISTS (SELECT 1 FROM owner_holds h WHERE h.organization_id = $1 AND h.owner_id = x.owner_id
               AND h.ended_on IS NULL AND $2::date BETWEEN h.starts_on AND h.ends_on) AS on_hold
FROM x
JOIN buildings b ON b.organization_id = $1 AND b.id = x.building_id
JOIN owners o ON o.organization_id = $1 AND o.id = x.owner_id
ORDER BY x.balance - x.o0 DESC, x.due_date, x.owner_id, x.building_id
LIMIT $3
"""
_ARREARS_AT = _ARREARS.split("{buildings}")
_ARREARS_OF = {case: f.join(_ARREARS_AT) for case, f in (
    ("firm", ""), ("building", "AND l.building_id = $4"), ("buildings", "AND l.building_id = ANY($4::uuid[])"))}


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
    given = [x for x in (building_id, only, owner_id) if x is not None]
    sql = _OPEN_ITEMS_OF[(building_id is not None, only is not None, owner_id is not None)]
    return [_item(r) for r in await conn.fetch(sql, org_id, *given)]


async def arrears(conn: asyncpg.Connection, org_id: UUID, building_id: UUID | None, only: list[UUID] | None,
                  today: date, limit: int = 1000) -> list[Arrears]:
    """Owners with something overdue on `today`, the largest debt first, in one statement for the whole firm."""
    if building_id is not None:
        if only is not None and building_id not in only:
            return []
        rows = await conn.fetch(_ARREARS_OF["building"], org_id, today, limit, building_id)
    elif only is not None:
        rows = await conn.fetch(_ARREARS_OF["buildings"], org_id, today, limit, only)
    else:
        rows = await conn.fetch(_ARREARS_OF["firm"], org_id, today, limit)
    return [_arrears(r) for r in rows]
