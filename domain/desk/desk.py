"""The desk: what needs doing across the member's buildings (every provider of PROVIDERS), the most urgent
first, with counts by building and by kind, filtered by building or kind; the charts' figures."""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.desk.item import LATE, NORMAL, SOON, DeskItem
from domain.desk.providers import PROVIDERS
from domain.i18n import Msg, _
from domain.pagination import Page, PageRequest
from domain.parse import Fields
from domain.platform.audit import record
from domain.register.buildings import get_building
from queries.desk import charts as qc
from queries.desk import items as qi

KIND_LABELS: dict[str, Msg] = {
    "expense.draft": _("Dépenses à approuver"),
    "minutes.due": _("Procès-verbaux à envoyer"),
    "agenda_request.pending": _("Demandes de point à l'ordre du jour"),
    "assembly.to_convene": _("AG ordinaires à convoquer"),
    "convocation.failed": _("Convocations non remises"),
    "ticket.overdue": _("Tickets en retard"),
    "certificate.expiring": _("Attestations qui expirent"),
    "decision.overdue": _("Décisions en retard"),
    "year.to_close": _("Exercices à clôturer"),
}
_ORDER = {LATE: 0, SOON: 1, NORMAL: 2}


@dataclass(frozen=True)
class DeskFilter:
    building_id: UUID | None = None
    kind: str | None = None

    @classmethod
    def parse(cls, args: object) -> DeskFilter:
        """`building` and `kind` from a query string."""
        f = Fields(args, allowed={"building", "kind", "page", "per_page", "limit"})  # paging: PageRequest
        building = f.uuid("building")
        kind = f.text("kind", max_len=60)
        if kind is not None and kind not in KIND_LABELS:
            f.error("kind", _("Sorte de tâche inconnue."))
        f.done()
        return cls(building, kind)


@dataclass(frozen=True)
class Desk:
    items: list[DeskItem]  # the page asked for of the filtered list
    by_building: list[tuple[UUID, str, int]]  # (building, name, items) over the unfiltered list, most first
    by_kind: list[tuple[str, int]]
    today: date
    page: Page[DeskItem]


def page_request(args: Mapping[str, str], lenient: bool = False) -> PageRequest:
    """`page` and `per_page` (or its alias `limit`) from a query string; 50 a page by default."""
    wanted = {"page": args.get("page") or "", "per_page": args.get("per_page") or args.get("limit") or ""}
    return PageRequest.lenient(wanted, 50) if lenient else PageRequest.parse(wanted, 50)


async def desk(conn: asyncpg.Connection, actor: Actor, flt: DeskFilter, today: date | None = None,
               paging: PageRequest | None = None) -> Desk:
    """Everything the providers list for the member (one query per kind), most urgent first, then filtered, and
    the page asked for (the counts are over the whole list)."""
    member = require(actor, "desk.read")
    today = today or date.today()
    found: list[DeskItem] = []
    for provider in PROVIDERS:
        found.extend(await provider(conn, member, today))
    found.sort(key=lambda i: (_ORDER[i.urgency(today)], i.due or date.max, i.building_name or "", str(i.title)))
    names = {i.building_id: i.building_name or "" for i in found if i.building_id}
    per_building = Counter(i.building_id for i in found if i.building_id)
    by_building = sorted(((b, names[b], n) for b, n in per_building.items()), key=lambda t: (-t[2], t[1]))
    by_kind = sorted(Counter(i.kind for i in found).items())
    shown = [i for i in found if (flt.building_id is None or i.building_id == flt.building_id)
             and (flt.kind is None or i.kind == flt.kind)]
    paging = paging or PageRequest(per_page=50)
    page = Page(shown[paging.offset:paging.offset + paging.per_page], paging, len(shown))
    return Desk(page.items, [(b, n, c) for b, n, c in by_building], by_kind, today, page)


@dataclass(frozen=True)
class Charts:
    building_id: UUID | None
    building_name: str | None
    by_category: list[qc.CategoryYear]
    arrears: list[qc.AgeBucket]


async def charts(conn: asyncpg.Connection, actor: Actor, building_id: UUID | None,
                 today: date | None = None) -> Charts:
    """A building's charges by category and year (the one asked, else none), and arrears by age (that building,
    or every building in reach)."""
    member = require(actor, "desk.read", building_id)
    today = today or date.today()
    by_category: list[qc.CategoryYear] = []
    name = None
    if building_id is not None:
        building = await get_building(conn, member, building_id)
        name = building.name
        by_category = await qc.charges_by_category(conn, member.org_id, building.id)
    arrears = await qc.arrears_by_age(conn, member.org_id, member.building_ids, today, building_id)
    return Charts(building_id, name, by_category, arrears)


def total(buckets: list[qc.AgeBucket]) -> Decimal:
    """What is owed in all."""
    return sum((b.amount for b in buckets), Decimal(0))


@dataclass(frozen=True)
class WindowInput:
    starts_month: int
    starts_day: int
    days: int

    @classmethod
    def parse(cls, data: object) -> WindowInput:
        """The window's first day (month, day) and its length in days."""
        f = Fields(data, allowed={"starts_month", "starts_day", "days"})
        month = f.integer("starts_month", True, 1, 12)
        day = f.integer("starts_day", True, 1, 31)
        days = f.integer("days", False, 1, 92) or 15
        if month and day:
            try:
                date(2001, month, day)
            except ValueError:
                f.error("starts_day", _("Ce jour n'existe pas chaque année dans ce mois."))
        f.done()
        assert month is not None and day is not None
        return cls(month, day, days)


async def assembly_window(conn: asyncpg.Connection, actor: Actor, building_id: UUID) -> qi.Window | None:
    """The building's ordinary-assembly window."""
    member = require(actor, "building.read", building_id)
    building = await get_building(conn, member, building_id)
    return await qi.window(conn, member.org_id, building.id)


async def set_assembly_window(conn: asyncpg.Connection, actor: Actor, building_id: UUID, data: object) -> qi.Window:
    """The syndic records the bylaws' period for the ordinary assembly."""
    member = require(actor, "building.manage", building_id)
    building = await get_building(conn, member, building_id)
    values = WindowInput.parse(data)
    async with conn.transaction():
        before = await qi.window(conn, member.org_id, building.id)
        after = await qi.set_window(conn, member.org_id, building.id, values.starts_month, values.starts_day,
                                    values.days)
        await record(conn, member, "set", "assembly_window", building.id, before, after)
    return after

