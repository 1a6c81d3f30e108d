"""Contractors: the firm's companies (identifiers checked by their arithmetic), their trades, contact and
insurance certificate with its expiry. The syndic manages them; the office reads them; a board member sees only
those at work in their building (a ticket assigned or a quote asked)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import Invalid, NotFound
from domain.i18n import Msg, _
from domain.parse import Fields, FormInput, given
from domain.platform.audit import record
from domain.rules import identifiers as ids
from domain.storage import Storage, Upload
from queries.maintenance import contractors as q
from queries.maintenance.contractors import Contractor

__all__ = ["TRADES", "Contractor", "ContractorInput"]

TRADES: Mapping[str, Msg] = {
    "plumbing": _("Plomberie"), "heating": _("Chauffage"), "electricity": _("Électricité"),
    "roofing": _("Toiture"), "lift": _("Ascenseur"), "cleaning": _("Nettoyage"), "locksmith": _("Serrurerie"),
    "painting": _("Peinture"), "masonry": _("Maçonnerie"), "gardening": _("Jardinage"), "other": _("Autre"),
}
_FIELDS = set(q.FIELDS)


@dataclass(frozen=True)
class ContractorInput:
    company_name: str
    country: str
    enterprise_number: str | None
    vat_number: str | None
    iban: str | None
    trades: list[str]
    contact_name: str | None
    email: str | None
    phone: str | None
    insurer: str | None
    insurance_expires_on: date | None
    notes: str | None

    @classmethod
    def parse(cls, data: Any) -> ContractorInput:
        """A contractor's form or JSON body, every bad field at once."""
        f = Fields(data, allowed=_FIELDS)
        name = f.text("company_name", required=True)
        country = f.choice("country", ("BE", "FR")) or "BE"
        number = _enterprise(f, country)
        vat = f.text("vat_number", max_len=30)
        if vat is not None and not ids.vat_ok(vat):
            f.error("vat_number", _("Numéro de TVA invalide (BE + numéro d'entreprise, ou FR + clé + SIREN)."))
        iban = f.text("iban", max_len=50)
        if iban is not None and not ids.iban_ok(iban):
            f.error("iban", _("IBAN invalide (le chiffre de contrôle ne correspond pas)."))
        trades = _trades(f, data)
        contact, email, phone = f.text("contact_name"), f.email("email"), f.text("phone", max_len=40)
        insurer, expires = f.text("insurer"), f.date("insurance_expires_on")
        notes = f.text("notes", max_len=4000, multiline=True)
        f.done()
        return cls(given(name), country, number, ids.compact(vat) if vat else None,
                   ids.compact_iban(iban) if iban else None, trades, contact, email, phone, insurer, expires, notes)


def _enterprise(f: Fields, country: str) -> str | None:
    text = f.text("enterprise_number", max_len=30)
    if text is None:
        return None
    digits = ids.compact(text).removeprefix("BE")
    if country == "BE" and ids.be_enterprise_ok(digits):
        return digits.rjust(10, "0")
    if country == "FR" and ids.siren_ok(digits):
        return digits
    f.error("enterprise_number", _("Numéro d'entreprise invalide (BCE : 10 chiffres, contrôle modulo 97)")
            if country == "BE" else _("SIREN invalide (9 chiffres, clé de Luhn)."))
    return None


def _trades(f: Fields, data: Any) -> list[str]:
    raw = data.get("trades")
    if raw is None or raw == "" or raw == []:
        return []
    items = [t.strip() for t in raw.split(",") if t.strip()] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(t, str) and t in TRADES for t in items) or len(items) > 11:
        f.error("trades", _("Métiers non reconnus."))
        return []
    return sorted(set(items))


async def list_contractors(conn: asyncpg.Connection, actor: Actor, trade: str | None = None) -> list[Contractor]:
    """The contractors the actor sees, by name."""
    member = require(actor, "contractor.read")
    return await q.list_all(conn, member.org_id, trade, member.building_ids)


async def get_contractor(conn: asyncpg.Connection, actor: Actor, contractor_id: UUID) -> Contractor:
    """One contractor the actor sees."""
    member = require(actor, "contractor.read")
    found = await q.get(conn, member.org_id, contractor_id, member.building_ids)
    if found is None:
        raise NotFound("contractor", contractor_id)
    return found


async def create_contractor(conn: asyncpg.Connection, actor: Actor, data: Any) -> Contractor:
    """Add a contractor to the firm's list (the syndic)."""
    member = require(actor, "contractor.manage")
    values = ContractorInput.parse(data)
    async with conn.transaction():
        try:
            new_id = await q.insert(conn, member.org_id, asdict(values))
        except asyncpg.UniqueViolationError:
            raise Invalid({"enterprise_number": _("Un entrepreneur porte déjà ce numéro.")}) from None
        created = await q.get(conn, member.org_id, new_id)
        await record(conn, member, "create", "contractor", new_id, None, created)
    assert created is not None
    return created


async def update_contractor(conn: asyncpg.Connection, actor: Actor, contractor_id: UUID, data: Any) -> Contractor:
    """Change a contractor (a form replaces every field; JSON may send only what changes)."""
    member = require(actor, "contractor.manage")
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, contractor_id)
        if before is None:
            raise NotFound("contractor", contractor_id)
        payload = data if isinstance(data, FormInput) else _merged(before, data)
        values = ContractorInput.parse(payload)
        try:
            await q.update(conn, member.org_id, contractor_id, asdict(values))
        except asyncpg.UniqueViolationError:
            raise Invalid({"enterprise_number": _("Un entrepreneur porte déjà ce numéro.")}) from None
        after = await q.get(conn, member.org_id, contractor_id)
        await record(conn, member, "update", "contractor", contractor_id, before, after)
    assert after is not None
    return after


def _merged(before: Contractor, data: Any) -> Any:
    if not isinstance(data, Mapping):
        return data
    current = {k: getattr(before, k) for k in q.FIELDS}
    if before.insurance_expires_on is not None:
        current["insurance_expires_on"] = before.insurance_expires_on.isoformat()
    return {**{k: v for k, v in current.items() if v is not None}, **data}


async def attach_certificate(conn: asyncpg.Connection, actor: Actor, storage: Storage, contractor_id: UUID,
                             upload: Upload, expires_on: date | None) -> Contractor:
    """File (or replace) the contractor's insurance certificate, with its expiry."""
    member = require(actor, "contractor.manage")
    key = upload.new_key(member.org_id, "certificates")
    async with conn.transaction():
        before = await q.lock(conn, member.org_id, contractor_id)
        if before is None:
            raise NotFound("contractor", contractor_id)
        await storage.put(key, upload.data)
        try:
            await q.set_certificate(conn, member.org_id, contractor_id, key, upload.name, upload.content_type,
                                    expires_on)
            after = await q.get(conn, member.org_id, contractor_id)
            await record(conn, member, "attach_certificate", "contractor", contractor_id, before, after)
        except Exception:
            await storage.delete(key)
            raise
    if before.certificate_key:
        await storage.delete(before.certificate_key)
    assert after is not None
    return after


async def certificate_file(conn: asyncpg.Connection, actor: Actor, storage: Storage,
                           contractor_id: UUID) -> tuple[str, str, bytes]:
    """The insurance certificate's file: (name, type, bytes)."""
    contractor = await get_contractor(conn, actor, contractor_id)
    data = await storage.get(contractor.certificate_key) if contractor.certificate_key else None
    if data is None:
        raise NotFound("certificate", contractor_id)
    return (contractor.certificate_name or "attestation", contractor.certificate_type or "application/octet-stream",
            data)
