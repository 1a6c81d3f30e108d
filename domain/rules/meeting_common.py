"""Mechanics shared by the Belgian and French assembly rules: comparisons, notice, proxies, caps, counts."""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from domain.i18n import _
from domain.rules.meeting import (
    MAJORITIES,
    MAJORITY_LABELS,
    Attendee,
    Ballot,
    Check,
    Jurisdiction,
    K,
    Majority,
    MinutesDue,
    NoticeCheck,
    OpeningCheck,
    Operator,
    ProxyCheck,
    VoteCap,
    VoteResult,
)

MAX_PROXIES = 3
PROXY_CEILING = Fraction(1, 10)
MINUTES_DAYS_BE = 30
ART_MINUTES = {"BE": _("C. civ., art. 3.87, § 12"), "FR": _("loi n° 65-557 du 10 juillet 1965, art. 42")}
_SYNDIC_WORDS = frozenset({"syndic", "le syndic", "la syndic", "syndicus", "de syndicus", "the syndic"})


def check_opening(scheduled_at: datetime, now: datetime) -> OpeningCheck:
    """The session opens at the earliest at the date and time it was convened for (both local times)."""
    ok = now >= scheduled_at
    params = {"day": fr_date(scheduled_at.date()), "hour": scheduled_at.strftime("%H:%M")}
    reason = (_("Séance ouverte à l'heure de la convocation ou après (convoquée le %(day)s à %(hour)s).", **params)
              if ok else _("La séance ne peut pas s'ouvrir avant la date et l'heure de la convocation : le "
                           "%(day)s à %(hour)s.", **params))
    return OpeningCheck(ok, scheduled_at, now, [reason])


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def minutes_due(held_on: date, jurisdiction: Jurisdiction) -> MinutesDue:
    """BE: the minutes reach every owner within 30 days; FR: they are notified to the opposing and absent owners
    within one month, which starts their two months to contest (loi 1965 art. 42)."""
    if jurisdiction == "FR":
        due = add_months(held_on, 1)
        reason = _("Le procès-verbal est notifié aux copropriétaires opposants ou défaillants dans le mois de "
                   "l'assemblée, au plus tard le %(due)s ; leur délai de deux mois pour contester court de cette "
                   "notification.", due=fr_date(due))
    else:
        due = held_on + timedelta(days=MINUTES_DAYS_BE)
        reason = _("Le procès-verbal est envoyé aux copropriétaires dans les 30 jours de l'assemblée, au plus tard "
                   "le %(due)s.", due=fr_date(due))
    return MinutesDue(held_on, due, ART_MINUTES[jurisdiction], [reason])


def channel(accepts_email_notices: bool, email: str | None, address: str | None) -> str | None:
    """How a legal notice reaches an owner: e-mail when they accepted it, a letter when there is a postal address,
    None when neither (they must be reached otherwise before convening)."""
    if accepts_email_notices and (email or "").strip():
        return "email"
    return "letter" if (address or "").strip() else None


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


def names_the_syndic(holder: str, syndic_names: Sequence[str]) -> bool:
    """Whether a proxy holder's name, however typed (case, accents, spaces), is the syndic: the firm's name, a
    syndic's name or e-mail, or just "the syndic"."""
    typed = _plain(holder)
    return bool(typed) and (typed in _SYNDIC_WORDS or typed in {_plain(n) for n in syndic_names if n})


def compare(label: str, value: int, base: int, operator: Operator, threshold: Fraction) -> Check:
    """Compare value/base with threshold exactly, by cross-multiplication (so a base of 0 never divides)."""
    left, right = value * threshold.denominator, threshold.numerator * base
    ok = {">": left > right, ">=": left >= right, "<=": left <= right, "==": left == right}[operator]
    return Check(label, value, base, operator, threshold, ok)


def needed(base: int, operator: Operator, threshold: Fraction) -> int:
    """The smallest whole number of votes that satisfies value <operator> threshold × base."""
    exact = threshold * base
    if operator == ">":
        return exact.numerator // exact.denominator + 1
    return -(-exact.numerator // exact.denominator)


def fr_date(day: date) -> str:
    """A date as the French write it: 16/03/2025."""
    return day.strftime("%d/%m/%Y")


def presence(
    attendees: Sequence[Attendee], total_quota: int, total_owners: int
) -> tuple[int, int, list[str]]:
    """Owners present or represented, their quotas, and why representations by the syndic are void."""
    ids = [a.owner_id for a in attendees]
    if len(set(ids)) != len(ids):
        raise ValueError("copropriétaire en double dans la liste de présence")
    syndics = {a.owner_id for a in attendees if a.is_syndic}
    void = [a for a in attendees if a.status == "represented" and a.proxy_holder_id in syndics]
    counted = [a for a in attendees if a.status != "absent" and a not in void]
    owners, quota = len(counted), sum(a.quota for a in counted)
    if total_owners <= 0 or total_quota <= 0 or owners > total_owners or quota > total_quota:
        raise ValueError("présents ou représentés plus nombreux que l'ensemble des copropriétaires")
    reasons: list[str] = [
        _("La procuration de %(who)s est détenue par le syndic : elle est nulle, ce copropriétaire n'est pas "
          "compté.", who=str(a.owner_id))
        for a in void
    ]
    return owners, quota, reasons


def check_notice(
    convened_on: date, meeting_on: date, legal_days: int, bylaw_days: int | None, article: str
) -> NoticeCheck:
    """Whether meeting_on − convened_on ≥ the longer of the legal and the bylaw notice, in days."""
    if bylaw_days is not None and bylaw_days < 0:
        raise ValueError(f"délai de convocation du règlement négatif : {bylaw_days}")
    required = max(legal_days, bylaw_days or 0)
    given = (meeting_on - convened_on).days
    earliest = convened_on + timedelta(days=required)
    reasons: list[str] = []
    if bylaw_days is not None and bylaw_days < legal_days:
        reasons.append(_("Le règlement prévoit %(bylaw)s jours, moins que la loi : le délai légal de "
                         "%(legal)s jours s'applique.", bylaw=bylaw_days, legal=legal_days))
    params = {"convened": fr_date(convened_on), "meeting": fr_date(meeting_on), "given": given,
              "required": required, "earliest": fr_date(earliest)}
    if given >= required:
        reasons.append(_("Délai de convocation respecté : convocation du %(convened)s pour le %(meeting)s, "
                         "%(given)s jours pour %(required)s requis.", **params))
    else:
        reasons.append(_("Délai de convocation insuffisant : convocation du %(convened)s pour le "
                         "%(meeting)s, %(given)s jours pour %(required)s requis ; assemblée possible au plus "
                         "tôt le %(earliest)s.", **params))
    return NoticeCheck(given >= required, convened_on, meeting_on, given, required, legal_days, bylaw_days,
                       earliest, article, reasons)


def proxy_limits(
    holder_id: Hashable, holder_quota: int, proxies_quotas: Sequence[int], total_quota: int,
    holder_is_syndic: bool, article: str,
) -> ProxyCheck:
    """At most three proxies unless own plus proxies' votes are at most 10 % of all; never the syndic."""
    if total_quota <= 0 or holder_quota < 0 or any(q < 0 for q in proxies_quotas):
        raise ValueError("quotes-parts invalides pour le contrôle des procurations")
    count, held = len(proxies_quotas), holder_quota + sum(proxies_quotas)
    checks = [compare(_("procurations détenues"), count, 1, "<=", Fraction(MAX_PROXIES)),
              compare(_("voix du mandataire et de ses mandants"), held, total_quota, "<=", PROXY_CEILING)]
    allowed = not holder_is_syndic and (checks[0].ok or checks[1].ok)
    params = {"count": count, "held": held, "total": total_quota}
    if holder_is_syndic:
        reason = _("Le syndic ne peut pas être mandataire d'un copropriétaire.")
    elif checks[0].ok:
        reason = _("%(count)s procuration(s) : trois au plus sont permises.", **params)
    elif checks[1].ok:
        reason = _("%(count)s procurations permises : le mandataire et ses mandants totalisent %(held)s "
                   "voix sur %(total)s, pas plus de 10 %%.", **params)
    else:
        reason = _("%(count)s procurations refusées : plus de trois, et le mandataire et ses mandants "
                   "totalisent %(held)s voix sur %(total)s, plus de 10 %%.", **params)
    return ProxyCheck(allowed, holder_id, count, MAX_PROXIES, held, total_quota, PROXY_CEILING,
                      holder_is_syndic, checks, article, [reason])


def cap_to_others(
    weights: Mapping[K, int], article: str, reason: Callable[[str, int, int], str]
) -> VoteCap[K]:
    """Reduce any weight above the sum of all the other weights to that sum (at most one can be)."""
    if any(isinstance(w, bool) or not isinstance(w, int) or w < 0 for w in weights.values()):
        raise ValueError("poids de vote invalides : entiers positifs ou nuls attendus")
    total = sum(weights.values())
    capped = {key: min(w, total - w) for key, w in weights.items()}
    cuts = {key: w - capped[key] for key, w in weights.items() if capped[key] < w}
    reasons = [reason(str(key), weights[key], capped[key]) for key in cuts]
    return VoteCap(capped, dict(weights), cuts, total, sum(capped.values()), article, reasons)


@dataclass(frozen=True)
class Counts:
    """Ballots summed by choice."""

    for_quota: int
    against_quota: int
    abstain_quota: int
    for_ids: tuple[Hashable, ...]
    against_ids: tuple[Hashable, ...]
    abstain_ids: tuple[Hashable, ...]

    @property
    def cast_quota(self) -> int:
        """Votes cast: for and against only."""
        return self.for_quota + self.against_quota


def count_ballots(
    ballots: Sequence[Ballot], majority: Majority, jurisdiction: Jurisdiction, total_quota: int,
    present_represented_quota: int,
) -> Counts:
    """Sum the ballots by choice after checking them against the majority and the quotas."""
    if majority not in MAJORITIES[jurisdiction]:
        raise ValueError(f"majorité {majority!s} inconnue en droit {jurisdiction}")
    ids = [b.owner_id for b in ballots]
    if len(set(ids)) != len(ids):
        raise ValueError("un copropriétaire a voté deux fois")
    if not 0 <= sum(b.quota for b in ballots) <= present_represented_quota <= total_quota:
        raise ValueError("il faut : voix des bulletins ≤ voix présentes ou représentées ≤ voix de tous")

    def of(*choices: str) -> list[Ballot]:
        return [b for b in ballots if b.choice in choices]

    pro, con, rest = of("for"), of("against"), of("abstain", "blank", "null")
    return Counts(
        sum(b.quota for b in pro), sum(b.quota for b in con), sum(b.quota for b in rest),
        tuple(b.owner_id for b in pro), tuple(b.owner_id for b in con), tuple(b.owner_id for b in rest),
    )


def decide(
    counts: Counts, majority: Majority, main: Check, extra: Sequence[Check], total_quota: int,
    present_represented_quota: int, total_owners: int | None, article: str,
) -> VoteResult:
    """Build the vote result from the main comparison (votes for against its base) and any further ones."""
    nothing_cast = counts.cast_quota == 0
    adopted = main.ok and all(c.ok for c in extra) and not nothing_cast
    for_needed = needed(main.base, main.operator, main.threshold)
    params = {"rule": MAJORITY_LABELS[majority], "pro": counts.for_quota, "con": counts.against_quota,
              "rest": counts.abstain_quota, "needed": for_needed, "base": main.base}
    reasons: list[str]
    if nothing_cast:
        reasons = [_("Aucune voix exprimée (pour ou contre) : la résolution est rejetée.")]
    elif adopted:
        reasons = [_("Adoptée (%(rule)s) : %(pro)s voix pour, %(con)s contre, %(rest)s abstentions, "
                     "blancs ou nuls ; il fallait au moins %(needed)s voix pour sur %(base)s.", **params)]
    else:
        reasons = [_("Rejetée, %(rule)s requise : %(pro)s voix pour, %(con)s contre, %(rest)s abstentions, "
                     "blancs ou nuls ; il fallait au moins %(needed)s voix pour sur %(base)s.", **params)]
    owners_for = len(counts.for_ids)
    return VoteResult(majority, adopted, counts.for_quota, counts.against_quota, counts.abstain_quota,
                      counts.cast_quota, main.base, main.threshold, main.operator, for_needed, total_quota,
                      present_represented_quota, owners_for, total_owners, counts.for_ids, counts.against_ids,
                      counts.abstain_ids, [main, *extra], article, reasons)
