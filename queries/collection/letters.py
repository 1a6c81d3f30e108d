"""What a reminder letter is printed with: each owner's postal address, the organisation's name and contacts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from queries.collection.arrears import OpenItem
from queries.collection.ladder import Reminder
from queries.rows import reader

_POSTAL = """
SELECT o.id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS name,
       coalesce(o.address, '') AS address, coalesce(o.postal_code, '') AS postal_code, coalesce(o.city, '') AS city,
       coalesce(o.country, '') AS country
FROM owners o WHERE o.organization_id = $1 AND o.id = ANY($2::uuid[])
"""
_FIRM = "SELECT name, address, email, phone FROM organizations WHERE id = $1"
# where the owners pay: the building's working fund, with each owner's structured reference for it
_PAY = """
SELECT r.owner_id, f.holder, f.iban, r.reference
FROM funds f JOIN payment_references r ON r.organization_id = f.organization_id AND r.fund_id = f.id
WHERE f.organization_id = $1 AND f.building_id = $2 AND f.kind = 'working' AND r.owner_id = ANY($3::uuid[])
"""


# the days a step ran in the building with letters to post (owners without e-mail), the latest first
_RUNS = """
SELECT sent_on, count(*) AS letters FROM reminders
WHERE organization_id = $1 AND building_id = $2 AND outbox_id IS NULL
GROUP BY sent_on ORDER BY sent_on DESC LIMIT $3
"""
_NAME = "coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name))"
_UNMAILED = f"""
SELECT r.id, r.building_id, r.owner_id, {_NAME} AS owner_name, r.step, r.channel, r.sent_on, r.amount, r.cost,
       r.registered_on, r.tracking_number
FROM reminders r JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
WHERE r.organization_id = $1 AND r.building_id = $2 AND r.sent_on = $3 AND r.outbox_id IS NULL
ORDER BY owner_name, r.owner_id, r.step
"""
# each letter's items as it named them: the entry's amount on the owner's account, what was outstanding then
_ITEMS = """
SELECT ri.reminder_id, e.building_id, ri.owner_id, ri.entry_id, e.source_kind, ri.due_date,
       (SELECT sum(l.debit - l.credit) FROM entry_lines l WHERE l.organization_id = $1 AND l.entry_id = ri.entry_id
          AND l.owner_id = ri.owner_id) AS amount, ri.outstanding, coalesce(e.label, '') AS label
FROM reminder_items ri JOIN journal_entries e ON e.organization_id = ri.organization_id AND e.id = ri.entry_id
WHERE ri.organization_id = $1 AND ri.reminder_id = ANY($2::uuid[])
ORDER BY ri.reminder_id, ri.due_date, ri.entry_id
"""


@dataclass(frozen=True)
class Run:
    sent_on: date
    letters: int


@dataclass(frozen=True)
class Postal:
    id: UUID
    name: str
    address: str
    postal_code: str
    city: str
    country: str


@dataclass(frozen=True)
class Firm:
    name: str
    address: str | None
    email: str | None
    phone: str | None


@dataclass(frozen=True)
class Pay:
    owner_id: UUID
    holder: str
    iban: str
    reference: int


_run = reader(Run)
_reminder = reader(Reminder)
_item = reader(OpenItem)
_postal = reader(Postal)
_pay = reader(Pay)
_firm = reader(Firm)


async def postal(conn: asyncpg.Connection, org_id: UUID, owner_ids: list[UUID]) -> dict[UUID, Postal]:
    """Each owner's name and postal address as the register holds it."""
    return {p.id: p for p in (_postal(r) for r in await conn.fetch(_POSTAL, org_id, owner_ids))}


async def firm(conn: asyncpg.Connection, org_id: UUID) -> Firm | None:
    """The organisation (the syndic's firm): its name and contact details."""
    row = await conn.fetchrow(_FIRM, org_id)
    return _firm(row) if row else None


async def payment(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, owner_ids: list[UUID]) -> dict[UUID, Pay]:
    """Each owner's way to pay the building's working fund (the account and their reference)."""
    return {p.owner_id: p for p in (_pay(r) for r in await conn.fetch(_PAY, org_id, building_id, owner_ids))}


async def runs_to_post(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, limit: int = 10) -> list[Run]:
    """The days a step ran with letters to post, the latest first."""
    return [_run(r) for r in await conn.fetch(_RUNS, org_id, building_id, limit)]


async def unmailed(conn: asyncpg.Connection, org_id: UUID, building_id: UUID,
                   day: date) -> list[tuple[Reminder, list[OpenItem]]]:
    """The reminders of a day's run not sent by e-mail, each with the items it named, by owner."""
    reminders = [_reminder(r) for r in await conn.fetch(_UNMAILED, org_id, building_id, day)]
    items: dict[UUID, list[OpenItem]] = {}
    for r in await conn.fetch(_ITEMS, org_id, [x.id for x in reminders]):
        items.setdefault(r["reminder_id"], []).append(_item(r))
    return [(x, items.get(x.id, [])) for x in reminders]
