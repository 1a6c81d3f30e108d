"""Sharing money to the cent: largest remainder, an expense over lots then owners, and VAT."""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import Generic, Literal, Protocol, TypeVar, cast, get_args

from domain.rules.numbers import apportion, rounded

K = TypeVar("K", bound=Hashable)
Weight = int | Fraction | Decimal
Nature = Literal["ordinary", "works"]
Kind = Literal["full", "usufruct", "bare"]


def nature_of(value: str) -> Nature:
    """An expense's nature read from a row (the database allows only these)."""
    if value not in get_args(Nature):
        raise ValueError(f"unknown nature {value!r}")
    return cast(Nature, value)


_KINDS = frozenset(get_args(Kind))


def kind_of(value: str) -> Kind:
    """A right's kind read from a row or an input already checked against RIGHT_KINDS."""
    if value not in _KINDS:
        raise ValueError(f"unknown right kind {value!r}")
    return cast(Kind, value)
KINDS: tuple[Kind, ...] = ("full", "usufruct", "bare")

# Belgian rule: in a lot held in usufruct the usufructuary pays ordinary charges, the bare owner pays works.
PAYER_KINDS: dict[str, frozenset[str]] = {
    "ordinary": frozenset({"full", "usufruct"}),
    "works": frozenset({"full", "bare"}),
}
VAT_RATES: dict[str, tuple[Decimal, ...]] = {
    "BE": tuple(Decimal(rate) for rate in ("0", "6", "12", "21")),
    "FR": tuple(Decimal(rate) for rate in ("0", "5.5", "10", "20")),
}


@dataclass(frozen=True)
class Portion(Generic[K]):
    """One key's part of a total: the exact share, the cents it got and the rounding cent added."""

    key: K
    weight: Weight
    amount: Decimal
    adjustment: Decimal
    share_of: tuple[int, int]  # the exact share as (numerator, denominator): made a fraction when read

    @property
    def exact(self) -> Fraction:
        return Fraction(*self.share_of)


def _exact(value: Weight) -> Fraction:
    """An int, Fraction or finite Decimal as a Fraction; floats are refused."""
    if isinstance(value, bool) or not isinstance(value, int | Fraction | Decimal):
        raise TypeError(f"valeur non exacte : {value!r} (int, Fraction ou Decimal attendu)")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"valeur non finie : {value}")
    return Fraction(value)


def whole_weights(weights: Sequence[Weight]) -> tuple[list[int], int]:
    """Exact weights as whole numbers in the same proportions, and the unit they count (weight = whole / unit), so
    that what follows is integer arithmetic: ints as they are, Decimals (a key's NUMERIC) by a power of ten, any
    other fraction over the common denominator. Floats are refused, and negative weights."""
    if all(type(w) is int for w in weights):
        ints, unit = [int(w) for w in weights], 1
    elif all(type(w) is int or (type(w) is Decimal and w.is_finite()) for w in weights):
        decimals = [w if isinstance(w, Decimal) else Decimal(int(w)) for w in weights]
        places = max([0] + [-e for e in (d.as_tuple().exponent for d in decimals) if isinstance(e, int)])
        ints, unit = [int(d.scaleb(places)) for d in decimals], 10**places
    else:
        exact = [w if type(w) is Fraction else _exact(w) for w in weights]
        unit = lcm(*(f.denominator for f in exact)) if exact else 1
        ints = [f.numerator * (unit // f.denominator) for f in exact]
    if any(i < 0 for i in ints):
        raise ValueError("poids négatif")
    return ints, unit


def _cents(amount: Decimal) -> int:
    """A money amount as a whole number of cents; more than two decimals is an error."""
    if type(amount) is Decimal and amount.is_finite():
        hundredths = amount.scaleb(2)
        if hundredths == hundredths.to_integral_value():
            return int(hundredths)
    cents = _exact(amount) * 100
    if cents.denominator != 1:
        raise ValueError(f"montant avec plus de deux décimales : {amount}")
    return cents.numerator


def _money(cents: int) -> Decimal:
    """Whole cents as a Decimal with two decimals."""
    return Decimal(f"{cents}e-2")


def largest_remainder(total: Decimal, weights: Sequence[tuple[K, Weight]]) -> list[Portion[K]]:
    """Split total into cents proportional to weights, summing exactly to total, in input order."""
    if not weights:
        raise ValueError("aucun poids à répartir")
    keys = [key for key, _ in weights]
    if len(set(keys)) != len(keys):
        raise ValueError("clé de tri en double")
    whole, _unit = whole_weights([weight for _, weight in weights])
    weight_sum = sum(whole)
    if weight_sum == 0:
        raise ValueError("aucun poids positif")
    cents = _cents(total)
    # A credit note is split like its absolute value, then negated, so rounding is symmetric.
    sign, magnitude = (-1 if cents < 0 else 1), abs(cents)
    parts = apportion(magnitude, whole, keys)
    return [
        Portion(
            key=keys[i],
            weight=weights[i][1],
            amount=_money(sign * parts[i]),
            adjustment=_money(sign * (parts[i] - magnitude * whole[i] // weight_sum)),
            share_of=(sign * magnitude * whole[i], weight_sum * 100),
        )
        for i in range(len(whole))
    ]


@lru_cache(maxsize=65_536)
def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key putting lot numbers in human order: "2" < "10" < "A1" < "A2" < "B" (kept: a firm's quarter sorts
    the same lots over and over)."""
    parts = re.findall(r"[0-9]+|[^0-9]+", text)
    return tuple((0, int(part)) if "0" <= part[0] <= "9" else (1, part.casefold()) for part in parts)


class RightLike(Protocol):
    """Anything carrying an owner's right in a lot (a Right, or an ownership.RightPeriod)."""

    @property
    def owner_id(self) -> Hashable: ...
    @property
    def kind(self) -> Kind: ...
    @property
    def share(self) -> Fraction: ...


@dataclass(frozen=True)
class Right:
    """An owner's right in a lot: full ownership, usufruct or bare ownership, for a share of it."""

    owner_id: Hashable
    kind: Kind
    share: Fraction


@dataclass(frozen=True)
class LotWeight:
    """A lot's weight under a sharing key, with the rights held in it on the expense date."""

    lot_id: Hashable
    lot_number: str
    weight: Weight
    rights: Sequence[RightLike] = ()


@dataclass(frozen=True)
class LotLine:
    """A lot's part of an expense: weight over the key's total weight, exact and rounded."""

    lot_id: Hashable
    lot_number: str
    weight: Weight
    key_total_weight: Fraction
    exact: Fraction
    amount: Decimal
    adjustment: Decimal


@dataclass(frozen=True)
class OwnerLine:
    """An owner's part of a lot's amount, by share (kinds: the rights that make them pay)."""

    lot_id: Hashable
    lot_number: str
    owner_id: Hashable
    kinds: tuple[Kind, ...]
    share: Fraction
    exact: Fraction
    amount: Decimal
    adjustment: Decimal


@dataclass(frozen=True)
class Explanation:
    """Why an owner owes an amount: total x lot.weight / lot.key_total_weight = lot.exact, rounded to
    lot.amount; lot.amount x owner.share = owner.exact, rounded to owner.amount (+ owner.adjustment)."""

    expense_total: Decimal
    nature: Nature
    lot: LotLine
    owner: OwnerLine


@dataclass(frozen=True)
class Allocation:
    """An expense shared over lots (in input order) and over each lot's payers."""

    total: Decimal
    nature: Nature
    lots: tuple[LotLine, ...]
    owners: tuple[OwnerLine, ...]

    def lot(self, lot_id: Hashable) -> LotLine:
        """The line of one lot."""
        return next(line for line in self.lots if line.lot_id == lot_id)

    def owner_totals(self) -> dict[Hashable, Decimal]:
        """What each owner owes over all their lots."""
        totals: dict[Hashable, Decimal] = {}
        for line in self.owners:
            totals[line.owner_id] = totals.get(line.owner_id, Decimal("0.00")) + line.amount
        return totals

    def explain(self, line: OwnerLine) -> Explanation:
        """The figures behind one owner line, from the expense total down to the cent."""
        return Explanation(self.total, self.nature, self.lot(line.lot_id), line)


def _lot_key(lot: LotWeight) -> tuple[tuple[tuple[int, int | str], ...], str, str]:
    """Stable tie-break order of lots: natural lot number, then lot id."""
    return natural_key(lot.lot_number), lot.lot_number, str(lot.lot_id)


def _payers(lot: LotWeight, nature: Nature) -> dict[Hashable, tuple[Fraction, tuple[Kind, ...]]]:
    """Who pays this nature of expense in a lot, with their summed share; shares must total 1."""
    payers: dict[Hashable, tuple[Fraction, tuple[Kind, ...]]] = {}
    for right in lot.rights:
        if right.kind not in KINDS:
            raise ValueError(f"lot {lot.lot_number} : nature de droit inconnue : {right.kind}")
        if right.kind in PAYER_KINDS[nature]:
            share, kinds = payers.get(right.owner_id, (Fraction(0), ()))
            payers[right.owner_id] = (share + _exact(right.share), (*kinds, right.kind))
    total = sum((share for share, _ in payers.values()), Fraction(0))
    if total != 1 and (payers or _exact(lot.weight) != 0):
        label = "charges ordinaires" if nature == "ordinary" else "travaux"
        raise ValueError(f"lot {lot.lot_number} : parts des redevables ({label}) = {total} au lieu de 1")
    return payers


def _owner_lines(lot: LotWeight, amount: Decimal, nature: Nature) -> list[OwnerLine]:
    """A lot's amount shared over its payers, ties to the smallest owner id (as text)."""
    payers = _payers(lot, nature)
    if not payers:
        return []
    portions = largest_remainder(amount, [(str(owner), share) for owner, (share, _) in payers.items()])
    return [
        OwnerLine(lot.lot_id, lot.lot_number, owner, kinds, share, p.exact, p.amount, p.adjustment)
        for (owner, (share, kinds)), p in zip(payers.items(), portions, strict=True)
    ]


def allocate(total: Decimal, lots: Sequence[LotWeight], nature: Nature) -> Allocation:
    """Share an expense over lots by weight, then each lot's amount over its payers by share."""
    if nature not in PAYER_KINDS:
        raise ValueError(f"nature de charge inconnue : {nature}")
    if len({lot.lot_id for lot in lots}) != len(lots):
        raise ValueError("lot en double")
    portions = largest_remainder(total, [(_lot_key(lot), lot.weight) for lot in lots])
    key_total = sum((_exact(lot.weight) for lot in lots), Fraction(0))
    lot_lines = tuple(
        LotLine(lot.lot_id, lot.lot_number, lot.weight, key_total, p.exact, p.amount, p.adjustment)
        for lot, p in zip(lots, portions, strict=True)
    )
    owner_lines = tuple(
        line for lot, p in zip(lots, portions, strict=True) for line in _owner_lines(lot, p.amount, nature)
    )
    return Allocation(total, nature, lot_lines, owner_lines)


def _half_up_cents(value: Fraction) -> int:
    """Cents of a money value, half a cent rounded away from zero."""
    return int(rounded(value, 2).scaleb(2))


def _rate(rate_percent: Decimal) -> Fraction:
    """A VAT rate in percent as a Fraction; negative rates are refused."""
    if (rate := _exact(rate_percent)) < 0:
        raise ValueError(f"taux de TVA négatif : {rate_percent}")
    return rate


def vat_breakdown(amount_excl_vat: Decimal, rate_percent: Decimal) -> tuple[Decimal, Decimal]:
    """VAT on an amount excluding VAT (rounded half-up to the cent) and the total including VAT."""
    excl = _cents(amount_excl_vat)
    vat = _half_up_cents(Fraction(excl, 100) * _rate(rate_percent) / 100)
    return _money(vat), _money(excl + vat)


def excl_from_total(total: Decimal, rate_percent: Decimal) -> tuple[Decimal, Decimal]:
    """Amount excluding VAT (rounded half-up) and VAT of a VAT-inclusive total; they sum exactly to it."""
    cents = _cents(total)
    excl = _half_up_cents(Fraction(cents, 100) * 100 / (100 + _rate(rate_percent)))
    return _money(excl), _money(cents - excl)
