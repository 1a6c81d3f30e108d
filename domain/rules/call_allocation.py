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
from math import lcm

from domain.rules.allocation import PAYER_KINDS, Kind, Nature, Weight, natural_key
from domain.rules.call_schedule import Holding, days_held
from domain.rules.numbers import apportion, scaled

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


def _whole(weights: Sequence[Weight]) -> tuple[list[int], Fraction]:
    """The weights as whole numbers in the same proportions, and their exact total: a key's weights (NUMERIC with
    four decimals) times 10^4 without going through fractions, any other exact weight through them."""
    if all(type(w) is int for w in weights):
        ints = [int(w) for w in weights]
        return ints, Fraction(sum(ints))
    if any(isinstance(w, bool) or not isinstance(w, int | Fraction | Decimal) for w in weights):
        raise TypeError("valeur non exacte (int, Fraction ou Decimal attendu)")
    decimals = [w for w in weights if isinstance(w, int | Decimal)]
    if len(decimals) == len(weights) and all(isinstance(w, int) or w.is_finite() for w in decimals):
        scaled4 = [Decimal(w).scaleb(4) for w in decimals]
        if all(x == x.to_integral_value() for x in scaled4):
            ints = [int(x) for x in scaled4]
            return ints, Fraction(sum(ints), 10_000)
    exact = [Fraction(w) for w in weights]
    return scaled(exact), sum(exact, Fraction(0))


def _lot_amounts(total: Decimal, ordered: Sequence[Lot]) -> tuple[list[Decimal], Fraction]:
    """The call's total over the lots by weight (largest remainder, ties in the lots' order), and the key's total:
    `largest_remainder`'s amounts, on whole numbers only (a quarter's calls of a firm share thousands of lots)."""
    if not ordered:
        raise ValueError("aucun poids à répartir")
    whole, key_total = _whole([lot.weight for lot in ordered])
    if any(w < 0 for w in whole):
        raise ValueError("poids négatif")
    cents = total.scaleb(2)
    if cents != cents.to_integral_value():
        raise ValueError(f"montant avec plus de deux décimales : {total}")
    sign, magnitude = (-1 if cents < 0 else 1), abs(int(cents))
    parts = apportion(magnitude, whole)  # ties in the order given: the lots' natural order
    return [Decimal(sign * part).scaleb(-2) for part in parts], key_total


def split_call(total: Decimal, lots: Sequence[Lot], start: date, end: date, nature: Nature) -> list[Share]:
    """Every owner's part of the call, lot by lot; the parts sum to `total` exactly."""
    ordered = sorted(lots, key=_order)
    amounts, key_total = _lot_amounts(total, ordered)
    payer_kinds = PAYER_KINDS[nature]
    whole = (end - start).days + 1
    zero = Decimal("0.00")
    shares: list[Share] = []
    for lot, amount in zip(ordered, amounts, strict=True):
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
        parts = _by_days(amount, start, end, holdings)
        if not parts:
            raise Unallocatable(lot.lot_number)
        shares += [Share(lot.lot_id, lot.lot_number, key, lot.weight, key_total, amount, days[key], part, adjustment)
                   for key, part, adjustment in parts]
    return shares


def _by_days(amount: Decimal, start: date, end: date,
             holdings: Sequence[Holding[Hashable]]) -> list[tuple[Hashable, Decimal, Decimal]]:
    """`call_schedule.by_days` to the cent — (owner, amount, rounding cent) by share × days held, an owner holding
    twice merged, ties in the holdings' order — on whole numbers (the shares over their common denominator): a
    firm's quarter shares thousands of co-owned lots. Empty when nobody held the lot in the period."""
    shares = [h.share if type(h.share) is Fraction else Fraction(h.share) for h in holdings]
    common = lcm(*(share.denominator for share in shares)) if holdings else 1
    merged: dict[Hashable, int] = {}
    for h, share in zip(holdings, shares, strict=True):
        weight = share.numerator * (common // share.denominator) * days_held(h, start, end)
        if weight > 0:
            merged[h.key] = merged.get(h.key, 0) + weight
    if not merged:
        return []
    keys, whole = list(merged), list(merged.values())
    cents = amount.scaleb(2)
    if cents != cents.to_integral_value():
        raise ValueError(f"montant avec plus de deux décimales : {amount}")
    sign, magnitude = (-1 if cents < 0 else 1), abs(int(cents))
    parts = apportion(magnitude, whole, keys)
    weight_sum = sum(whole)
    return [(key, Decimal(sign * part).scaleb(-2), Decimal(sign * (part - magnitude * w // weight_sum)).scaleb(-2))
            for key, part, w in zip(keys, parts, whole, strict=True)]


def owner_totals(shares: Sequence[Share]) -> dict[Hashable, Decimal]:
    """What each owner is called for over all their lots."""
    totals: dict[Hashable, Decimal] = {}
    for s in shares:
        totals[s.owner_id] = totals.get(s.owner_id, Decimal("0.00")) + s.amount
    return totals
