"""Belgian general-assembly rules: Code civil, Livre 3, art. 3.87 and 3.88 (copropriété d'immeubles)."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from datetime import date, timedelta
from fractions import Fraction

from domain.i18n import _
from domain.rules.meeting import (
    Attendee,
    Ballot,
    K,
    Majority,
    NoticeCheck,
    Operator,
    ProxyCheck,
    QuorumResult,
    QuorumRoute,
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

LEGAL_NOTICE_DAYS = 15
SECOND_SESSION_DAYS = 15
ART_NOTICE = _("C. civ., art. 3.87, § 3")
ART_QUORUM = _("C. civ., art. 3.87, § 5")
ART_CAP = _("C. civ., art. 3.87, § 6")
ART_PROXIES = _("C. civ., art. 3.87, § 7")
ARTICLES: dict[Majority, str] = {
    Majority.ABSOLUTE: _("C. civ., art. 3.87"),
    Majority.TWO_THIRDS: _("C. civ., art. 3.88, § 1"),
    Majority.FOUR_FIFTHS: _("C. civ., art. 3.88, § 1"),
    Majority.UNANIMITY: _("C. civ., art. 3.88, § 3"),
}
ALL_VOTES = _("voix pour sur les voix de tous les copropriétaires")
CAST_VOTES = _("voix pour sur les voix exprimées")
# Share of the votes cast that the votes for must reach; abstentions, blank and null votes are not cast.
THRESHOLDS: dict[Majority, tuple[Operator, Fraction]] = {
    Majority.ABSOLUTE: (">", Fraction(1, 2)),
    Majority.TWO_THIRDS: (">=", Fraction(2, 3)),
    Majority.FOUR_FIFTHS: (">=", Fraction(4, 5)),
}


def notice_ok(convened_on: date, meeting_on: date, bylaw_days: int | None = None) -> NoticeCheck:
    """Convened at least 15 days (or the bylaws' longer delay) before: meeting_on − convened_on ≥ N days."""
    return check_notice(convened_on, meeting_on, LEGAL_NOTICE_DAYS, bylaw_days, ART_NOTICE)


def second_session_earliest(first_on: date) -> date:
    """Earliest date of the second assembly when the first lacked quorum: at least 15 days later."""
    return first_on + timedelta(days=SECOND_SESSION_DAYS)


def quorum(attendees: Sequence[Attendee], total_quota: int, total_owners: int) -> QuorumResult:
    """More than half the owners holding at least half the quotas, or more than three quarters of them."""
    owners, quota, reasons = presence(attendees, total_quota, total_owners)
    checks = [
        compare(_("copropriétaires présents ou représentés"), owners, total_owners, ">", Fraction(1, 2)),
        compare(_("quotes-parts des présents ou représentés"), quota, total_quota, ">=", Fraction(1, 2)),
        compare(_("quotes-parts des présents ou représentés"), quota, total_quota, ">", Fraction(3, 4)),
    ]
    route: QuorumRoute | None = None
    if checks[0].ok and checks[1].ok:
        route = "owners_and_half"
    elif checks[2].ok:
        route = "three_quarters"
    params = {"owners": owners, "total_owners": total_owners, "quota": quota, "total_quota": total_quota}
    if route == "owners_and_half":
        reasons.append(_("Quorum atteint : %(owners)s copropriétaires sur %(total_owners)s présents ou "
                         "représentés (plus de la moitié), détenant %(quota)s quotes-parts sur "
                         "%(total_quota)s (au moins la moitié).", **params))
    elif route == "three_quarters":
        reasons.append(_("Quorum atteint : les présents ou représentés détiennent %(quota)s quotes-parts sur "
                         "%(total_quota)s, plus des trois quarts.", **params))
    else:
        reasons.append(_("Quorum non atteint : %(owners)s copropriétaires sur %(total_owners)s, détenant "
                         "%(quota)s quotes-parts sur %(total_quota)s. Il faut plus de la moitié des "
                         "copropriétaires détenant au moins la moitié des quotes-parts, ou plus des trois "
                         "quarts des quotes-parts. Une deuxième assemblée, au moins 15 jours plus tard, "
                         "délibérera quelle que soit la présence.", **params))
    return QuorumResult(route is not None, route, owners, total_owners, quota, total_quota, checks,
                        ART_QUORUM, reasons)


def check_proxies(
    holder_id: Hashable, holder_quota: int, proxies_quotas: Sequence[int], total_quota: int,
    holder_is_syndic: bool = False,
) -> ProxyCheck:
    """At most three proxies unless own votes plus the proxies' are at most 10 % of all; never the syndic."""
    return proxy_limits(holder_id, holder_quota, proxies_quotas, total_quota, holder_is_syndic, ART_PROXIES)


def _cap_reason(who: str, before: int, after: int) -> str:
    """Why one voter's votes were cut."""
    return _("Les voix de %(who)s sont réduites de %(before)s à %(after)s : nul ne vote, même comme "
             "mandataire, pour plus que la somme des voix des autres copropriétaires présents ou "
             "représentés.",
             who=who, before=before, after=after)


def cap_votes(weights: Mapping[K, int]) -> VoteCap[K]:
    """Cut each voter's weight (own plus proxies, keyed by who votes) to the sum of the others in the room."""
    return cap_to_others(weights, ART_CAP, _cap_reason)


def tally(
    ballots: Sequence[Ballot], majority: Majority, total_quota: int, present_represented_quota: int,
    total_owners: int | None = None, present_owners: int | None = None,
) -> VoteResult:
    """Count a vote: a share of the votes cast (abstentions, blank, null excluded), or all owners' votes."""
    counts = count_ballots(ballots, majority, "BE", total_quota, present_represented_quota)
    if majority == Majority.UNANIMITY:
        main = compare(ALL_VOTES, counts.for_quota, total_quota, "==", Fraction(1))
    else:
        operator, threshold = THRESHOLDS[majority]
        main = compare(CAST_VOTES, counts.for_quota, counts.cast_quota, operator, threshold)
    return decide(counts, majority, main, [], total_quota, present_represented_quota, total_owners,
                  ARTICLES[majority])
