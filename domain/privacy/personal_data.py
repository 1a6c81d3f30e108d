"""A person's rights over their data (GDPR art. 15, 16, 20): everything the product holds about an owner as
portable JSON (and a readable PDF made from it in web/documents/privacy.py), rectification of their own contact
details from the portal, and the consent to e-mail for legal notices (BE C. civ. art. 3.87 § 3: in writing)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import OWNER, Actor, Member, require
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from queries.bank import privacy as qbank
from queries.platform import audit as qaudit
from queries.privacy import consents as qc
from queries.privacy import personal_data as q
from queries.register import owners as qo
from queries.register.rights import owners_of_user

CONTACT_FIELDS = {"email": 254, "phone": 40, "address": 300, "city": 120, "postal_code": 20, "country": 80}
IDENTITY = ("kind", "first_name", "last_name", "company_name", "company_number", "language")
METHODS = ("portal", "paper", "syndic", "api")


async def _subject(conn: asyncpg.Connection, member: Member, owner_id: UUID) -> qo.Owner:
    """The owner whose data is asked for: an owner only themselves; 404 otherwise."""
    owner = await qo.get(conn, member.org_id, owner_id)
    if owner is None or (member.role == OWNER and owner.user_id != member.user_id):
        raise NotFound("owner", owner_id)
    return owner


async def export(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> dict[str, Any]:
    """Everything held about the person: identity, contact, lots and shares with dates, ledger, bank movements
    (the payer's name and account), votes and attendance, documents addressed to them, mailings, consents, their
    account's logins (audited)."""
    member = require(actor, "personal_data.export")
    owner = await _subject(conn, member, owner_id)
    sections = {name: await q.rows(conn, name, member.org_id, owner.id)
                for name in ("rights", "ledger", "votes", "attendance", "documents", "mailings", "consents")}
    sections["bank_movements"] = await qbank.of_owner(conn, member.org_id, owner.id)  # the payer as the bank wrote
    async with conn.transaction():
        await record(conn, member, "export_personal_data", "owner", owner.id, None, {"sections": sorted(sections)})
    return {
        "format": "koprogo.personal-data/1",
        "exported_at": datetime.now(UTC).isoformat(),
        "organization": actor.org_name,
        "identity": {k: getattr(owner, k) for k in (*IDENTITY, "created_at", "anonymized_at")},
        "contact": {k: getattr(owner, k) for k in CONTACT_FIELDS},
        "preferences": {"accepts_email_notices": owner.accepts_email_notices, "shares_contact": owner.shares_contact},
        **sections,
        "account": await q.account(conn, owner.user_id) if owner.user_id else None,
    }


async def my_owner(conn: asyncpg.Connection, actor: Actor) -> qo.Owner | None:
    """The owner record of the logged-in owner (None without one)."""
    member = require(actor, "personal_data.rectify")
    ids = await owners_of_user(conn, member.org_id, member.user_id)
    return await qo.get(conn, member.org_id, ids[0]) if ids else None


async def rectify_my_contact(conn: asyncpg.Connection, actor: Actor, data: object) -> qo.Owner:
    """An owner corrects their own contact details (art. 16); audited, so the syndic sees who changed what."""
    member = require(actor, "personal_data.rectify")
    f = Fields(data, allowed={*CONTACT_FIELDS, "csrf_token"})
    values: dict[str, Any] = {name: f.text(name, max_len=size) for name, size in CONTACT_FIELDS.items()
                              if name != "email" and f.present(name)}
    if f.present("email"):
        values["email"] = f.email("email")
    f.done()  # a JSON body sends only what changes; the form sends every field
    async with conn.transaction():
        ids = await owners_of_user(conn, member.org_id, member.user_id)
        before = await qo.lock(conn, member.org_id, ids[0]) if ids else None
        if before is None:
            raise NotFound("owner", member.user_id)
        keep = {k: getattr(before, k) for k in qo.FIELDS}
        after = given(await qo.update(conn, member.org_id, before.id, {**keep, **values}))
        await record(conn, member, "rectify", "owner", before.id, before, after)
    return after


async def rectifications(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> list[qaudit.AuditEntry]:
    """The owner's own corrections of their contact details (when, which fields), for the syndic to see."""
    member = require(actor, "personal_data.erase")
    owner = await _subject(conn, member, owner_id)
    return [e for e in await qaudit.list_for_entity(conn, member.org_id, "owner", owner.id) if e.action == "rectify"]


@dataclass(frozen=True)
class ConsentView:
    in_force: qc.Consent | None
    history: list[qc.Consent]


async def consents(conn: asyncpg.Connection, actor: Actor, owner_id: UUID) -> ConsentView:
    """The consent in force and its history (an owner: their own)."""
    member = require(actor, "consent.manage")
    owner = await _subject(conn, member, owner_id)
    history = await qc.history(conn, member.org_id, owner.id)
    return ConsentView(next((c for c in history if c.withdrawn_at is None), None), history)


def _method(member: Member, data: object) -> tuple[str, str | None]:
    f = Fields(data if data is not None else {}, allowed={"method", "evidence", "csrf_token"})
    method = f.choice("method", METHODS) or ("portal" if member.role == OWNER else "syndic")
    evidence = f.text("evidence", max_len=300)
    if member.role == OWNER and method != "portal":
        f.error("method", _("Un copropriétaire donne ou retire son accord depuis son espace."))
    f.done()
    return method, evidence


async def give_consent(conn: asyncpg.Connection, actor: Actor, owner_id: UUID, data: object) -> qc.Consent:
    """Record the owner's consent to e-mail for legal notices: who, when, how (an owner from the portal, the
    syndic a signed paper form, with its reference as evidence)."""
    member = require(actor, "consent.manage")
    owner = await _subject(conn, member, owner_id)
    method, evidence = _method(member, data)
    if not owner.email:
        raise Invalid({"email": _("Une adresse électronique est nécessaire pour recevoir les convocations par "
                                  "courriel.")})
    async with conn.transaction():
        if await qc.in_force(conn, member.org_id, owner.id, "email_notices") is not None:
            raise Conflict(_("Cet accord est déjà en vigueur."))
        consent = await qc.give(conn, member.org_id, owner.id, "email_notices", member.user_id, method, evidence)
        await record(conn, member, "give", "consent", consent.id, None, consent)
    return consent


async def withdraw_consent(conn: asyncpg.Connection, actor: Actor, owner_id: UUID, data: object) -> qc.Consent:
    """Withdraw the consent: legal notices go back to paper."""
    member = require(actor, "consent.manage")
    owner = await _subject(conn, member, owner_id)
    method, _evidence = _method(member, data)
    async with conn.transaction():
        current = await qc.in_force(conn, member.org_id, owner.id, "email_notices")
        if current is None:
            raise Conflict(_("Aucun accord en vigueur à retirer."))
        after = await qc.withdraw(conn, member.org_id, current, member.user_id, method)
        await record(conn, member, "withdraw", "consent", current.id, current, after)
    return after
