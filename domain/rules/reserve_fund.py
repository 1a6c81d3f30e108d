"""The legal floor of the yearly contribution to the reserve fund (BE) or the works fund (FR), with its reasoning.

- BE (Code civil art. 3.86 §3): from five years after the provisional acceptance of the common parts at the latest,
  the association constitutes a reserve fund whose yearly contribution is at least 5 % of the whole of the previous
  year's ordinary common charges, unless the general assembly decided by a four-fifths majority not to.
- FR (loi du 10 juillet 1965 art. 14-2-1): from ten years after the building's completion, a works fund whose
  yearly contribution is at least 5 % of the provisional budget; a building of fewer than ten lots may decide
  unanimously not to constitute it. The fund stays with the syndicat when a lot is sold.

Pure: the check runs when a budget is drafted and when a year is closed; the caller passes what the books and the
register know. The floor is rounded up to the cent, so a contribution of exactly 5 % passes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal

from domain.i18n import Msg, _, money

RATE = Decimal("0.05")
BE_GRACE_YEARS, FR_GRACE_YEARS = 5, 10
FR_SMALL_LOTS = 10


@dataclass(frozen=True)
class Waiver:
    """The assembly's decision not to constitute the fund (BE four fifths, FR unanimity under ten lots)."""
    decided_on: date
    reference: str  # the assembly and resolution, as the minutes name them


@dataclass(frozen=True)
class FundCheck:
    """Whether the contribution meets the floor, the floor itself and why (each reason a sentence with its
    article)."""
    ok: bool
    required: bool
    minimum: Decimal
    contribution: Decimal
    reasons: list[Msg] = field(default_factory=list)

    @property
    def shortfall(self) -> Decimal:
        """What is missing to reach the floor (0 when met or not required)."""
        return max(Decimal("0.00"), self.minimum - self.contribution) if self.required else Decimal("0.00")


def floor_of(base: Decimal) -> Decimal:
    """5 % of the base, rounded up to the cent."""
    return (base * RATE).quantize(Decimal("0.01"), rounding=ROUND_CEILING)


def _years_since(start: date, day: date) -> int:
    years = day.year - start.year
    return years - 1 if (day.month, day.day) < (start.month, start.day) else years


def _verdict(required: bool, minimum: Decimal, contribution: Decimal, reasons: list[Msg]) -> FundCheck:
    return FundCheck(ok=not required or contribution >= minimum, required=required, minimum=minimum,
                     contribution=contribution, reasons=reasons)


def check_be(contribution: Decimal, previous_ordinary_charges: Decimal, year_start: date,
             provisional_acceptance: date | None = None, waiver: Waiver | None = None) -> FundCheck:
    """The Belgian reserve fund's floor for the year starting `year_start`."""
    minimum = floor_of(previous_ordinary_charges)
    article = _("C. civ., art. 3.86, § 3")
    if waiver is not None:
        return _verdict(False, minimum, contribution, [_(
            "L'assemblée du %(day)s (%(ref)s) a décidé à la majorité des quatre cinquièmes de ne pas constituer "
            "le fonds de réserve (%(article)s).", day=waiver.decided_on, ref=waiver.reference,
            article=article)])
    if provisional_acceptance is not None and _years_since(provisional_acceptance, year_start) < BE_GRACE_YEARS:
        return _verdict(False, minimum, contribution, [_(
            "Réception provisoire le %(day)s : le fonds de réserve est obligatoire au plus tard cinq ans après "
            "(%(article)s).", day=provisional_acceptance, article=article)])
    reasons = [_("Contribution annuelle d'au moins 5 %% des charges communes ordinaires de l'exercice précédent "
                 "(%(base)s), soit %(minimum)s (%(article)s).", base=money(previous_ordinary_charges),
                 minimum=money(minimum), article=article)]
    if contribution < minimum:
        reasons.append(_("La contribution prévue (%(amount)s) est inférieure de %(missing)s au minimum légal, "
                         "sauf décision de l'assemblée à la majorité des quatre cinquièmes.",
                         amount=money(contribution), missing=money(minimum - contribution)))
    return _verdict(True, minimum, contribution, reasons)


def check_fr(contribution: Decimal, budget: Decimal, year_start: date, lots: int,
             completion: date | None = None, waiver: Waiver | None = None) -> FundCheck:
    """The French works fund's floor for the year starting `year_start`."""
    minimum = floor_of(budget)
    article = _("loi n° 65-557 du 10 juillet 1965, art. 14-2-1")
    if completion is not None and _years_since(completion, year_start) < FR_GRACE_YEARS:
        return _verdict(False, minimum, contribution, [_(
            "Immeuble achevé le %(day)s : le fonds de travaux est obligatoire dix ans après la réception "
            "(%(article)s).", day=completion, article=article)])
    if waiver is not None and lots < FR_SMALL_LOTS:
        return _verdict(False, minimum, contribution, [_(
            "Copropriété de moins de dix lots : l'assemblée du %(day)s (%(ref)s) a décidé à l'unanimité de ne pas "
            "constituer le fonds de travaux (%(article)s).", day=waiver.decided_on, ref=waiver.reference,
            article=article)])
    reasons = [_("Cotisation annuelle d'au moins 5 %% du budget prévisionnel (%(base)s), soit %(minimum)s "
                 "(%(article)s).", base=money(budget), minimum=money(minimum), article=article)]
    if contribution < minimum:
        reasons.append(_("La cotisation prévue (%(amount)s) est inférieure de %(missing)s au minimum légal.",
                         amount=money(contribution), missing=money(minimum - contribution)))
    return _verdict(True, minimum, contribution, reasons)
