"""The data-breach log (GDPR art. 33 § 5: every breach documented; § 1: the supervisory authority told within
72 hours of becoming aware — the deadline is shown while it is not done)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

import asyncpg

from domain.access import Actor, require
from domain.parse import Fields, given
from domain.platform.audit import record
from queries.privacy import consents as q

NOTIFY_WITHIN = timedelta(hours=72)


@dataclass(frozen=True)
class BreachView:
    breach: q.Breach
    deadline: datetime
    late: bool


def view(breach: q.Breach, now: datetime | None = None) -> BreachView:
    """A breach with the authority's deadline and whether it was missed (or is missed now)."""
    deadline = breach.discovered_at + NOTIFY_WITHIN
    done = breach.authority_notified_at
    late = (done or now or datetime.now(UTC)) > deadline
    return BreachView(breach, deadline, late)


async def breach_log(conn: asyncpg.Connection, actor: Actor) -> list[BreachView]:
    """The firm's breaches, latest first."""
    member = require(actor, "privacy.manage")
    return [view(b) for b in await q.breaches(conn, member.org_id)]


def _moment(f: Fields, name: str, required: bool = False) -> datetime | None:
    day = f.date(name, required=required)
    return datetime.combine(day, time(12, 0), UTC) if day else None


async def record_breach(conn: asyncpg.Connection, actor: Actor, data: object) -> q.Breach:
    """Log a breach: when it was discovered, what happened, which data, how many people, what was done."""
    member = require(actor, "privacy.manage")
    f = Fields(data, allowed={"discovered_at", "description", "data_concerned", "people_affected", "measures",
                              "authority_notified_at", "people_notified_at", "csrf_token"})
    values: dict[str, Any] = {
        "discovered_at": _moment(f, "discovered_at", required=True),
        "description": f.text("description", required=True, max_len=4000),
        "data_concerned": f.text("data_concerned", max_len=1000),
        "people_affected": f.integer("people_affected", min=0, max=10_000_000),
        "measures": f.text("measures", max_len=4000),
        "authority_notified_at": _moment(f, "authority_notified_at"),
        "people_notified_at": _moment(f, "people_notified_at")}
    f.done()
    given(values["discovered_at"])
    async with conn.transaction():
        breach = await q.add_breach(conn, member.org_id, values, member.user_id)
        await record(conn, member, "create", "data_breach", breach.id, None, {"discovered_at": breach.discovered_at})
    return breach
