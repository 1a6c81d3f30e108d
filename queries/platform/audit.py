"""The append-only audit log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg
from pypika import Order, Table
from pypika import PostgreSQLQuery as Q

from queries.db import dumps
from queries.rows import reader
from queries.sql import p

audit_log = Table("audit_log")

# Personal values the audit log never keeps (ids and which fields changed stay): what erasure removes from the
# product must not survive in an append-only log (GDPR art. 17; domain/privacy/erasure.py). Per entity.
OWNER_PERSONAL = ("first_name", "last_name", "company_name", "company_number", "email", "phone", "address", "city",
                  "postal_code", "country")
PERSONAL: dict[str, tuple[str, ...]] = {
    "owner": OWNER_PERSONAL, "invitation": ("email",), "meeting": ("proxy_holder_name",), "user": ("email", "full_name"),
    "consent": ("evidence",), "document": ("title", "file_name"),  # a title may name the person addressed
}

_INSERT = (
    Q.into(audit_log)
    .columns("organization_id", "user_id", "role", "action", "entity", "entity_id", "before", "after")
    .insert(*[p(i) for i in range(1, 9)])
    .get_sql()
)


def logging_creation(cte: str, entity: str, user_param: int) -> str:
    """A CTE (to follow `cte`, an INSERT … RETURNING of rows with organization_id and id) that appends each new
    row's creation to the audit log in the same statement: one round trip instead of an INSERT and an audit
    INSERT inside BEGIN … COMMIT, and atomic without a transaction. Parameters $user_param and $user_param + 1
    are the actor's user id and role; the entry's `after` is the row as stored, written as the entries built in
    Python write it (domain/audit.py): decimals (amounts, rates) as exact strings, whole numbers as numbers — a
    decimal left as a JSON number would come back as a float."""
    if not (cte.isidentifier() and entity.replace("_", "").isalpha()):
        raise ValueError("logging_creation: identifiers only")
    # the entity's personal fields left out (PERSONAL): only which were given is kept, as `personal`
    hidden = ", ".join(f"'{name}'" for name in PERSONAL.get(entity, ()))
    row = f"to_jsonb({cte})" + (f" - ARRAY[{hidden}]::text[]" if hidden else "")
    given = (f" || jsonb_build_object('personal', (SELECT coalesce(jsonb_agg(key ORDER BY key), '[]') FROM"
             f" jsonb_each(to_jsonb({cte})) WHERE key IN ({hidden}) AND value <> 'null'))" if hidden else "")
    after = ("((SELECT jsonb_object_agg(key, CASE WHEN jsonb_typeof(value) = 'number' AND value::text LIKE '%.%'"
             f" THEN to_jsonb(value #>> '{{}}') ELSE value END) FROM jsonb_each({row})){given})")
    return (f"{cte}_audit AS (INSERT INTO audit_log (organization_id, user_id, role, action, entity, entity_id, after)"
            f" SELECT organization_id, ${user_param}::uuid, ${user_param + 1}::text, 'create', '{entity}', id,"
            f" {after} FROM {cte})")


def creating(insert_returning: str, entity: str, params: int) -> str:
    """`insert_returning` (using $1 … $params) and its audit entry in one statement; the actor's user id and role
    follow as $params + 1 and $params + 2; returns what the INSERT returned."""
    return (f"WITH created AS ({insert_returning}), {logging_creation('created', entity, params + 1)} "
            "SELECT * FROM created")


_LIST_FOR_ENTITY = (
    Q.from_(audit_log).select("*")
    .where((audit_log.organization_id == p(1)) & (audit_log.entity == p(2))
           & (audit_log.entity_id == p(3)))
    .orderby(audit_log.id, order=Order.asc).get_sql()
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


_audit_entry = reader(AuditEntry)


async def insert(conn: asyncpg.Connection, org_id: UUID, user_id: UUID | None, role: str | None,
                 action: str, entity: str, entity_id: UUID | None, before: Any, after: Any) -> None:
    """Append one entry."""
    await conn.execute(_INSERT, org_id, user_id, role, action, entity, entity_id, before, after)


async def list_for_entity(conn: asyncpg.Connection, org_id: UUID, entity: str, entity_id: UUID) -> list[AuditEntry]:
    """The history of one row, oldest first."""
    return [_audit_entry(r) for r in await conn.fetch(_LIST_FOR_ENTITY, org_id, entity, entity_id)]


_INSERT_MANY = """
INSERT INTO audit_log (organization_id, user_id, role, action, entity, entity_id, before, after)
SELECT $1, $2, $3, $4, $5, x.id, x.b::jsonb, x.a::jsonb FROM unnest($6::uuid[], $7::text[], $8::text[]) AS x(id, b, a)
"""


async def insert_many(conn: asyncpg.Connection, org_id: UUID, user_id: UUID | None, role: str | None, action: str,
                      entity: str, rows: list[tuple[UUID | None, Any, Any]]) -> None:
    """Append one entry per (entity id, before, after) of one action, in one statement."""
    await conn.execute(_INSERT_MANY, org_id, user_id, role, action, entity, [r[0] for r in rows],
                       [None if r[1] is None else dumps(r[1]) for r in rows],
                       [None if r[2] is None else dumps(r[2]) for r in rows])
