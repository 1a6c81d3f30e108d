"""Compulsory competition between contractors (mise en concurrence): the AG sets the amount above which an order
needs several quotes, and how many.

- BE, Code civil art. 3.88 §1 1° c): the AG decides, at the two-thirds majority, "le montant des marchés et des
  contrats à partir duquel une mise en concurrence est obligatoire" (urgent conservatory acts, art. 3.89 §5 2°,
  are outside it).
- FR, loi du 10 juillet 1965 art. 21 al. 2: the AG, at the majority of art. 25, "arrête un montant des marchés et
  des contrats à partir duquel une mise en concurrence est rendue obligatoire".

The amount compared is the job's total including VAT (what the association pays). An amount equal to the
threshold does not require competition; one cent above does. Pure: the answer carries its reasoning.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.i18n import Msg, _, money

LAW = {"BE": _("Code civil, art. 3.88 §1 1° c) : l'assemblée générale fixe, à la majorité des deux tiers, le "
               "montant des marchés et contrats à partir duquel une mise en concurrence est obligatoire."),
       "FR": _("Loi du 10 juillet 1965, art. 21 al. 2 : l'assemblée générale arrête, à la majorité de l'article "
               "25, le montant des marchés et contrats à partir duquel une mise en concurrence est obligatoire.")}


@dataclass(frozen=True)
class Threshold:
    """What the AG decided: the amount (incl. VAT) and the number of quotes needed above it."""
    amount: Decimal
    quotes_required: int


@dataclass(frozen=True)
class Verdict:
    """Whether the order may be placed, and why (for the refusal and the page)."""
    allowed: bool
    required: bool  # competition is compulsory for this amount
    quotes_in: int
    quotes_required: int
    reason: Msg
    law: Msg | None
    amount: Decimal | None = None  # the order's amount and the AG's threshold, for a page to write them its way
    threshold: Decimal | None = None


def judge(jurisdiction: str, threshold: Threshold | None, amount: Decimal, quotes_in: int) -> Verdict:
    """May an order of `amount` be placed with `quotes_in` quotes received, under the AG's threshold?"""
    law = LAW.get(jurisdiction)
    if threshold is None:
        return Verdict(True, False, quotes_in, 1, _("Aucun seuil de mise en concurrence n'a été fixé par "
                                                     "l'assemblée générale pour ce bâtiment."), law, amount)
    limit = threshold.amount
    shown = {"amount": money(amount), "threshold": money(limit)}
    if amount <= threshold.amount:
        return Verdict(True, False, quotes_in, 1, _(
            "Montant de %(amount)s au plus égal au seuil de %(threshold)s fixé par l'assemblée générale : "
            "pas de mise en concurrence obligatoire.", **shown), law, amount, limit)
    if quotes_in >= threshold.quotes_required:
        return Verdict(True, True, quotes_in, threshold.quotes_required, _(
            "Montant de %(amount)s au-delà du seuil de %(threshold)s : %(n)s devis reçus sur %(need)s "
            "requis, la mise en concurrence est faite.", **shown, n=quotes_in,
            need=threshold.quotes_required), law, amount, limit)
    return Verdict(False, True, quotes_in, threshold.quotes_required, _(
        "Montant de %(amount)s au-delà du seuil de %(threshold)s fixé par l'assemblée générale : la mise en "
        "concurrence est obligatoire. %(n)s devis reçu(s) sur %(need)s requis — commande refusée tant que les "
        "devis manquants ne sont pas arrivés.", **shown, n=quotes_in,
        need=threshold.quotes_required), law, amount, limit)
