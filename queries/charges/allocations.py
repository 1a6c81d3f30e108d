"""The stored allocation of expenses (lots, then owners) and the owners' accounts (charges against payments)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from queries.rows import reader

_LOT_SHARES_IN = """
INSERT INTO expense_lot_shares (organization_id, expense_id, unit_id, unit_number, weight, key_total, amount,
                                adjustment)
SELECT $1, $2, u, n, w, $3, a, j FROM unnest($4::uuid[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[])
       AS t(u, n, w, a, j)
"""
_CHARGE_LINES_IN = """
INSERT INTO charge_lines (organization_id, building_id, expense_id, charge_date, unit_id, owner_id, kinds,
                          share_num, share_den, amount, adjustment)
SELECT $1, $2, $3, $4, u, o, string_to_array(k, ','), sn, sd, a, j
FROM unnest($5::uuid[], $6::uuid[], $7::text[], $8::int[], $9::int[], $10::numeric[], $11::numeric[])
     AS t(u, o, k, sn, sd, a, j)
"""
_REVERSE_LOTS = """
INSERT INTO expense_lot_shares (organization_id, expense_id, unit_id, unit_number, weight, key_total, amount,
                                adjustment)
SELECT organization_id, $3, unit_id, unit_number, weight, key_total, -amount, -adjustment
FROM expense_lot_shares WHERE organization_id = $1 AND expense_id = $2
"""
_REVERSE_LINES = """
INSERT INTO charge_lines (organization_id, building_id, expense_id, charge_date, unit_id, owner_id, kinds,
                          share_num, share_den, amount, adjustment)
SELECT organization_id, building_id, $3, $4, unit_id, owner_id, kinds, share_num, share_den, -amount, -adjustment
FROM charge_lines WHERE organization_id = $1 AND expense_id = $2
"""
_LOT_SHARES = """
SELECT unit_id, unit_number, weight, key_total, amount, adjustment FROM expense_lot_shares
WHERE organization_id = $1 AND expense_id = $2 ORDER BY unit_number, unit_id
"""
_LINES_OF_EXPENSE = """
SELECT c.id, c.unit_id, s.unit_number, c.owner_id,
       coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       c.kinds, c.share_num, c.share_den, c.amount, c.adjustment
FROM charge_lines c
JOIN expense_lot_shares s ON s.organization_id = c.organization_id AND s.expense_id = c.expense_id
                          AND s.unit_id = c.unit_id
JOIN owners o ON o.organization_id = c.organization_id AND o.id = c.owner_id
WHERE c.organization_id = $1 AND c.expense_id = $2 ORDER BY s.unit_number, c.unit_id, c.owner_id
"""
_EXPLAIN = """
SELECT c.id, c.owner_id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       c.building_id, c.expense_id, e.description, e.category, e.nature, e.invoice_date, e.total AS expense_total,
       coalesce(k.name, '') AS key_name, e.sharing_key_id, c.unit_id, s.unit_number, s.weight, s.key_total,
       s.amount AS lot_amount, s.adjustment AS lot_adjustment, c.kinds, c.share_num, c.share_den, c.amount,
       c.adjustment, e.corrects_id
FROM charge_lines c
JOIN expenses e ON e.organization_id = c.organization_id AND e.id = c.expense_id
JOIN expense_lot_shares s ON s.organization_id = c.organization_id AND s.expense_id = c.expense_id
                          AND s.unit_id = c.unit_id
JOIN owners o ON o.organization_id = c.organization_id AND o.id = c.owner_id
LEFT JOIN sharing_keys k ON k.organization_id = e.organization_id AND k.id = e.sharing_key_id
WHERE c.organization_id = $1 AND c.id = $2
"""
_UNIT_HAS_CHARGES = """
SELECT EXISTS (SELECT 1 FROM expense_lot_shares WHERE organization_id = $1 AND unit_id = $2)
"""


@dataclass(frozen=True)
class LotShare:
    unit_id: UUID
    unit_number: str
    weight: Decimal
    key_total: Decimal
    amount: Decimal
    adjustment: Decimal


_lot_share = reader(LotShare)


@dataclass(frozen=True)
class ChargeLine:
    id: UUID
    unit_id: UUID
    unit_number: str
    owner_id: UUID
    owner_name: str
    kinds: list[str]
    share_num: int
    share_den: int
    amount: Decimal
    adjustment: Decimal


_charge_line = reader(ChargeLine)


@dataclass(frozen=True)
class LineFacts:
    """Everything stored behind one owner's charge line."""
    id: UUID
    owner_id: UUID
    owner_name: str
    building_id: UUID
    expense_id: UUID
    description: str
    category: str
    nature: str
    invoice_date: date
    expense_total: Decimal
    key_name: str
    sharing_key_id: UUID | None
    unit_id: UUID
    unit_number: str
    weight: Decimal
    key_total: Decimal
    lot_amount: Decimal
    lot_adjustment: Decimal
    kinds: list[str]
    share_num: int
    share_den: int
    amount: Decimal
    adjustment: Decimal
    corrects_id: UUID | None


_line_facts = reader(LineFacts)


async def store_lot_shares(conn: asyncpg.Connection, org_id: UUID, expense_id: UUID, key_total: Decimal,
                           lots: list[tuple[UUID, str, Decimal, Decimal, Decimal]]) -> None:
    """Write each lot's part of an expense: (unit, number, weight, amount, adjustment)."""
    columns: list[Sequence[Any]] = list(zip(*lots, strict=True)) if lots else [[] for _ in range(5)]
    await conn.execute(_LOT_SHARES_IN, org_id, expense_id, key_total, *[list(c) for c in columns])


async def store_charge_lines(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, expense_id: UUID,
                             day: date, lines: list[tuple[UUID, UUID, str, int, int, Decimal, Decimal]]) -> None:
    """Write each owner's line: (unit, owner, kinds joined by commas, share num, share den, amount, adjustment)."""
    columns: list[Sequence[Any]] = list(zip(*lines, strict=True)) if lines else [[] for _ in range(7)]
    await conn.execute(_CHARGE_LINES_IN, org_id, building_id, expense_id, day, *[list(c) for c in columns])


async def store_reversal(conn: asyncpg.Connection, org_id: UUID, original_id: UUID, reversal_id: UUID,
                         day: date) -> None:
    """Copy an expense's stored allocation onto its reversing entry, every amount negated."""
    await conn.execute(_REVERSE_LOTS, org_id, original_id, reversal_id)
    await conn.execute(_REVERSE_LINES, org_id, original_id, reversal_id, day)


async def lot_shares(conn: asyncpg.Connection, org_id: UUID, expense_id: UUID) -> list[LotShare]:
    """The stored parts of each lot in an expense."""
    return [_lot_share(r) for r in await conn.fetch(_LOT_SHARES, org_id, expense_id)]


async def lines_of_expense(conn: asyncpg.Connection, org_id: UUID, expense_id: UUID) -> list[ChargeLine]:
    """The stored owner lines of an expense."""
    return [_charge_line(r) for r in await conn.fetch(_LINES_OF_EXPENSE, org_id, expense_id)]


async def line_facts(conn: asyncpg.Connection, org_id: UUID, line_id: UUID) -> LineFacts | None:
    """The figures stored behind one owner line."""
    row = await conn.fetchrow(_EXPLAIN, org_id, line_id)
    return _line_facts(row) if row else None


async def unit_has_charges(conn: asyncpg.Connection, org_id: UUID, unit_id: UUID) -> bool:
    """True once any expense has been allocated to the lot."""
    return await conn.fetchval(_UNIT_HAS_CHARGES, org_id, unit_id)
