"""Who holds a lot, for which share, on which dates: rights as periods, sales, new deeds, checks."""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from fractions import Fraction
from typing import Protocol, TypeVar

from domain.rules.allocation import KINDS, Kind

NewShare = tuple[Hashable, Kind, Fraction]


def in_force(start: date, end: date | None, day: date) -> bool:
    """Whether a right from `start` (included) to `end` (excluded; None = open) holds on `day`: the one rule."""
    return start <= day and (end is None or day < end)


class Dated(Protocol):
    """A stored right, or anything carrying one's dates (a right row, an owner's holding)."""

    @property
    def start_date(self) -> date: ...
    @property
    def end_date(self) -> date | None: ...


D = TypeVar("D", bound=Dated)


def held_on(rows: Iterable[D], day: date) -> list[D]:
    """The stored rights in force on `day`, in the given order."""
    return [r for r in rows if in_force(r.start_date, r.end_date, day)]


@dataclass(frozen=True)
class RightPeriod:
    """An owner's right in a lot for a share, from start (included) to end (excluded; None = open)."""

    owner_id: Hashable
    kind: Kind
    share: Fraction
    start: date
    end: date | None = None

    def in_force(self, day: date) -> bool:
        """Whether the right holds on day."""
        return in_force(self.start, self.end, day)


@dataclass(frozen=True)
class Problem:
    """A date on which the lot's rights do not add up, with the sums by kind found that day."""

    day: date
    message: str
    full: Fraction
    usufruct: Fraction
    bare: Fraction


def _fr(day: date) -> str:
    """A date as French text (31/12/2024)."""
    return day.strftime("%d/%m/%Y")


def _pct(share: Fraction) -> str:
    """A share as French text: "50 %" when the percentage is exact, else the fraction ("1/3")."""
    percent = share * 100
    return f"{percent.numerator} %" if percent.denominator == 1 else str(share)


def rights_on(periods: Iterable[RightPeriod], day: date) -> list[RightPeriod]:
    """The rights in force on day, in the given order."""
    return [period for period in periods if period.in_force(day)]


def _sums(rights: Iterable[RightPeriod]) -> dict[Kind, Fraction]:
    """The total share held under each kind of right."""
    sums = dict.fromkeys(KINDS, Fraction(0))
    for right in rights:
        sums[right.kind] += right.share
    return sums


def _sum_problems(day: date, rights: Sequence[RightPeriod]) -> list[Problem]:
    """What is wrong with the rights held together on one day (nothing when there are none)."""
    if not rights:
        return []
    sums = _sums(rights)
    full, usufruct, bare = sums["full"], sums["usufruct"], sums["bare"]
    problems = []
    if full + bare != 1:
        message = f"Le {_fr(day)}, pleine et nue-propriété totalisent {_pct(full + bare)} au lieu de 100 %."
        problems.append(Problem(day, message, full, usufruct, bare))
    if usufruct != bare:
        message = f"Le {_fr(day)}, usufruit ({_pct(usufruct)}) et nue-propriété ({_pct(bare)}) diffèrent."
        problems.append(Problem(day, message, full, usufruct, bare))
    return problems


def _period_problems(periods: Sequence[RightPeriod]) -> list[Problem]:
    """Rights that are malformed on their own: unknown kind, share not positive, end not after start."""
    problems = []
    for period in periods:
        if period.kind not in KINDS:
            reason = f"nature de droit inconnue ({period.kind})"
        elif period.share <= 0:
            reason = f"part non positive ({period.share})"
        elif period.end is not None and period.end <= period.start:
            reason = f"fin ({_fr(period.end)}) au plus tôt au début"
        else:
            continue
        sums = _sums(p for p in rights_on(periods, period.start) if p.kind in KINDS)
        message = f"Le {_fr(period.start)}, droit de {period.owner_id} invalide : {reason}."
        problems.append(Problem(period.start, message, sums["full"], sums["usufruct"], sums["bare"]))
    return problems


def check_consistent(periods: Sequence[RightPeriod]) -> list[Problem]:
    """Every date on which full + bare ownership is not exactly 100 % or usufruct differs from bare."""
    problems = _period_problems(periods)
    if problems:
        return problems
    # Rights only change at a start or an end, so checking those dates covers every date.
    boundaries = sorted({p.start for p in periods} | {p.end for p in periods if p.end is not None})
    return [problem for day in boundaries for problem in _sum_problems(day, rights_on(periods, day))]


def _close(period: RightPeriod, day: date) -> RightPeriod | None:
    """The open right ended on day; None when it starts that very day and so never held."""
    if day < period.start:
        start = _fr(period.start)
        raise ValueError(f"Le {_fr(day)} précède le début ({start}) du droit de {period.owner_id}.")
    return None if day == period.start else replace(period, end=day)


def _close_some(periods: Sequence[RightPeriod], closing: set[int], day: date) -> list[RightPeriod]:
    """The periods with those at the given positions closed on day."""
    kept = []
    for index, period in enumerate(periods):
        if index not in closing:
            kept.append(period)
        elif (closed := _close(period, day)) is not None:
            kept.append(closed)
    return kept


def sell(
    periods: Sequence[RightPeriod],
    day: date,
    seller_id: Hashable,
    buyer_id: Hashable,
    kind: Kind | None = None,
) -> list[RightPeriod]:
    """The seller's open rights (all, or of one kind) end on day and pass to the buyer from day."""
    if seller_id == buyer_id:
        raise ValueError("Le vendeur et l'acheteur sont la même personne.")
    open_rights = [(i, p) for i, p in enumerate(periods) if p.end is None]
    sold = {i for i, p in open_rights if p.owner_id == seller_id and kind in (None, p.kind)}
    if not sold:
        raise ValueError(f"{seller_id} n'a aucun droit en cours à vendre sur ce lot.")
    kinds = [k for k in KINDS if any(periods[i].kind == k for i in sold)]
    # A buyer who already holds a right of the same kind ends up with one right for the summed share.
    closing = sold | {i for i, p in open_rights if p.owner_id == buyer_id and p.kind in kinds}
    shares = {k: sum((periods[i].share for i in closing if periods[i].kind == k), Fraction(0)) for k in kinds}
    return _close_some(periods, closing, day) + [RightPeriod(buyer_id, k, shares[k], day) for k in kinds]


def split(periods: Sequence[RightPeriod], day: date, new_shares: Sequence[NewShare]) -> list[RightPeriod]:
    """All open rights end on day and the new shares hold from day (a new deed, indivision, usufruct)."""
    fresh = [RightPeriod(owner, kind, Fraction(share), day) for owner, kind, share in new_shares]
    if problems := _period_problems(fresh) or _sum_problems(day, fresh):
        raise ValueError(problems[0].message)
    for period in periods:
        if period.end is not None and period.end > day:
            end = _fr(period.end)
            raise ValueError(f"Un droit de {period.owner_id} court jusqu'au {end}, après le {_fr(day)}.")
    return _close_some(periods, {i for i, p in enumerate(periods) if p.end is None}, day) + fresh


_PERCENT = re.compile(r"([0-9]+(?:[.,][0-9]+)?)%?")
_FRACTION = re.compile(r"([0-9]+)/([0-9]+)")


def parse_share(text: str) -> Fraction:
    """A share of a lot typed as a percentage ("50", "50 %", "33,5") or a fraction of it ("1/3")."""
    compact = "".join(text.split())
    if fraction := _FRACTION.fullmatch(compact):
        numerator, denominator = int(fraction[1]), int(fraction[2])
        if denominator == 0:
            raise ValueError("Le dénominateur de la part ne peut pas être nul.")
        share = Fraction(numerator, denominator)
    elif percent := _PERCENT.fullmatch(compact):
        share = Fraction(percent[1].replace(",", ".")) / 100
    else:
        raise ValueError(f"Part illisible : « {text} » (exemples : 50 %, 33,5, 1/3).")
    if not 0 < share <= 1:
        raise ValueError(f"La part doit être supérieure à 0 et au plus 100 % (reçu : « {text} »).")
    return share
