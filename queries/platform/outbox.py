"""The outbox of e-mails, and who was sent which meeting document through it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Message:
    id: UUID
    organization_id: UUID
    recipient: str
    subject: str
    body: str
    attachment_name: str | None
    attachment: bytes | None
    status: str
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    sent_at: datetime | None


_message = reader(Message)


@dataclass(frozen=True)
class Mailing:
    owner_id: UUID
    owner_name: str
    document: str
    channel: str
    recipient: str | None
    status: str | None
    attempts: int | None
    last_error: str | None
    sent_at: datetime | None
    next_attempt_at: datetime | None


_mailing = reader(Mailing)


_M_COLS = ("id, organization_id, recipient, subject, body, attachment_name, attachment, status, attempts, "
           "next_attempt_at, last_error, sent_at")
_INSERT = ("INSERT INTO outbox (organization_id, recipient, subject, body, attachment_name, attachment) "
           "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
_CLAIM = (f"SELECT {_M_COLS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 "
          "ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")
_SENT = "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = NULL WHERE id = $1"
_RETRY = ("UPDATE outbox SET status = $2, attempts = attempts + 1, next_attempt_at = $3, last_error = $4 "
          "WHERE id = $1")
_GET = f"SELECT {_M_COLS} FROM outbox WHERE organization_id = $1 AND id = $2"
_MAILING = ("INSERT INTO meeting_mailings (organization_id, meeting_id, owner_id, document, channel, outbox_id) "
            "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (organization_id, meeting_id, owner_id, document) DO NOTHING")
_MAILINGS = """
SELECT mm.owner_id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       mm.document, mm.channel, x.recipient, x.status, x.attempts, x.last_error, x.sent_at, x.next_attempt_at
FROM meeting_mailings mm
JOIN owners o ON o.organization_id = mm.organization_id AND o.id = mm.owner_id
LEFT JOIN outbox x ON x.organization_id = mm.organization_id AND x.id = mm.outbox_id
WHERE mm.organization_id = $1 AND mm.meeting_id = $2
ORDER BY mm.document, lower(coalesce(o.last_name, o.company_name)), mm.owner_id
"""


async def enqueue(conn: asyncpg.Connection, org_id: UUID, recipient: str, subject: str, body: str,
                  attachment_name: str | None = None, attachment: bytes | None = None) -> UUID:
    """Queue one e-mail (in the caller's transaction)."""
    return await conn.fetchval(_INSERT, org_id, recipient, subject, body, attachment_name, attachment)


async def claim_due(conn: asyncpg.Connection, now: datetime) -> Message | None:
    """The next message due, locked for this transaction and skipped by the other workers."""
    row = await conn.fetchrow(_CLAIM, now)
    return _message(row) if row else None


async def mark_sent(conn: asyncpg.Connection, message_id: UUID, at: datetime) -> None:
    """The server accepted the message."""
    await conn.execute(_SENT, message_id, at)


async def mark_failed(conn: asyncpg.Connection, message_id: UUID, status: str, retry_at: datetime,
                      error: str) -> None:
    """A failed attempt: retried at `retry_at` while pending, given up when `failed`."""
    await conn.execute(_RETRY, message_id, status, retry_at, error[:1000])


async def get(conn: asyncpg.Connection, org_id: UUID, message_id: UUID) -> Message | None:
    """One message of the organisation."""
    row = await conn.fetchrow(_GET, org_id, message_id)
    return _message(row) if row else None


async def add_mailing(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID, owner_id: UUID, document: str,
                      channel: str, outbox_id: UUID | None) -> None:
    """Remember that an owner was sent a meeting document, and how."""
    await conn.execute(_MAILING, org_id, meeting_id, owner_id, document, channel, outbox_id)


async def mailings(conn: asyncpg.Connection, org_id: UUID, meeting_id: UUID) -> list[Mailing]:
    """Every recipient of a meeting's documents with the delivery status of their e-mail."""
    return [_mailing(r) for r in await conn.fetch(_MAILINGS, org_id, meeting_id)]


async def enqueue_many(conn: asyncpg.Connection, org_id: UUID, messages: list[tuple[str, str, str]]) -> None:
    """Queue many e-mails (recipient, subject, body) in one COPY, in their order (in the caller's transaction): a
    firm's quarter queues tens of thousands, a megabyte of text a firm, better sent as rows than as arrays."""
    if messages:
        await conn.copy_records_to_table("outbox", columns=("organization_id", "recipient", "subject", "body"),
                                         records=[(org_id, *m) for m in messages])
