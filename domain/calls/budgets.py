"""Budgets: a fiscal year's ordinary and extraordinary lines (account, key, amount) and the reserve contribution,
drafted by the syndic, adopted by an AG resolution (a later vote revises it: the new one supersedes it); the
reserve-fund (BE) or works-fund (FR) floor checked with its reasoning when it is drafted."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, Member, require
from domain.calls.reserve_rules import rules_of, waiver_of
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields, FormInput, given
from domain.platform.audit import record
from domain.register.buildings import building_of, get_building
from domain.rules.call_schedule import MONTHS, add_months
from domain.rules.reserve_fund import FundCheck, check_be, check_fr
from queries.calls import budgets as q
from queries.calls import funds as qf
from queries.calls.budget_agenda import item_of as agenda_item_of
from queries.charges import keys as qk
from queries.register.buildings import Building

SECTIONS = ("ordinary", "extraordinary", "reserve")
_LINE_FIELDS = ("section", "account_code", "label", "sharing_key_id", "fund_id", "amount")
FORM_LINES = 12  # rows of the budget form


@dataclass(frozen=True)
class LineInput:
    section: str
    account_code: str
    label: str
    sharing_key_id: UUID | None
    fund_id: UUID | None
    amount: Decimal


@dataclass(frozen=True)
class BudgetInput:
    label: str
    year_start: date
    year_end: date
    frequency: str
    due_after_days: int
    lines: tuple[LineInput, ...]

    @classmethod
    def parse(cls, data: Any) -> BudgetInput:
        """A budget from JSON ({…, "lines": [{section, account_code, label, sharing_key_id, fund_id, amount}]})
        or a form (fields section_1, account_code_1 …; empty rows skipped)."""
        f = Fields(data if data is not None else {}, allowed={"label", "year_start", "year_end", "frequency",
                                                              "due_after_days", "lines"})
        start = f.date("year_start", required=True)
        end = f.date("year_end")
        frequency = f.choice("frequency", MONTHS, required=False) or "quarterly"
        due = f.integer("due_after_days", min=0, max=90) or 0
        label = f.text("label", max_len=200)
        if start is not None and end is None:
            end = add_months(start, 12) - timedelta(days=1)
        if start and end and not (start < end < add_months(start, 18)):
            f.error("year_end", _("Un exercice dure de un jour à dix-huit mois."))
        lines = _lines(f)
        f.done()
        return cls(label or str(_("Budget %(year)s", year=str(given(start).year))), given(start), given(end), frequency,
                   due, tuple(lines))


def _raw_lines(f: Fields) -> list[tuple[str, Any]]:
    """(prefix of the field names, the row's values) for each row given."""
    if f.form:
        rows = []
        for i in range(1, FORM_LINES + 1):
            row = {k: f.data.get(f"{k}_{i}", "") for k in _LINE_FIELDS}
            if any(str(row[k]).strip() for k in ("label", "amount")):
                rows.append((f"{{}}_{i}", row))
        return rows
    raw = f.data.get("lines")
    if not isinstance(raw, list) or not all(isinstance(r, dict) for r in raw):
        f.error("lines", _("Attendu : une liste de lignes {section, account_code, label, amount}."))
        return []
    return [(f"lines[{i}].{{}}", r) for i, r in enumerate(raw)]


def _lines(f: Fields) -> list[LineInput]:
    """Each row parsed, its errors named after its fields."""
    out: list[LineInput] = []
    rows = _raw_lines(f)
    for name, row in rows:
        unknown = set(row) - set(_LINE_FIELDS)
        if unknown:
            f.error(name.format(sorted(unknown)[0]), _("Champ inconnu."))
            continue
        values = {name.format(k): v for k, v in row.items()}
        g = Fields(FormInput(values) if f.form else values)
        section = g.choice(name.format("section"), SECTIONS, required=True)
        code = g.text(name.format("account_code"), required=section != "reserve", max_len=8)
        if code is not None and not (code.isdigit() and code[0] in "1234567"):
            g.error(name.format("account_code"), _("Un compte du plan : des chiffres, de la classe 1 à 7."))
        label = g.text(name.format("label"), required=True, max_len=200)
        key = g.uuid(name.format("sharing_key_id"))
        fund = g.uuid(name.format("fund_id"))
        amount = g.decimal(name.format("amount"), required=True, min=Decimal("0.01"), max=Decimal("1e11"), places=2)
        if section == "reserve" and fund is None and not g.errors:
            g.error(name.format("fund_id"), _("Indiquez le fonds que cette contribution alimente."))
        for k, v in g.errors.items():
            f.error(k, v)
        if not g.errors:
            out.append(LineInput(given(section), code or "", given(label), key,
                                 fund if section == "reserve" else None, given(amount)))
    if not rows and "lines" not in f.errors:
        f.error("lines", _("Ajoutez au moins une ligne."))
    return out


@dataclass(frozen=True)
class BudgetView:
    """A budget with its lines, the reserve-fund check and what the books hold on each line's account (budget vs
    actual; the ordinary and extraordinary lines)."""
    budget: q.Budget
    lines: list[q.Line]
    reserve_check: FundCheck
    actual: dict[str, Decimal]


async def _check_lines(conn: asyncpg.Connection, member: Member, building: Building,
                       lines: tuple[LineInput, ...]) -> tuple[LineInput, ...]:
    """Keys and funds of the building; a reserve line's account is its fund's."""
    keys = {k.id for k in await qk.list_for_building(conn, member.org_id, building.id)}
    funds = {fu.id: fu for fu in await qf.list_for_building(conn, member.org_id, building.id)}
    errors, out = {}, []
    for i, line in enumerate(lines):
        if line.sharing_key_id is not None and line.sharing_key_id not in keys:
            errors[f"lines[{i}].sharing_key_id"] = _("Cette clé n'appartient pas à ce bâtiment.")
        fund = funds.get(line.fund_id) if line.fund_id else None
        if line.fund_id is not None and (fund is None or fund.kind == "working"):
            errors[f"lines[{i}].fund_id"] = _("Choisissez un fonds de réserve de ce bâtiment.")
        out.append(replace(line, account_code=fund.account_code) if fund else line)
    if errors:
        raise Invalid(errors)
    return tuple(out)


async def draft_budget(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: Any) -> BudgetView:
    """The syndic drafts a year's budget; the reserve floor is checked and shown."""
    member = require(actor, "budget.draft", building_id)
    new = BudgetInput.parse(data)
    async with conn.transaction():
        building = await get_building(conn, member, building_id)
        lines = await _check_lines(conn, member, building, new.lines)
        budget_id = await q.insert(conn, member.org_id, building.id, new.year_start, new.year_end, new.label,
                                   new.frequency, new.due_after_days)
        await q.insert_lines(conn, member.org_id, budget_id, [
            (x.section, x.account_code, x.label, x.sharing_key_id, x.fund_id, x.amount) for x in lines])
        view = await _view(conn, member, building, budget_id)
        await record(conn, member, "create", "budget", budget_id, None, view.budget)
    return view


async def reserve_check(conn: asyncpg.Connection, member: Member, building: Building, budget: q.Budget) -> FundCheck:
    """The legal floor of the reserve (BE) or works (FR) fund contribution for this budget, with its reasons; the
    waiver and the acceptance date recorded on the building (a waiver decided after the year does not count)."""
    rules = await rules_of(conn, member.org_id, building.id)
    waiver = waiver_of(rules)
    waiver = waiver if waiver is not None and waiver.decided_on <= budget.year_end else None
    acceptance = rules.provisional_acceptance_on if rules else None
    if building.jurisdiction == "FR":
        lots = await q.lot_count(conn, member.org_id, building.id)
        return check_fr(budget.reserve, budget.ordinary, budget.year_start, lots, acceptance, waiver)
    last_year = (add_months(budget.year_start, -12), budget.year_start - timedelta(days=1))
    booked = await q.ordinary_charges(conn, member.org_id, building.id, *last_year)
    found = check_be(budget.reserve, booked if booked > 0 else budget.ordinary, budget.year_start, acceptance,
                     waiver)
    if booked <= 0:
        found.reasons.append(_("Aucune charge ordinaire comptabilisée l'exercice précédent : le budget ordinaire "
                               "de cet exercice sert de base."))
    return found


async def _view(conn: asyncpg.Connection, member: Member, building: Building, budget_id: UUID) -> BudgetView:
    budget = given(await q.get(conn, member.org_id, budget_id))
    lines = await q.lines(conn, member.org_id, budget_id)
    codes = sorted({x.account_code for x in lines if x.section != "reserve"})
    actual = await q.actual_by_account(conn, member.org_id, building.id, budget.year_start, budget.year_end, codes)
    return BudgetView(budget, lines, await reserve_check(conn, member, building, budget), actual)


async def list_budgets(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> list[q.Budget]:
    """The building's budgets, the latest year first."""
    member = require(actor, "budget.read", building_id)
    building = await get_building(conn, member, building_id)
    return await q.list_for_building(conn, member.org_id, building.id)


async def _reached(conn: asyncpg.Connection, member: Member, budget_id: UUID) -> q.Budget:
    budget = await q.get(conn, member.org_id, budget_id)
    if budget is None or not member.reaches(budget.building_id):
        raise NotFound("budget", budget_id)
    return budget


async def get_budget(conn: asyncpg.Connection, actor: Actor, budget_id: UUID) -> BudgetView:
    """One budget with its lines and its reserve check."""
    member = require(actor, "budget.read")
    budget = await _reached(conn, member, budget_id)
    return await _view(conn, member, await building_of(conn, member, budget.building_id), budget.id)


async def approve_budget(conn: asyncpg.Connection, actor: Actor, budget_id: UUID, data: Any) -> BudgetView:
    """The budget adopted by the AG's resolution: in force for its year (the one it revises superseded)."""
    member = require(actor, "budget.approve")
    f = Fields(data if data is not None else {}, allowed={"resolution_id"})
    resolution = f.uuid("resolution_id")
    f.done()
    async with conn.transaction():
        before = await _reached(conn, member, budget_id)
        await q.lock(conn, member.org_id, budget_id)
        resolution = resolution or await agenda_item_of(conn, member.org_id, budget_id)  # the item it was put on
        if resolution is None:
            raise Invalid({"resolution_id": _("Ce champ est obligatoire.")})
        if before.status != "draft":
            raise Conflict(_("Ce budget a déjà été voté."))
        adopted = await q.resolution_adopted(conn, member.org_id, given(resolution), before.building_id)
        if not adopted:
            raise Invalid({"resolution_id": _("Choisissez une résolution adoptée par une assemblée de ce "
                                              "bâtiment.")})
        await q.approve(conn, member.org_id, before, given(resolution), member.user_id)
        view = await _view(conn, member, await building_of(conn, member, before.building_id), budget_id)
        await record(conn, member, "approve", "budget", budget_id, before, view.budget)
    return view


async def adopted_resolutions(conn: asyncpg.Connection, actor: Actor, budget_id: UUID) -> list[q.Resolution]:
    """The resolutions a budget may be approved by: those adopted by the building's assemblies."""
    member = require(actor, "budget.approve")
    budget = await _reached(conn, member, budget_id)
    return await q.adopted_resolutions(conn, member.org_id, budget.building_id)
