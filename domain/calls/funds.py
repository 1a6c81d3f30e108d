"""A building's funds: the working fund (fonds de roulement), its reserve funds (each with a purpose and a key),
the French works fund; each with its bank account in the association's name and its account in the books, whose
balance is read from the entries."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.accounting.posting import EntryDraft, LineDraft, post_entry
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import Msg, _, money
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.register.buildings import get_building
from domain.rules.payment_reference import compact_iban, iban_ok
from queries.calls import budgets as qbud
from queries.calls import funds as q
from queries.charges import keys as qk
from queries.register import buildings as qb
from queries.register.buildings import Building

KINDS = ("working", "reserve", "works")
KIND_LABELS: dict[str, Msg] = {"working": _("Fonds de roulement"), "reserve": _("Fonds de réserve"),
                               "works": _("Fonds de travaux")}
_BIC = re.compile(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?")
_ROLE = {"working": "working_fund", "reserve": "reserve_fund", "works": "reserve_fund"}
# the funds an AG decision may use for works: BE a reserve fund; FR the works fund (a reserve fund opened on a
# French building too: the law knows only the works fund, a bylaws' reserve is used the same way)
USABLE = {"BE": ("reserve",), "FR": ("works", "reserve")}


@dataclass(frozen=True)
class NewFund:
    kind: str
    name: str
    purpose: str | None
    sharing_key_id: UUID | None
    holder: str | None
    iban: str
    bic: str | None

    @classmethod
    def parse(cls, data: Any) -> NewFund:
        """The fund's kind, name, purpose, key, holder and bank account (IBAN checked, BIC shaped)."""
        f = Fields(data if data is not None else {}, allowed={"kind", "name", "purpose", "sharing_key_id",
                                                              "holder", "iban", "bic"})
        kind = f.choice("kind", KINDS, required=True)
        name = f.text("name", max_len=100)
        purpose = f.text("purpose", max_len=300)
        key = f.uuid("sharing_key_id")
        holder = f.text("holder", max_len=70)
        iban = f.text("iban", required=True, max_len=50)
        bic = f.text("bic", max_len=20)
        if iban is not None and not iban_ok(iban):
            f.error("iban", _("IBAN invalide (vérifiez les chiffres de contrôle)."))
        bic = "".join(bic.split()).upper() if bic else None
        if bic is not None and not _BIC.fullmatch(bic):
            f.error("bic", _("BIC invalide : 8 ou 11 caractères (ex. GEBABEBB)."))
        f.done()
        return cls(given(kind), name or str(KIND_LABELS[given(kind)]), purpose, key, holder,
                   compact_iban(given(iban)), bic)


def association_name(building: Building) -> str:
    """The account holder by default: the association of co-owners (not the syndic)."""
    prefix = "Syndicat des copropriétaires" if building.jurisdiction == "FR" else "ACP"
    return f"{prefix} {building.name}"[:70]


async def list_funds(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.Fund]:
    """The building's funds with their balances."""
    member = require(actor, "fund.read", building_id)
    building = await get_building(conn, member, building_id)
    return await q.list_for_building(conn, member.org_id, building.id)


async def get_fund(conn: asyncpg.Connection, actor: Actor, fund_id: UUID) -> q.Fund:
    """One fund with its balance."""
    member = require(actor, "fund.read")
    fund = await q.get(conn, member.org_id, fund_id)
    if fund is None or not member.reaches(fund.building_id):
        raise NotFound("fund", fund_id)
    return fund


async def _code_for(conn: asyncpg.Connection, org_id: UUID, building_id: UUID, kind: str) -> tuple[str, bool]:
    """The fund's account: the chart's account for its role, or the next free sub-account (True: not in the chart)."""
    base = given(await q.base_code(conn, org_id, building_id, _ROLE[kind]))
    used = await q.used_codes(conn, org_id, building_id)
    if base not in used:
        return base, False
    if kind == "working":
        raise Conflict(_("Ce bâtiment a déjà son fonds de roulement."), "kind")
    code = next(f"{base}{i}" for i in range(1, 10_000) if f"{base}{i}" not in used)
    return code, True


async def create_fund(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> q.Fund:
    """The syndic opens a fund with its bank account."""
    member = require(actor, "fund.manage", building_id)
    new = NewFund.parse(data)
    async with conn.transaction():
        building = await get_building(conn, member, building_id)
        if new.kind == "works" and building.jurisdiction != "FR":
            raise Invalid({"kind": _("Le fonds de travaux est propre aux copropriétés françaises.")})
        if new.sharing_key_id is not None:
            key = await qk.get(conn, member.org_id, new.sharing_key_id)
            if key is None or key.building_id != building.id:
                raise Invalid({"sharing_key_id": _("Cette clé n'appartient pas à ce bâtiment.")})
        await qb.lock(conn, member.org_id, building.id)  # one fund opened at a time per building
        code, own = await _code_for(conn, member.org_id, building.id, new.kind)
        if own:
            await q.add_own_account(conn, member.org_id, building.id, code, new.name)
        fund_id = await q.insert(conn, member.org_id, building.id, new.kind, new.name, new.purpose,
                                 new.sharing_key_id, code, new.holder or association_name(building), new.iban,
                                 new.bic)
        fund = given(await q.get(conn, member.org_id, fund_id))
        await record(conn, member, "create", "fund", fund_id, None, fund)
    return fund


@dataclass(frozen=True)
class FundUse:
    amount: Decimal
    used_on: date
    label: str
    resolution_id: UUID

    @classmethod
    def parse(cls, data: Any) -> FundUse:
        """How much of the fund the AG's decision uses, when, for what."""
        f = Fields(data if data is not None else {}, allowed={"amount", "used_on", "label", "resolution_id"})
        amount = f.decimal("amount", required=True, min=Decimal("0.01"), max=Decimal("1e11"), places=2)
        used_on = f.date("used_on", required=True)
        label = f.text("label", required=True, max_len=200)
        resolution = f.uuid("resolution_id", required=True)
        f.done()
        return cls(given(amount), given(used_on), given(label), given(resolution))


async def use_fund(conn: asyncpg.Connection, actor: Actor, fund_id: UUID, data: Any) -> q.Fund:
    """Use a reserve fund (BE) or the works fund (FR, loi 1965 art. 14-2) for works the AG decided: the fund moved
    to the charges (BE 680 use of the reserve fund; FR 705 affectation du fonds de travaux) and the money from the
    fund's bank account to the working one, in one entry referencing the decision; never below zero."""
    member = require(actor, "fund.manage")
    use = FundUse.parse(data)
    async with conn.transaction():
        found = await q.get(conn, member.org_id, fund_id)
        if found is None or not member.reaches(found.building_id):
            raise NotFound("fund", fund_id)
        building = given(await qb.lock(conn, member.org_id, found.building_id))  # one use at a time
        fund = given(await q.get(conn, member.org_id, fund_id))
        if fund.kind not in USABLE[building.jurisdiction]:
            raise Conflict(_("Seuls le fonds de réserve (BE) et le fonds de travaux (FR) s'utilisent ainsi."),
                           "fund_id")
        if not await qbud.resolution_adopted(conn, member.org_id, use.resolution_id, building.id):
            raise Invalid({"resolution_id": _("Choisissez une résolution adoptée par une assemblée de ce "
                                              "bâtiment.")})
        if use.amount > fund.balance:
            raise Invalid({"amount": _("Le fonds ne contient que %(balance)s : il ne peut pas devenir négatif.",
                                       balance=money(fund.balance))})
        await post_entry(conn, member, building.id, EntryDraft("OD", use.used_on, use.label, (
            LineDraft(fund.account_code, debit=use.amount), LineDraft("fund_use", credit=use.amount),
            LineDraft("bank_working", debit=use.amount), LineDraft("bank_reserve", credit=use.amount)),
            document_ref=str(use.resolution_id)[:100], source=("fund_use", fund.id)))
        after = given(await q.get(conn, member.org_id, fund_id))
        await record(conn, member, "use", "fund", fund_id, fund, after)
    return after
