"""French general-assembly rules: loi n° 65-557 du 10 juillet 1965, art. 22-26; décret n° 67-223, art. 9."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import replace
from datetime import date
from fractions import Fraction

from domain.i18n import _
from domain.rules.meeting import (
    Attendee,
    Ballot,
    Check,
    K,
    Majority,
    NoticeCheck,
    ProxyCheck,
    QuorumResult,
    VoteCap,
    VoteResult,
)
from domain.rules.meeting_common import (
    cap_to_others,
    check_notice,
    compare,
    count_ballots,
    decide,
    presence,
    proxy_limits,
)

LEGAL_NOTICE_DAYS = 21
ART_NOTICE = _("décret n° 67-223 du 17 mars 1967, art. 9")
ART_QUORUM = _("loi n° 65-557 du 10 juillet 1965, art. 24 à 26 (aucun quorum)")
ART_22 = _("loi n° 65-557 du 10 juillet 1965, art. 22, I")
ARTICLES: dict[Majority, str] = {
    Majority.ART24: _("loi n° 65-557 du 10 juillet 1965, art. 24"),
    Majority.ART25: _("loi n° 65-557 du 10 juillet 1965, art. 25 et 25-1"),
    Majority.ART26: _("loi n° 65-557 du 10 juillet 1965, art. 26"),
    Majority.UNANIMITY: _("loi n° 65-557 du 10 juillet 1965 (unanimité)"),
}
ALL_VOTES = _("voix pour sur les voix de tous les copropriétaires")
OWNERS_FOR = _("copropriétaires votant pour sur tous les copropriétaires")


def notice_ok(convened_on: date, meeting_on: date, bylaw_days: int | None = None) -> NoticeCheck:
    """Convened at least 21 days (or the bylaws' longer delay) before: meeting_on − convened_on ≥ N days."""
    return check_notice(convened_on, meeting_on, LEGAL_NOTICE_DAYS, bylaw_days, ART_NOTICE)


def second_session_earliest(first_on: date) -> date | None:
    """None: no quorum in French law, so no second assembly for want of one (art. 25-1 votes at once)."""
    return None


def quorum(attendees: Sequence[Attendee], total_quota: int, total_owners: int) -> QuorumResult:
    """Always met (no quorum in French law); reports who is present or represented."""
    owners, quota, reasons = presence(attendees, total_quota, total_owners)
    reasons.append(_("Pas de quorum en droit français : l'assemblée délibère quelle que soit la présence "
                     "(%(owners)s copropriétaires sur %(total_owners)s, %(quota)s tantièmes sur "
                     "%(total_quota)s).", owners=owners, total_owners=total_owners, quota=quota,
                     total_quota=total_quota))
    return QuorumResult(True, "not_required", owners, total_owners, quota, total_quota, [], ART_QUORUM,
                        reasons)


def check_proxies(
    holder_id: Hashable, holder_quota: int, proxies_quotas: Sequence[int], total_quota: int,
    holder_is_syndic: bool = False,
) -> ProxyCheck:
    """Three delegations at most unless own plus delegated votes ≤ 10 %; none for the syndic, kin or staff."""
    return proxy_limits(holder_id, holder_quota, proxies_quotas, total_quota, holder_is_syndic, ART_22)


def _cap_reason(who: str, before: int, after: int) -> str:
    """Why one owner's votes were reduced."""
    return _("Les voix de %(who)s sont réduites de %(before)s à %(after)s : un copropriétaire qui détient "
             "plus de la moitié des tantièmes ne dispose que de la somme des voix des autres "
             "copropriétaires.",
             who=who, before=before, after=after)


def cap_votes(weights: Mapping[K, int]) -> VoteCap[K]:
    """Reduce an owner above half of ALL owners' quotas to the others' sum (pass every owner)."""
    return cap_to_others(weights, ART_22, _cap_reason)


def _rule_checks(majority: Majority, for_quota: int, cast: int, owners_for: int, total_quota: int,
                 total_owners: int | None) -> tuple[Check, list[Check]]:
    """The main comparison of a majority and any further condition (art. 26: a majority of owners by head)."""
    if majority == Majority.ART24:
        return compare(_("voix pour sur les voix exprimées"), for_quota, cast, ">", Fraction(1, 2)), []
    if majority == Majority.ART25:
        return compare(ALL_VOTES, for_quota, total_quota, ">", Fraction(1, 2)), []
    if majority == Majority.UNANIMITY:
        return compare(ALL_VOTES, for_quota, total_quota, "==", Fraction(1)), []
    if total_owners is None or total_owners <= 0:
        raise ValueError("l'article 26 exige le nombre de tous les copropriétaires (total_owners)")
    return (compare(ALL_VOTES, for_quota, total_quota, ">=", Fraction(2, 3)),
            [compare(OWNERS_FOR, owners_for, total_owners, ">", Fraction(1, 2))])


def _art26_second_vote(result: VoteResult, present_owners: int | None, total_quota: int,
                       reasons: list[str]) -> VoteResult:
    """Art. 26 last paragraph: not adopted, but approved by half of the members present, represented or voting by
    mail who hold at least a third of all votes → the same assembly votes again at once under art. 25."""
    members = present_owners if present_owners is not None else len(result.for_ids + result.against_ids
                                                                      + result.abstain_ids)
    half = compare(_("copropriétaires votant pour sur les membres présents, représentés ou votant par "
                     "correspondance"), result.owners_for, max(members, 1), ">=", Fraction(1, 2))
    third = compare(ALL_VOTES, result.for_quota, total_quota, ">=", Fraction(1, 3))
    params = {"owners": result.owners_for, "members": members, "pro": result.for_quota, "total": total_quota}
    if half.ok and third.ok and members > 0:
        reasons.append(_("Le projet a recueilli l'approbation de %(owners)s des %(members)s membres présents, "
                         "représentés ou votant par correspondance (la moitié au moins), qui représentent %(pro)s "
                         "voix sur %(total)s (le tiers au moins) : la même assemblée se prononce immédiatement par "
                         "un second vote, à la majorité de l'article 25 (art. 26, dernier alinéa).", **params))
        return replace(result, second_vote_possible=True, second_vote_majority=Majority.ART25,
                       checks=[*result.checks, half, third], reasons=reasons)
    reasons.append(_("Pas de second vote à la majorité de l'article 25 (art. 26, dernier alinéa) : il faut "
                     "l'approbation de la moitié des membres présents, représentés ou votant par correspondance "
                     "(%(owners)s sur %(members)s) représentant le tiers des voix de tous (%(pro)s sur %(total)s).",
                     **params))
    return replace(result, checks=[*result.checks, half, third], reasons=reasons)


def tally(
    ballots: Sequence[Ballot], majority: Majority, total_quota: int, present_represented_quota: int,
    total_owners: int | None = None, present_owners: int | None = None,
) -> VoteResult:
    """Count a vote under art. 24, 25 (with the art. 25-1 second-vote test), 26 (with its second vote under
    art. 25) or unanimity; `present_owners`: the members present, represented or voting by mail."""
    counts = count_ballots(ballots, majority, "FR", total_quota, present_represented_quota)
    main, extra = _rule_checks(majority, counts.for_quota, counts.cast_quota, len(counts.for_ids),
                               total_quota, total_owners)
    result = decide(counts, majority, main, extra, total_quota, present_represented_quota, total_owners,
                    ARTICLES[majority])
    reasons = list(result.reasons)
    if majority == Majority.ART26:
        reasons.append(_("%(owners)s copropriétaires sur %(total)s ont voté pour ; il en faut plus de la "
                         "moitié.", owners=result.owners_for, total=total_owners))
    if majority == Majority.ART26 and not result.adopted:
        return _art26_second_vote(result, present_owners, total_quota, reasons)
    if majority != Majority.ART25 or result.adopted:
        return replace(result, reasons=reasons)
    third = compare(ALL_VOTES, counts.for_quota, total_quota, ">=", Fraction(1, 3))
    params = {"pro": counts.for_quota, "total": total_quota}
    if third.ok:
        reasons.append(_("Le projet a recueilli au moins le tiers des voix de tous les copropriétaires "
                         "(%(pro)s sur %(total)s) : la même assemblée peut voter à nouveau immédiatement, à "
                         "la majorité de l'article 24 (art. 25-1).", **params))
    else:
        reasons.append(_("Moins du tiers des voix de tous les copropriétaires (%(pro)s sur %(total)s) : pas "
                         "de second vote (art. 25-1).", **params))
    return replace(result, second_vote_possible=third.ok, second_vote_majority=Majority.ART24 if third.ok else None,
                   checks=[*result.checks, third], reasons=reasons)
