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


async def record(conn: asyncpg.Connection, actor: Member, action: str, entity: str, entity_id: UUID | None,
                 before: Any, after: Any) -> None:
    """Append who did what to which row, with the values before and after."""
    await q.insert(conn, actor.org_id, actor.user_id, actor.role, action, entity, entity_id,
                   snapshot(before), snapshot(after))
