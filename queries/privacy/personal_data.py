"""Everything the product holds about a person (an owner record and the user account linked to it), and the
statements that erase it. Static SQL; every statement filters on the organisation."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from queries.sql import one

_RIGHTS = """
SELECT b.name AS building, u.number AS lot, uo.right_kind, uo.share_num, uo.share_den, uo.start_date, uo.end_date,
       uo.is_contact
  FROM unit_owners uo
  JOIN units u ON u.organization_id = uo.organization_id AND u.id = uo.unit_id
  JOIN buildings b ON b.organization_id = u.organization_id AND b.id = u.building_id
 WHERE uo.organization_id = $1 AND uo.owner_id = $2
 ORDER BY uo.start_date, u.number
"""
_LEDGER = """
SELECT * FROM (
  SELECT cl.charge_date AS day, 'charge' AS kind, b.name AS building, u.number AS lot, e.description AS label,
         cl.amount
    FROM charge_lines cl
    JOIN expenses e ON e.organization_id = cl.organization_id AND e.id = cl.expense_id
    JOIN units u ON u.organization_id = cl.organization_id AND u.id = cl.unit_id
    JOIN buildings b ON b.organization_id = cl.organization_id AND b.id = cl.building_id
   WHERE cl.organization_id = $1 AND cl.owner_id = $2
  UNION ALL
  SELECT p.paid_on, 'payment', b.name, NULL, p.reference, -p.amount
    FROM owner_payments p JOIN buildings b ON b.organization_id = p.organization_id AND b.id = p.building_id
   WHERE p.organization_id = $1 AND p.owner_id = $2
  UNION ALL
  SELECT ob.as_of, 'opening', b.name, NULL, NULL, ob.amount
    FROM opening_balances ob JOIN buildings b ON b.organization_id = ob.organization_id AND b.id = ob.building_id
   WHERE ob.organization_id = $1 AND ob.owner_id = $2
) entries ORDER BY day, kind
"""
_VOTES = """
SELECT m.scheduled_at::date AS meeting_date, b.name AS building, ai.position, ai.title, v.choice, v.quota, v.cast_at
  FROM votes v
  JOIN agenda_items ai ON ai.organization_id = v.organization_id AND ai.id = v.agenda_item_id
  JOIN meetings m ON m.organization_id = v.organization_id AND m.id = v.meeting_id
  JOIN buildings b ON b.organization_id = m.organization_id AND b.id = m.building_id
 WHERE v.organization_id = $1 AND v.owner_id = $2
 ORDER BY m.scheduled_at, ai.position
"""
_ATTENDANCE = """
SELECT m.scheduled_at::date AS meeting_date, b.name AS building, a.status, a.proxy_holder_name, a.recorded_at
  FROM attendance a
  JOIN meetings m ON m.organization_id = a.organization_id AND m.id = a.meeting_id
  JOIN buildings b ON b.organization_id = m.organization_id AND b.id = m.building_id
 WHERE a.organization_id = $1 AND a.owner_id = $2
 ORDER BY m.scheduled_at
"""
_DOCUMENTS = """
SELECT d.id, d.title, d.category, d.document_date, v.file_name, v.sha256
  FROM documents d
  JOIN document_versions v ON v.organization_id = d.organization_id AND v.document_id = d.id
                          AND v.version = d.current_version
 WHERE d.organization_id = $1 AND d.owner_id = $2
 ORDER BY d.document_date
"""
_MAILINGS = """
SELECT m.scheduled_at::date AS meeting_date, mm.document, mm.channel, mm.created_at
  FROM meeting_mailings mm JOIN meetings m ON m.organization_id = mm.organization_id AND m.id = mm.meeting_id
 WHERE mm.organization_id = $1 AND mm.owner_id = $2
 ORDER BY mm.created_at
"""
_CONSENTS = """
SELECT id, purpose, given_at, given_by, method, evidence, withdrawn_at, withdrawn_by, withdrawn_method
  FROM consents WHERE organization_id = $1 AND owner_id = $2 ORDER BY given_at
"""
_LOGINS = """
SELECT kind, created_at, expires_at, revoked_at FROM auth_tokens WHERE user_id = $1 ORDER BY created_at DESC LIMIT 200
"""
_ATTEMPTS = """
SELECT at, ip, succeeded FROM login_attempts WHERE lower(email) = lower($1) ORDER BY at DESC LIMIT 200
"""
_USER = "SELECT id, email, full_name, locale, created_at FROM users WHERE id = $1"
# The last day that ties the person to the association's accounts or register: a right's end, a charge, a payment.
_LAST_ACTIVITY = """
SELECT bool_or(uo.end_date IS NULL OR uo.end_date > $3) AS current,
       coalesce(greatest(max(uo.end_date),
                         (SELECT max(charge_date) FROM charge_lines WHERE organization_id = $1 AND owner_id = $2),
                         (SELECT max(paid_on) FROM owner_payments WHERE organization_id = $1 AND owner_id = $2),
                         (SELECT max(as_of) FROM opening_balances WHERE organization_id = $1 AND owner_id = $2)),
                (SELECT created_at::date FROM owners WHERE organization_id = $1 AND id = $2)) AS last_day,
       (SELECT jurisdiction FROM buildings b JOIN units u ON u.building_id = b.id AND u.organization_id = b.organization_id
          JOIN unit_owners x ON x.unit_id = u.id AND x.organization_id = u.organization_id
         WHERE x.organization_id = $1 AND x.owner_id = $2 ORDER BY x.start_date DESC LIMIT 1) AS jurisdiction
  FROM unit_owners uo WHERE uo.organization_id = $1 AND uo.owner_id = $2
"""
# Owners whose erasure the daily job considers: not yet erased, holding nothing today (every organisation).
_CANDIDATES = """
SELECT o.organization_id, o.id FROM owners o
 WHERE o.anonymized_at IS NULL
   AND NOT EXISTS (SELECT 1 FROM unit_owners uo WHERE uo.organization_id = o.organization_id
                      AND uo.owner_id = o.id AND (uo.end_date IS NULL OR uo.end_date > $1))
   AND EXISTS (SELECT 1 FROM unit_owners uo WHERE uo.organization_id = o.organization_id AND uo.owner_id = o.id)
 ORDER BY o.organization_id, o.id
"""
_ERASE_OWNER = """
UPDATE owners SET email = NULL, phone = NULL, address = NULL, city = NULL, postal_code = NULL, country = NULL,
       company_number = NULL, accepts_email_notices = false, shares_contact = false, user_id = NULL,
       anonymized_at = now(), updated_at = now()
 WHERE organization_id = $1 AND id = $2
"""
_WITHDRAW_CONSENTS = """
UPDATE consents SET withdrawn_at = now(), withdrawn_method = 'erasure' WHERE organization_id = $1 AND owner_id = $2
   AND withdrawn_at IS NULL
"""
_CLEAR_EVIDENCE = "UPDATE consents SET evidence = NULL WHERE organization_id = $1 AND owner_id = $2"
_FORGET_OUTBOX = """
UPDATE outbox SET recipient = 'erased@invalid', body = '', attachment = NULL, attachment_name = NULL,
       status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END,
       last_error = CASE WHEN status = 'pending' THEN 'erased' ELSE last_error END
 WHERE organization_id = $1 AND lower(recipient) = lower($2)
"""
_UNSUBSCRIBE = "DELETE FROM convocation_subscriptions WHERE organization_id = $1 AND owner_id = $2"
_ADDRESSED_VERSIONS = """
SELECT v.storage_key FROM document_versions v JOIN documents d ON d.organization_id = v.organization_id
   AND d.id = v.document_id WHERE d.organization_id = $1 AND d.owner_id = $2
"""
_DELETE_ADDRESSED = "DELETE FROM documents WHERE organization_id = $1 AND owner_id = $2"
_DROP_MEMBERSHIP = "DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 AND role = 'owner'"
_REVOKE = "UPDATE auth_tokens SET revoked_at = now() WHERE user_id = $1 AND organization_id = $2 AND revoked_at IS NULL"
_MEMBERSHIPS_LEFT = "SELECT count(*) FROM memberships WHERE user_id = $1"
_ERASE_USER = """
UPDATE users SET email = 'erased-' || id || '@invalid', full_name = 'Compte effacé', password_hash = '!'
 WHERE id = $1 RETURNING email
"""
_FORGET_ATTEMPTS = "DELETE FROM login_attempts WHERE lower(email) = lower($1)"
_FORGET_INVITATIONS = """
UPDATE invitations SET email = 'erased-' || id || '@invalid' WHERE organization_id = $1
   AND (lower(email) = lower($2) OR accepted_user_id = $3)
"""
_DELETE_TOKENS = "DELETE FROM auth_tokens WHERE user_id = $1"


async def rows(conn: asyncpg.Connection, section: str, org_id: UUID, owner_id: UUID) -> list[dict[str, Any]]:
    """One section of a person's data (rights, ledger, votes, attendance, documents, mailings, consents)."""
    sql = {"rights": _RIGHTS, "ledger": _LEDGER, "votes": _VOTES, "attendance": _ATTENDANCE,
           "documents": _DOCUMENTS, "mailings": _MAILINGS, "consents": _CONSENTS}[section]
    return [dict(r) for r in await conn.fetch(sql, org_id, owner_id)]


async def account(conn: asyncpg.Connection, user_id: UUID) -> dict[str, Any] | None:
    """The user account linked to the owner, with its sessions and tokens and the login attempts on its e-mail."""
    user = await conn.fetchrow(_USER, user_id)
    if user is None:
        return None
    return {**dict(user), "sessions": [dict(r) for r in await conn.fetch(_LOGINS, user_id)],
            "login_attempts": [dict(r) for r in await conn.fetch(_ATTEMPTS, user["email"])]}


async def last_activity(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID,
                        today: date) -> tuple[bool, date | None, str | None]:
    """(holds a right today or later, the last day tying them to the accounts, the jurisdiction of their lot)."""
    row = await one(conn, _LAST_ACTIVITY, org_id, owner_id, today)
    return bool(row["current"]), row["last_day"], row["jurisdiction"]


async def candidates(conn: asyncpg.Connection, today: date) -> list[tuple[UUID, UUID]]:
    """(organisation, owner) of every former owner not yet erased, in every organisation."""
    return [(r["organization_id"], r["id"]) for r in await conn.fetch(_CANDIDATES, today)]


async def erase(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, email: str | None,
                user_id: UUID | None) -> list[str]:
    """Erase a former owner's contact data and what points at it; returns the storage keys of the documents
    addressed to them (to remove from the store after commit). Names stay (ledgers, minutes)."""
    keys = [r["storage_key"] for r in await conn.fetch(_ADDRESSED_VERSIONS, org_id, owner_id)]
    await conn.execute(_DELETE_ADDRESSED, org_id, owner_id)
    await conn.execute(_ERASE_OWNER, org_id, owner_id)
    await conn.execute(_WITHDRAW_CONSENTS, org_id, owner_id)
    await conn.execute(_CLEAR_EVIDENCE, org_id, owner_id)
    await conn.execute(_UNSUBSCRIBE, org_id, owner_id)
    if email:
        await conn.execute(_FORGET_OUTBOX, org_id, email)
    if user_id is not None:
        await _forget_user(conn, org_id, user_id, email)
    return keys


async def _forget_user(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, owner_email: str | None) -> None:
    """The owner role here ends; an account left with no role anywhere is erased too."""
    await conn.execute(_DROP_MEMBERSHIP, org_id, user_id)
    await conn.execute(_REVOKE, user_id, org_id)
    user = await conn.fetchrow(_USER, user_id)
    if user is None or await conn.fetchval(_MEMBERSHIPS_LEFT, user_id):
        return
    await conn.execute(_FORGET_INVITATIONS, org_id, user["email"], user_id)
    await conn.execute(_FORGET_ATTEMPTS, user["email"])
    if owner_email:
        await conn.execute(_FORGET_OUTBOX, org_id, user["email"])
    await conn.execute(_DELETE_TOKENS, user_id)
    await conn.execute(_ERASE_USER, user_id)
