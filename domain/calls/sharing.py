"""A call's allocation read from the register: the key's weights, the rights held in its period, and the rule."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import cast
from uuid import UUID

import asyncpg

from domain.errors import Invalid
from domain.i18n import _
from domain.rules.allocation import kind_of
from domain.rules.call_allocation import NATURE_OF_CALL, Lot, Right, Share, Unallocatable, split_call
from domain.rules.numbers import rounded
from queries.calls import lots as ql
from queries.charges import keys as qk
from queries.register.buildings import Building


@dataclass(frozen=True)
class OwnerShare:
    """One owner's part of one lot, as a preview and the stored call show it."""
    unit_id: UUID
    unit_number: str
    owner_id: UUID
    owner_name: str
    weight: Decimal
    key_total: Decimal
    lot_amount: Decimal
    days: int | None
    amount: Decimal
    adjustment: Decimal


def span(kind: str, period: tuple[date, date] | None, call_date: date) -> tuple[date, date]:
    """Provisions by days held in their period; a fund call to the owners on its date."""
    if kind in ("ordinary", "extraordinary") and period is not None:
        return period
    return call_date, call_date


def _dec(value: Fraction | int | Decimal) -> Decimal:
    return rounded(value, 4) if isinstance(value, Fraction) else Decimal(value)


async def allocate(conn: asyncpg.Connection, org_id: UUID, building: Building, kind: str, total: Decimal,
                   key_id: UUID | None, first: date, last: date,
                   held: list[ql.HeldRight] | None = None) -> list[OwnerShare]:
    """Every owner's share of a call; Invalid naming what is missing when the key or the owners do not add up.
    `held`: the rights of a longer span already read (a year's schedule reads them once)."""
    rows = held if held is not None else await ql.held_during(conn, org_id, building.id, first, last)
    weights = None if key_id is None else {w.unit_id: w.weight for w in await qk.weights(conn, org_id, key_id)}
    return allocate_rows(building, kind, total, weights, first, last, rows)


def during(rows: list[ql.HeldRight], first: date, last: date) -> list[ql.HeldRight]:
    """The rows of a longer span narrowed to the rights that ran on a day of [first, last] (as `held_during`
    reads them: a lot none of whose rights ran keeps one row without owner)."""
    out: list[ql.HeldRight] = []
    for unit_rows in _by_unit(rows):
        kept = [r for r in unit_rows if r.owner_id is not None and r.start_date is not None
                and r.start_date <= last and (r.end_date is None or r.end_date > first)]
        out += kept or [replace(unit_rows[0], owner_id=None, right_kind=None, share_num=None, share_den=None,
                                start_date=None, end_date=None, owner_name=None)]
    return out


def _by_unit(rows: list[ql.HeldRight]) -> list[list[ql.HeldRight]]:
    groups: dict[UUID, list[ql.HeldRight]] = {}
    for r in rows:
        groups.setdefault(r.unit_id, []).append(r)
    return list(groups.values())


def allocate_rows(building: Building, kind: str, total: Decimal, weights: dict[UUID, Decimal] | None,
                  first: date, last: date, rows: list[ql.HeldRight]) -> list[OwnerShare]:
    """`allocate` on rows already read: the lots and rights (`rows`), the key's weights (None: the quotas)."""
    if weights is None:
        by_quota: dict[UUID, Decimal | int] = {r.unit_id: r.quota for r in rows}
        quotas = sum(by_quota.values())
        if quotas != building.total_quota:
            raise Invalid({"sharing_key_id": _(
                "Les quotes-parts des lots totalisent %(held)s sur %(total)s : il manque %(missing)s pour que la "
                "répartition soit exacte.", held=quotas, total=building.total_quota,
                missing=building.total_quota - quotas)})
        chosen: dict[UUID, Decimal | int] = by_quota
    else:
        if not weights:
            raise Invalid({"sharing_key_id": _("Cette clé ne couvre aucun lot.")})
        chosen = dict(weights)
    lots: dict[UUID, Lot] = {}
    names: dict[UUID, str] = {}
    shares_of: dict[tuple[int, int], Fraction] = {}  # the few distinct shares, made once
    for r in rows:
        if r.unit_id not in chosen:
            continue
        lot = lots.setdefault(r.unit_id, Lot(r.unit_id, r.unit_number, chosen[r.unit_id], ()))
        if r.owner_id is not None and r.share_num and r.share_den and r.start_date and r.right_kind:
            names[r.owner_id] = r.owner_name or ""
            share = shares_of.get((r.share_num, r.share_den))
            if share is None:
                share = shares_of[(r.share_num, r.share_den)] = Fraction(r.share_num, r.share_den)
            right = Right(r.owner_id, kind_of(r.right_kind), share, r.start_date, r.end_date)
            lots[r.unit_id] = Lot(lot.lot_id, lot.lot_number, lot.weight, (*lot.rights, right))
    try:
        shares: list[Share] = split_call(total, list(lots.values()), first, last, NATURE_OF_CALL[kind])
    except Unallocatable as e:
        raise Invalid({"owners": _("Lot %(lot)s : personne ne le détient entre le %(first)s et le %(last)s.",
                                   lot=e.lot_number, first=first, last=last)}) from None
    with_days = first != last
    key_total = _dec(shares[0].key_total) if shares else Decimal(0)  # the same for every share of the call
    # the rule was given the lots' and owners' ids (UUIDs)
    return [OwnerShare(cast(UUID, s.lot_id), s.lot_number, cast(UUID, s.owner_id), names[cast(UUID, s.owner_id)],
                       _dec(s.weight), key_total, s.lot_amount, s.days if with_days else None, s.amount,
                       s.adjustment) for s in shares]
