"""Every change to tenant data writes an audit entry in the same transaction as the change."""
from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Member
from queries.platform import audit as q

_FIELDS: dict[type, tuple[str, ...]] = {}


def snapshot(row: Any) -> dict[str, Any] | None:
    """A row (dataclass or mapping) as a plain dict for the log."""
    if row is None:
        return None
    if dataclasses.is_dataclass(row):
        # one level: the jsonb encoder (orjson) walks nested dataclasses, lists and dicts itself, so
        # dataclasses.asdict's recursive deep copy (seen in the profile of every write) is not needed
        cls = type(row)
        names = _FIELDS.get(cls)
        if names is None:
            names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(row))
        return {name: getattr(row, name) for name in names}
    return dict(row)


def without_personal(entity: str, values: dict[str, Any] | None,
                     other: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The values the log keeps: the entity's personal fields (queries.platform.audit.PERSONAL) are left out and
    only their names are listed, under `personal`, when set (or, against `other`, when changed)."""
    hidden = q.PERSONAL.get(entity, ())
    if values is None or not hidden:
        return values
    kept = {k: v for k, v in values.items() if k not in hidden}
    touched = sorted(k for k in hidden if k in values and values[k] is not None
                     and (other is None or other.get(k) != values[k]))
    return {**kept, "personal": touched} if touched else kept


async def record(conn: asyncpg.Connection, actor: Member, action: str, entity: str, entity_id: UUID | None,
                 before: Any, after: Any) -> None:
    """Append who did what to which row, with the values before and after (ids only for personal data)."""
    old, new = snapshot(before), snapshot(after)
    await q.insert(conn, actor.org_id, actor.user_id, actor.role, action, entity, entity_id,
                   without_personal(entity, old, new), without_personal(entity, new, old))


async def record_system(conn: asyncpg.Connection, org_id: UUID, action: str, entity: str, entity_id: UUID | None,
                        after: Any) -> None:
    """An entry written by a daily job (no user): role 'system'."""
    await q.insert(conn, org_id, None, "system", action, entity, entity_id, None,
                   without_personal(entity, snapshot(after)))


async def record_many(conn: asyncpg.Connection, actor: Member, action: str, entity: str,
                      changes: list[tuple[UUID | None, Any, Any]]) -> None:
    """`record` for many rows of one action at once: (entity id, before, after) each, one statement."""
    rows = []
    for entity_id, before, after in changes:
        old, new = snapshot(before), snapshot(after)
        rows.append((entity_id, without_personal(entity, old, new), without_personal(entity, new, old)))
    if rows:
        await q.insert_many(conn, actor.org_id, actor.user_id, actor.role, action, entity, rows)
