"""A building's funds and their balance read from the books."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

import asyncpg

from queries.rows import reader

_COLUMNS = ("f.id, f.building_id, f.kind, f.name, f.purpose, f.sharing_key_id, f.account_code, f.holder, f.iban, "
            "f.bic, f.created_at")
# credits minus debits on the fund's account (party ''): what the fund holds
_BALANCE = """coalesce((SELECT sum(l.credit - l.debit) FROM ledger_accounts a
                        JOIN entry_lines l ON l.organization_id = a.organization_id AND l.account_id = a.id
                        WHERE a.organization_id = f.organization_id AND a.building_id = f.building_id
                          AND a.code = f.account_code AND a.party = ''), 0) AS balance"""
_LIST = f"""
SELECT {_COLUMNS}, {_BALANCE} FROM funds f WHERE f.organization_id = $1 AND f.building_id = $2
ORDER BY CASE f.kind WHEN 'working' THEN 0 ELSE 1 END, f.account_code
"""
_GET = f"SELECT {_COLUMNS}, {_BALANCE} FROM funds f WHERE f.organization_id = $1 AND f.id = $2"
_WORKING = f"SELECT {_COLUMNS}, {_BALANCE} FROM funds f WHERE f.organization_id = $1 AND f.building_id = $2 " \
           "AND f.kind = 'working'"
# the chart's account for the kind of fund (working_fund / reserve_fund), and the codes the building's funds use
_BASE_CODE = """
SELECT c.code FROM buildings b JOIN chart_accounts c ON c.jurisdiction = b.jurisdiction AND c.version = 1
WHERE b.organization_id = $1 AND b.id = $2 AND c.role = $3
"""
_USED_CODES = "SELECT account_code FROM funds WHERE organization_id = $1 AND building_id = $2"
_INSERT = """
INSERT INTO funds (organization_id, building_id, kind, name, purpose, sharing_key_id, account_code, holder, iban, bic)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
"""
# a fund beyond the chart's own account gets its sub-account in the building's books (1601, 1602 …)
_OWN_ACCOUNT = """
INSERT INTO ledger_accounts (organization_id, building_id, code, label) VALUES ($1, $2, $3, $4)
ON CONFLICT (organization_id, building_id, code, party) DO NOTHING
"""


@dataclass(frozen=True)
class Fund:
    id: UUID
    building_id: UUID
    kind: str
    name: str
    purpose: str | None
    sharing_key_id: UUID | None
    account_code: str
    holder: str
    iban: str
    bic: str | None
    created_at: datetime
    balance: Decimal


_fund = reader(Fund)


async def list_for_building(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> list[Fund]:
    """The building's funds, the working fund first, each with its balance in the books."""
    return [_fund(r) for r in await conn.fetch(_LIST, org_id, building_id)]


async def get(conn: asyncpg.Connection, org_id: UUID, fund_id: UUID) -> Fund | None:
    """One fund with its balance."""
    row = await conn.fetchrow(_GET, org_id, fund_id)
    return _fund(row) if row else None


async def working(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> Fund | None:
    """The building's working fund (where provisions are paid)."""
    row = await conn.fetchrow(_WORKING, org_id, building_id)
    return _fund(row) if row else None


async def base_code(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, role: str) -> str | None:
    """The chart's code for a role in the building's jurisdiction."""
    return await conn.fetchval(_BASE_CODE, org_id, building_id, role)


async def used_codes(conn: asyncpg.Connection, org_id: UUID, building_id: UUID) -> set[str]:
    """The account codes the building's funds already use."""
    return {r["account_code"] for r in await conn.fetch(_USED_CODES, org_id, building_id)}


async def insert(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, kind: str, name: str,
                 purpose: str | None, key_id: UUID | None, code: str, holder: str, iban: str,
                 bic: str | None) -> UUID:
    """A new fund."""
    return await conn.fetchval(_INSERT, org_id, building_id, kind, name, purpose, key_id, code, holder, iban, bic)


async def add_own_account(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, code: str, label: str) -> None:
    """The building's own account for a fund outside the chart's accounts."""
    await conn.execute(_OWN_ACCOUNT, org_id, building_id, code, label)


_OF_BUILDINGS = f"""
SELECT {_COLUMNS}, {_BALANCE} FROM funds f WHERE f.organization_id = $1 AND f.building_id = ANY($2::uuid[])
ORDER BY f.building_id, CASE f.kind WHEN 'working' THEN 0 ELSE 1 END, f.account_code
"""


async def of_buildings(conn: asyncpg.Connection, org_id: UUID, building_ids: list[UUID]) -> list[Fund]:
    """The funds of many buildings (each building's working fund first), with their balances."""
    return [_fund(r) for r in await conn.fetch(_OF_BUILDINGS, org_id, building_ids)]
