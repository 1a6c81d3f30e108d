"""Consents (e-mail for legal notices) with their history, and the data-breach log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from queries.rows import reader
from queries.sql import one


@dataclass(frozen=True)
class Consent:
    id: UUID
    owner_id: UUID
    purpose: str
    given_at: datetime
    given_by: UUID | None
    method: str
    evidence: str | None
    withdrawn_at: datetime | None
    withdrawn_by: UUID | None
    withdrawn_method: str | None


@dataclass(frozen=True)
class Breach:
    id: UUID
    discovered_at: datetime
    description: str
    data_concerned: str | None
    people_affected: int | None
    measures: str | None
    authority_notified_at: datetime | None
    people_notified_at: datetime | None
    recorded_by: UUID | None
    created_at: datetime


_consent = reader(Consent)
_breach = reader(Breach)
_CONSENT_COLUMNS = ("id, owner_id, purpose, given_at, given_by, method, evidence, withdrawn_at, withdrawn_by, "
                    "withdrawn_method")
_IN_FORCE = (f"SELECT {_CONSENT_COLUMNS} FROM consents WHERE organization_id = $1 AND owner_id = $2 "
             "AND purpose = $3 AND withdrawn_at IS NULL FOR UPDATE")
_GIVE = (f"INSERT INTO consents (organization_id, owner_id, purpose, given_by, method, evidence) "
         f"VALUES ($1, $2, $3, $4, $5, $6) RETURNING {_CONSENT_COLUMNS}")
_WITHDRAW = (f"UPDATE consents SET withdrawn_at = now(), withdrawn_by = $3, withdrawn_method = $4 "
             f"WHERE organization_id = $1 AND id = $2 RETURNING {_CONSENT_COLUMNS}")
_HISTORY = f"SELECT {_CONSENT_COLUMNS} FROM consents WHERE organization_id = $1 AND owner_id = $2 ORDER BY given_at"
_SET_FLAG = "UPDATE owners SET accepts_email_notices = $3, updated_at = now() WHERE organization_id = $1 AND id = $2"
_BREACH_COLUMNS = ("id, discovered_at, description, data_concerned, people_affected, measures, authority_notified_at, "
                   "people_notified_at, recorded_by, created_at")
_BREACHES = f"SELECT {_BREACH_COLUMNS} FROM data_breaches WHERE organization_id = $1 ORDER BY discovered_at DESC"
_ADD_BREACH = (f"INSERT INTO data_breaches (organization_id, discovered_at, description, data_concerned, "
               f"people_affected, measures, authority_notified_at, people_notified_at, recorded_by) "
               f"VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {_BREACH_COLUMNS}")


async def in_force(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, purpose: str) -> Consent | None:
    """The consent in force (locked), if any."""
    row = await conn.fetchrow(_IN_FORCE, org_id, owner_id, purpose)
    return _consent(row) if row else None


async def give(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, purpose: str, user_id: UUID | None,
               method: str, evidence: str | None) -> Consent:
    """Record a consent and mirror it on the owner."""
    row = await one(conn, _GIVE, org_id, owner_id, purpose, user_id, method, evidence)
    await conn.execute(_SET_FLAG, org_id, owner_id, True)
    return _consent(row)


async def withdraw(conn: asyncpg.Connection, org_id: UUID, consent: Consent, user_id: UUID | None,
                   method: str) -> Consent:
    """Withdraw a consent and mirror it on the owner."""
    row = await one(conn, _WITHDRAW, org_id, consent.id, user_id, method)
    await conn.execute(_SET_FLAG, org_id, consent.owner_id, False)
    return _consent(row)


async def history(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> list[Consent]:
    """Every consent of the owner, oldest first."""
    return [_consent(r) for r in await conn.fetch(_HISTORY, org_id, owner_id)]


async def breaches(conn: asyncpg.Connection, org_id: UUID) -> list[Breach]:
    """The breach log, latest first."""
    return [_breach(r) for r in await conn.fetch(_BREACHES, org_id)]


async def add_breach(conn: asyncpg.Connection, org_id: UUID, values: dict[str, object], user_id: UUID) -> Breach:
    """Log a breach."""
    row = await one(conn, _ADD_BREACH, org_id, values["discovered_at"], values["description"],
                              values["data_concerned"], values["people_affected"], values["measures"],
                              values["authority_notified_at"], values["people_notified_at"], user_id)
    return _breach(row)
