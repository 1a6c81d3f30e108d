"""A call for funds shared over lots by a key, then over each lot's payers by share and days held.

Pure and exact to the cent. The call's total goes to the lots by weight (largest remainder, lots in their natural
order, as for an expense); each lot's amount then goes to the owners who pay that nature of call (usufruct:
provisions to the usufructuary, works and the reserve to the bare owner) in proportion to share × days held in the
period (`call_schedule.by_days`): a sale on 15 May splits the quarter's provision; a fund call has a one-day period,
the call date, so it goes to the owners on that day.
"""
from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from domain.rules.allocation import PAYER_KINDS, Kind, Nature, Weight, largest_remainder, natural_key, whole_weights
from domain.rules.call_schedule import Holding, by_days, days_held

NATURE_OF_CALL: dict[str, Nature] = {"ordinary": "ordinary", "working_fund": "ordinary",
                                     "extraordinary": "works", "reserve_fund": "works"}


@dataclass(frozen=True)
class Right:
    """An owner's right in a lot over time (end: the first day it no longer runs)."""
    owner_id: Hashable
    kind: Kind
    share: Fraction
    start: date
    end: date | None = None


@dataclass(frozen=True)
class Lot:
    lot_id: Hashable
    lot_number: str
    weight: Weight
    rights: Sequence[Right] = ()


@dataclass(frozen=True)
class Share:
    """One owner's part of one lot's amount."""
    lot_id: Hashable
    lot_number: str
    owner_id: Hashable
    weight: Weight
    key_total: Fraction
    lot_amount: Decimal
    days: int
    amount: Decimal
    adjustment: Decimal


class Unallocatable(ValueError):
    """A lot that cannot be shared (nobody pays it in the period), with the lot's number."""

    def __init__(self, lot_number: str) -> None:
        super().__init__(lot_number)
        self.lot_number = lot_number


def _order(lot: Lot) -> tuple[object, ...]:
    return natural_key(lot.lot_number), lot.lot_number, str(lot.lot_id)


def split_call(total: Decimal, lots: Sequence[Lot], start: date, end: date, nature: Nature) -> list[Share]:
    """Every owner's part of the call, lot by lot; the parts sum to `total` exactly."""
    ordered = sorted(lots, key=_order)
    portions = largest_remainder(total, [(_order(lot), lot.weight) for lot in ordered])
    weights, unit = whole_weights([lot.weight for lot in ordered])
    key_total = Fraction(sum(weights), unit)
    payer_kinds = PAYER_KINDS[nature]
    whole = (end - start).days + 1
    zero = Decimal("0.00")
    shares: list[Share] = []
    for lot, portion in zip(ordered, portions, strict=True):
        amount = portion.amount
        if amount == 0 and lot.weight == 0:
            continue
        payers = [r for r in lot.rights if r.kind in payer_kinds]
        if len(payers) == 1 and payers[0].share == 1 and payers[0].start <= start and \
                (payers[0].end is None or payers[0].end > end):
            # the common case: one owner held the whole lot all the period long
            shares.append(Share(lot.lot_id, lot.lot_number, payers[0].owner_id, lot.weight, key_total, amount,
                                whole, amount, zero))
            continue
        holdings = [Holding(r.owner_id, r.share, r.start, r.end) for r in
                    sorted(payers, key=lambda r: (str(r.owner_id), r.start))]
        days = {h.key: 0 for h in holdings}
        for h in holdings:
            days[h.key] += days_held(h, start, end)
        try:
            parts = by_days(amount, start, end, holdings)
        except ValueError:
            raise Unallocatable(lot.lot_number) from None
        shares += [Share(lot.lot_id, lot.lot_number, p.key, lot.weight, key_total, amount, days[p.key], p.amount,
                         p.adjustment) for p in parts]
    return shares


def owner_totals(shares: Sequence[Share]) -> dict[Hashable, Decimal]:
    """What each owner is called for over all their lots."""
    totals: dict[Hashable, Decimal] = {}
    for s in shares:
        totals[s.owner_id] = totals.get(s.owner_id, Decimal("0.00")) + s.amount
    return totals
