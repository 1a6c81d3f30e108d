"""The append-only audit log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from pypika import Order, Parameter, PostgreSQLQuery as Q, Table

audit_log = Table("audit_log")

_INSERT = (
    Q.into(audit_log)
    .columns("organization_id", "user_id", "role", "action", "entity", "entity_id", "before", "after")
    .insert(*[Parameter(f"${i}") for i in range(1, 9)])
    .get_sql()
)
_LIST_FOR_ENTITY = (
    Q.from_(audit_log).select("*")
    .where((audit_log.organization_id == Parameter("$1")) & (audit_log.entity == Parameter("$2"))
           & (audit_log.entity_id == Parameter("$3")))
    .orderby(audit_log.id, order=Order.asc).get_sql()
)
_LIST_RECENT = (
    Q.from_(audit_log).select("*").where(audit_log.organization_id == Parameter("$1"))
    .orderby(audit_log.id, order=Order.desc).limit(Parameter("$2")).get_sql()
)


@dataclass(frozen=True)
class AuditEntry:
    id: int
    organization_id: UUID
    user_id: UUID | None
    role: str | None
    at: datetime
    action: str
    entity: str
    entity_id: UUID | None
    before: Any
    after: Any


async def insert(conn: asyncpg.Connection, org_id: UUID, user_id: UUID | None, role: str | None,
                 action: str, entity: str, entity_id: UUID | None, before: Any, after: Any) -> None:
    """Append one entry."""
    await conn.execute(_INSERT, org_id, user_id, role, action, entity, entity_id, before, after)


async def list_for_entity(conn: asyncpg.Connection, org_id: UUID, entity: str, entity_id: UUID) -> list[AuditEntry]:
    """The history of one row, oldest first."""
    return [AuditEntry(**r) for r in await conn.fetch(_LIST_FOR_ENTITY, org_id, entity, entity_id)]


async def list_recent(conn: asyncpg.Connection, org_id: UUID, limit: int = 50) -> list[AuditEntry]:
    """The organisation's latest entries."""
    return [AuditEntry(**r) for r in await conn.fetch(_LIST_RECENT, org_id, limit)]
