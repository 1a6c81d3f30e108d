"""What owners owe item by item, read from the books: each entry's net on an owner's account (table owner_items,
kept by PostgreSQL from the lines: migration 0155) is a due item when it debits — a call's share due on the call's
due date, anything else on its entry date — and money applied to the oldest due first when it credits (payments,
credits, reversals). The whole firm's arrears in one set-based statement."""
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
# owner_items holds no opening entry and no cancelled call (0155).
_OPEN_ITEMS = """
WITH l AS (SELECT i.building_id, i.owner_id, i.entry_id, i.entry_date, i.due_date, i.net
           FROM owner_items i WHERE i.organization_id = $1{filters}),
paid AS (SELECT building_id, owner_id, sum(-net) AS paid FROM l WHERE net < 0 GROUP BY building_id, owner_id),
r AS (SELECT l.*, sum(l.net) OVER (PARTITION BY l.building_id, l.owner_id
                                   ORDER BY l.due_date, l.entry_date, l.entry_id) AS cum FROM l WHERE l.net > 0),
items AS (
    SELECT r.building_id, r.owner_id, r.entry_id, r.due_date, r.net AS amount,
           least(r.net, greatest(r.cum - coalesce(p.paid, 0), 0)) AS outstanding
    FROM r LEFT JOIN paid p ON p.building_id = r.building_id AND p.owner_id = r.owner_id)
SELECT i.building_id, i.owner_id, i.entry_id, e.source_kind, i.due_date, i.amount, i.outstanding,
       coalesce(e.label, '') AS label
FROM items i JOIN journal_entries e ON e.organization_id = $1 AND e.id = i.entry_id
WHERE i.outstanding > 0
ORDER BY i.building_id, i.owner_id, i.due_date, i.entry_id
"""


def _filters(building: bool, buildings: bool, owner: bool) -> str:
    """The items' filters of one case, numbered from $2 (each owner's items depend on their own rows alone)."""
    parts = [p for on, p in ((building, "i.building_id = $?"), (buildings, "i.building_id = ANY($?::uuid[])"),
                             (owner, "i.owner_id = $?")) if on]
    return "".join(f" AND {p.replace('$?', f'${n}')}" for n, p in enumerate(parts, start=2))


_OPEN_ITEMS_AT = _OPEN_ITEMS.split("{filters}")  # the items' filters go between the two parts
_OPEN_ITEMS_OF = {(b, bs, o): _filters(b, bs, o).join(_OPEN_ITEMS_AT)
                  for b in (False, True) for bs in (False, True) for o in (False, True)}
# Per owner and building, what is overdue on the day by age, the part older than the previous year (the Belgian
# privilege covers the current and the previous year only), the oldest due date, the last step sent on it and when.
# Payments go to the oldest due first, so what is still owed is the last `balance` euros of the items in due
# order: each owner's items are read from the newest, in the order of owner_items' key, with running sums (all,
# and those due on or after each bucket's bound), and the walk stops at the first item whose running sum covers
# the balance — the oldest item still owed. Its running sums are then the owed part due on or after each bound
# (capped by the balance). An owner who owes a little reads a few items, however long their history.
# $1 organisation, $2 the day, $3 the rows at most, and in _ARREARS_OF["building"] $4 the building, in
# _ARREARS_OF["buildings"] $4 the buildings a member is limited to (one statement per case, as above).
_ARREARS = """
WITH ob AS (SELECT i.building_id, i.owner_id, sum(i.net) AS balance FROM owner_items i
            WHERE i.organization_id = $1 {buildings}
            GROUP BY i.owner_id, i.building_id HAVING sum(i.net) > 0),
x AS (SELECT ob.building_id, ob.owner_id, ob.balance, w.due_date, w.entry_id,
             least(ob.balance, coalesce(w.s0, 0)) AS o0, least(ob.balance, coalesce(w.s30, 0)) AS o30,
             least(ob.balance, coalesce(w.s60, 0)) AS o60, least(ob.balance, coalesce(w.s90, 0)) AS o90,
             least(ob.balance, coalesce(w.sy, 0)) AS oy
      FROM ob CROSS JOIN LATERAL (
          SELECT * FROM (
              SELECT i.due_date, i.entry_id, sum(i.net) OVER r AS newer,
                     sum(i.net) FILTER (WHERE i.due_date >= $2::date) OVER r AS s0,
                     sum(i.net) FILTER (WHERE i.due_date >= $2::date - 30) OVER r AS s30,
                     sum(i.net) FILTER (WHERE i.due_date >= $2::date - 60) OVER r AS s60,
                     sum(i.net) FILTER (WHERE i.due_date >= $2::date - 90) OVER r AS s90,
                     sum(i.net) FILTER (WHERE i.due_date >= make_date(extract(year FROM $2::date)::int - 1, 1, 1))
                         OVER r AS sy
              FROM owner_items i
              WHERE i.organization_id = $1 AND i.owner_id = ob.owner_id AND i.building_id = ob.building_id
                AND i.net > 0
              WINDOW r AS (ORDER BY i.due_date DESC, i.entry_date DESC, i.entry_id DESC ROWS UNBOUNDED PRECEDING)
              ORDER BY i.due_date DESC, i.entry_date DESC, i.entry_id DESC) s
          WHERE s.newer >= ob.balance LIMIT 1) w
      WHERE w.due_date < $2::date)
SELECT x.building_id, b.name AS building_name, b.jurisdiction, x.owner_id, """ + _NAME + """ AS owner_name,
       x.balance - x.o0 AS total, x.o30 - x.o0 AS d30, x.o60 - x.o30 AS d60, x.o90 - x.o60 AS d90,
       x.balance - x.o90 AS older, x.balance - x.oy AS at_risk, x.due_date AS oldest_due,
       coalesce(r.last_step, 0) AS last_step, r.last_sent,
       EXISTS (SELECT 1 FROM owner_holds h WHERE h.organization_id = $1 AND h.owner_id = x.owner_id
               AND h.ended_on IS NULL AND $2::date BETWEEN h.starts_on AND h.ends_on) AS on_hold
FROM x
JOIN buildings b ON b.organization_id = $1 AND b.id = x.building_id
JOIN owners o ON o.organization_id = $1 AND o.id = x.owner_id
LEFT JOIN LATERAL (SELECT max(ri.step) AS last_step, max(s.sent_on) AS last_sent
                   FROM reminder_items ri JOIN reminders s ON s.organization_id = $1 AND s.id = ri.reminder_id
                   WHERE ri.organization_id = $1 AND ri.owner_id = x.owner_id AND ri.entry_id = x.entry_id) r ON true
ORDER BY x.balance - x.o0 DESC, x.due_date, x.owner_id, x.building_id
LIMIT $3
"""
_ARREARS_AT = _ARREARS.split("{buildings}")
_ARREARS_OF = {case: f.join(_ARREARS_AT) for case, f in (
    ("firm", ""), ("building", "AND i.building_id = $4"), ("buildings", "AND i.building_id = ANY($4::uuid[])"))}


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
    last_sent: date | None  # the day the last step on the oldest item went
    on_hold: bool


_arrears = reader(Arrears)


async def rebuild_owner_items(conn: asyncpg.Connection, org_id: UUID | None) -> int:
    """Make an organisation's owner items again from its lines (None: every organisation's); returns how many."""
    count: int = await conn.fetchval("SELECT owner_items_rebuild($1::uuid)", org_id)
    return count


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
