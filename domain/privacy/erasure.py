"""Erasure with retention (GDPR art. 17 § 3 b and e: what the law requires to keep stays).

A current owner cannot be erased. A former owner's contact data (e-mail, phone, postal address, company number),
their consents' evidence, the messages sent to them, the documents addressed to them and their user account (when
it has no other role) are erased once the accounting retention period of their jurisdiction has run
(domain/rules/retention.py); their name stays where the law keeps it — the minutes and the ledgers.

The audit log cannot be rewritten (append-only) and so never holds what erasure removes: it keeps ids and the
names of the fields that changed, not personal values (queries/platform/audit.py PERSONAL; migration 0181
reduced the entries written before). The erasure itself is logged the same way: ids only.

`erase_expired` is the daily job: it erases every former owner whose retention has ended, in every organisation,
and reports what it did (see domain/jobs.py for how the worker runs it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import Conflict, NotFound
from domain.i18n import Msg, _
from domain.parse import given
from domain.platform.audit import record, record_system
from domain.rules.retention import retained_until, retention_for
from domain.storage import Storage
from queries.bank import privacy as qbank
from queries.privacy import personal_data as q
from queries.register import owners as qo

ERASED_FIELDS = ("email", "phone", "address", "city", "postal_code", "country", "company_number", "user_id")


@dataclass(frozen=True)
class Erasable:
    """Whether a person may be erased today, and if not, why (with the date and the law)."""
    ok: bool
    reason: Msg | None
    until: date | None = None


async def erasable(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, today: date) -> Erasable:
    """A current owner: never; a former owner: once the retention of their lot's jurisdiction has run."""
    current, last_day, jurisdiction = await q.last_activity(conn, org_id, owner_id, today)
    if current:
        return Erasable(False, _("Un copropriétaire actuel ne peut pas être effacé : ses droits sur un lot sont "
                                 "en cours."))
    until = retained_until(jurisdiction, last_day or today)
    if today < until:
        rule = retention_for(jurisdiction)
        return Erasable(False, _("Conservation obligatoire jusqu'au %(day)s (%(years)s ans après la dernière "
                                 "écriture du %(last)s) : %(law)s", day=until.strftime("%d/%m/%Y"),
                                 years=rule.years, last=(last_day or today).strftime("%d/%m/%Y"),
                                 law=rule.citation), until)
    return Erasable(True, None, until)


async def erasure_status(conn: asyncpg.Connection, actor: Actor, owner_id: UUID,
                         today: date | None = None) -> Erasable:
    """Whether the syndic may erase this person today, and if not why."""
    member = require(actor, "personal_data.erase")
    owner = await qo.get(conn, member.org_id, owner_id)
    if owner is None:
        raise NotFound("owner", owner_id)
    if owner.anonymized_at is not None:
        return Erasable(False, _("Les données de cette personne ont déjà été effacées."))
    return await erasable(conn, member.org_id, owner.id, today or date.today())


async def _erase(conn: asyncpg.Connection, org_id: UUID, owner: qo.Owner) -> list[str]:
    await qbank.pseudonymise(conn, org_id, owner.id)  # the payer's name and account on bank movements
    return await q.erase(conn, org_id, owner.id, owner.email, owner.user_id)


async def erase_owner(conn: asyncpg.Connection, actor: Actor, storage: Storage, owner_id: UUID,
                      today: date | None = None) -> qo.Owner:
    """The syndic erases a former owner (refused with the reason while retention runs)."""
    member = require(actor, "personal_data.erase")
    today = today or date.today()
    async with conn.transaction():
        owner = await qo.lock(conn, member.org_id, owner_id)
        if owner is None:
            raise NotFound("owner", owner_id)
        if owner.anonymized_at is not None:
            raise Conflict(_("Les données de cette personne ont déjà été effacées."))
        verdict = await erasable(conn, member.org_id, owner.id, today)
        if not verdict.ok:
            raise Conflict(given(verdict.reason), "owner_id")
        keys = await _erase(conn, member.org_id, owner)
        await record(conn, member, "erase", "owner", owner.id, None, {"erased": list(ERASED_FIELDS),
                                                                       "documents": len(keys)})
        after = await qo.get(conn, member.org_id, owner.id)
    for key in keys:
        await storage.delete(key)
    return given(after)


@dataclass(frozen=True)
class ErasureReport:
    """What the daily job did: the owners erased, and how many waited for their retention to end."""
    erased: list[tuple[UUID, UUID]]
    waiting: int


async def erase_expired(conn: asyncpg.Connection, storage: Storage, today: date | None = None) -> ErasureReport:
    """Daily job: erase every former owner whose retention period has ended, in every organisation; each
    erasure in its own transaction, logged (ids only) as done by the system. Idempotent: an erased owner is
    never a candidate again."""
    today = today or date.today()
    erased, waiting = [], 0
    for org_id, owner_id in await q.candidates(conn, today):
        keys: list[str] = []
        async with conn.transaction():
            owner = await qo.lock(conn, org_id, owner_id)
            if owner is None or owner.anonymized_at is not None:
                continue
            if not (await erasable(conn, org_id, owner_id, today)).ok:
                waiting += 1
                continue
            keys = await _erase(conn, org_id, owner)
            await record_system(conn, org_id, "erase", "owner", owner_id, {"erased": list(ERASED_FIELDS),
                                                                           "documents": len(keys)})
            erased.append((org_id, owner_id))
        for key in keys:
            await storage.delete(key)
    return ErasureReport(erased, waiting)
