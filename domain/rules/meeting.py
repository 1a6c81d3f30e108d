"""General assembly vocabulary shared by Belgian and French rules: attendees, ballots, majorities, results."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Generic, Literal, Protocol, TypeVar, cast, get_args

from domain.i18n import _

K = TypeVar("K", bound=Hashable)
Jurisdiction = Literal["BE", "FR"]
Status = Literal["present", "represented", "absent"]
Choice = Literal["for", "against", "abstain", "blank", "null"]
Operator = Literal[">", ">=", "<=", "=="]


def status_of(value: str) -> Status:
    """A presence status read from a row (the database allows only these)."""
    if value not in get_args(Status):
        raise ValueError(f"unknown presence status {value!r}")
    return cast(Status, value)


def choice_of(value: str) -> Choice:
    """A vote read from a row (the database allows only these)."""
    if value not in get_args(Choice):
        raise ValueError(f"unknown vote {value!r}")
    return cast(Choice, value)
QuorumRoute = Literal["owners_and_half", "three_quarters", "not_required"]
STATUSES: frozenset[str] = frozenset({"present", "represented", "absent"})
CHOICES: frozenset[str] = frozenset({"for", "against", "abstain", "blank", "null"})


class Majority(StrEnum):
    """A majority rule; the first four are Belgian, the art* ones French, unanimity is both."""

    ABSOLUTE = "absolute"
    TWO_THIRDS = "two_thirds"
    FOUR_FIFTHS = "four_fifths"
    UNANIMITY = "unanimity"
    ART24 = "art24"
    ART25 = "art25"
    ART26 = "art26"


MAJORITIES: dict[str, frozenset[Majority]] = {
    "BE": frozenset({Majority.ABSOLUTE, Majority.TWO_THIRDS, Majority.FOUR_FIFTHS, Majority.UNANIMITY}),
    "FR": frozenset({Majority.ART24, Majority.ART25, Majority.ART26, Majority.UNANIMITY}),
}
MAJORITY_LABELS: dict[Majority, str] = {
    Majority.ABSOLUTE: _("majorité absolue des voix exprimées"),
    Majority.TWO_THIRDS: _("majorité des deux tiers des voix exprimées"),
    Majority.FOUR_FIFTHS: _("majorité des quatre cinquièmes des voix exprimées"),
    Majority.UNANIMITY: _("unanimité des voix de tous les copropriétaires"),
    Majority.ART24: _("majorité des voix exprimées (article 24)"),
    Majority.ART25: _("majorité des voix de tous les copropriétaires (article 25)"),
    Majority.ART26: _("double majorité (article 26)"),
}


def _require_quota(quota: int) -> None:
    """Refuse a quota that is not a non-negative int."""
    if isinstance(quota, bool) or not isinstance(quota, int) or quota < 0:
        raise ValueError(f"quote-part invalide : {quota!r} (entier positif ou nul attendu)")


@dataclass(frozen=True)
class Attendee:
    """One owner on the attendance list, with the quota they vote with and who holds their proxy."""

    owner_id: Hashable
    quota: int
    status: Status
    proxy_holder_id: Hashable | None = None
    is_syndic: bool = False

    def __post_init__(self) -> None:
        _require_quota(self.quota)
        if self.status not in STATUSES:
            raise ValueError(f"statut de présence inconnu : {self.status!r}")
        if (self.status == "represented") != (self.proxy_holder_id is not None):
            raise ValueError("un mandataire est requis pour un copropriétaire représenté, et pour lui seul")


@dataclass(frozen=True)
class Ballot:
    """One owner's vote on one resolution, weighted by the quota they vote with."""

    owner_id: Hashable
    quota: int
    choice: Choice

    def __post_init__(self) -> None:
        _require_quota(self.quota)
        if self.choice not in CHOICES:
            raise ValueError(f"choix de vote inconnu : {self.choice!r}")


@dataclass(frozen=True)
class Check:
    """One comparison a rule made: value / base <operator> threshold, and whether it held."""

    label: str
    value: int
    base: int
    operator: Operator
    threshold: Fraction
    ok: bool


@dataclass(frozen=True)
class NoticeCheck:
    """Whether a convocation was sent early enough, and the earliest date it allows."""

    ok: bool
    convened_on: date
    meeting_on: date
    days_given: int
    days_required: int
    legal_days: int
    bylaw_days: int | None
    earliest_meeting_on: date
    article: str
    reasons: list[str]


@dataclass(frozen=True)
class QuorumResult:
    """Whether the assembly may deliberate, with the attendance figures compared."""

    met: bool
    route: QuorumRoute | None
    owners_present: int
    total_owners: int
    quota_present: int
    total_quota: int
    checks: list[Check]
    article: str
    reasons: list[str]


@dataclass(frozen=True)
class ProxyCheck:
    """Whether one person may hold the proxies given to them."""

    allowed: bool
    holder_id: Hashable
    proxies_count: int
    max_proxies: int
    votes_held: int
    total_quota: int
    ceiling: Fraction
    holder_is_syndic: bool
    checks: list[Check]
    article: str
    reasons: list[str]


@dataclass(frozen=True)
class VoteCap(Generic[K]):
    """Voting weights after the cap on a dominant voter; cuts lists only the weights reduced."""

    weights: dict[K, int]
    original: dict[K, int]
    cuts: dict[K, int]
    total_before: int
    total_after: int
    article: str
    reasons: list[str]


@dataclass(frozen=True)
class VoteResult:
    """The outcome of one resolution: quotas by choice, the base and threshold compared, and why."""

    majority: Majority
    adopted: bool
    for_quota: int
    against_quota: int
    abstain_quota: int  # abstentions, blank and null votes together: never votes cast
    cast_quota: int
    base: int
    threshold: Fraction
    operator: Operator
    for_needed: int
    total_quota: int
    present_represented_quota: int
    owners_for: int
    total_owners: int | None
    for_ids: tuple[Hashable, ...]
    against_ids: tuple[Hashable, ...]
    abstain_ids: tuple[Hashable, ...]
    checks: list[Check]
    article: str
    reasons: list[str]
    second_vote_possible: bool = False  # FR: an immediate second vote (art. 25-1, art. 26 last paragraph)
    second_vote_majority: Majority | None = None  # under art. 24 after art. 25, under art. 25 after art. 26


@dataclass(frozen=True)
class OpeningCheck:
    """Whether the session may open now: not before the date and time it was convened for."""

    ok: bool
    scheduled_at: datetime
    now: datetime
    reasons: list[str]


@dataclass(frozen=True)
class MinutesDue:
    """By when the minutes must reach the owners, and the article that says so."""

    held_on: date
    due: date
    article: str
    reasons: list[str]


class AssemblyRules(Protocol):
    """The functions each jurisdiction's module provides."""

    def notice_ok(
        self, convened_on: date, meeting_on: date, bylaw_days: int | None = None
    ) -> NoticeCheck: ...

    def second_session_earliest(self, first_on: date) -> date | None: ...

    def quorum(self, attendees: Sequence[Attendee], total_quota: int, total_owners: int) -> QuorumResult: ...

    def check_proxies(
        self, holder_id: Hashable, holder_quota: int, proxies_quotas: Sequence[int], total_quota: int,
        holder_is_syndic: bool = False,
    ) -> ProxyCheck: ...

    def cap_votes(self, weights: Mapping[K, int]) -> VoteCap[K]: ...

    def tally(
        self, ballots: Sequence[Ballot], majority: Majority, total_quota: int, present_represented_quota: int,
        total_owners: int | None = None, present_owners: int | None = None,
    ) -> VoteResult: ...


def rules_for(jurisdiction: str) -> AssemblyRules:
    """The assembly rules module of a building's jurisdiction."""
    from domain.rules import meeting_be as assembly_be  # imported late: both modules import this one
    from domain.rules import meeting_fr as assembly_fr

    modules: dict[str, AssemblyRules] = {"BE": assembly_be, "FR": assembly_fr}
    if jurisdiction not in modules:
        raise ValueError(f"juridiction inconnue : {jurisdiction!r}")
    return modules[jurisdiction]


@dataclass(frozen=True)
class DecisionKind:
    """A kind of agenda item and the majority the law requires for it in each jurisdiction."""

    code: str
    label: str
    be: Majority
    fr: Majority
    note: str = ""


DECISION_KINDS: dict[str, DecisionKind] = {k.code: k for k in (
    DecisionKind("budget", _("Vote du budget prévisionnel"), Majority.ABSOLUTE, Majority.ART24),
    DecisionKind("accounts", _("Approbation des comptes"), Majority.ABSOLUTE, Majority.ART24),
    DecisionKind("discharge", _("Décharge (quitus) au syndic"), Majority.ABSOLUTE, Majority.ART24),
    DecisionKind("syndic", _("Désignation ou révocation du syndic"), Majority.ABSOLUTE, Majority.ART25),
    DecisionKind("council", _("Élection du conseil de copropriété (conseil syndical)"),
                 Majority.ABSOLUTE, Majority.ART25),
    DecisionKind("maintenance", _("Travaux d'entretien ou imposés par la loi"), Majority.ABSOLUTE,
                 Majority.ART24),
    DecisionKind("works", _("Travaux sur les parties communes"), Majority.TWO_THIRDS, Majority.ART25),
    DecisionKind("tender_threshold", _("Montant à partir duquel une mise en concurrence est obligatoire"),
                 Majority.TWO_THIRDS, Majority.ART25),
    DecisionKind("bylaws_common_parts",
                 _("Modification du règlement : usage et administration des parties communes"),
                 Majority.TWO_THIRDS, Majority.ART26),
    DecisionKind("charge_distribution", _("Modification de la répartition des charges"), Majority.FOUR_FIFTHS,
                 Majority.UNANIMITY, _("FR : loi 1965, art. 11 — à la majorité des travaux votés si ceux-ci "
                                       "rendent la modification nécessaire.")),
    DecisionKind("change_of_use", _("Changement de destination de l'immeuble ou d'une partie"),
                 Majority.FOUR_FIFTHS, Majority.UNANIMITY),
    DecisionKind("acquisition", _("Acquisition de biens immobiliers communs"), Majority.FOUR_FIFTHS,
                 Majority.ART26),
    DecisionKind("sale_common_property", _("Aliénation de parties communes"), Majority.FOUR_FIFTHS,
                 Majority.ART26, _("FR : unanimité si leur conservation est nécessaire à la destination "
                                   "de l'immeuble.")),
    DecisionKind("reserve_fund_waiver",
                 _("Dérogation à la contribution minimale au fonds de réserve (de travaux)"),
                 Majority.FOUR_FIFTHS, Majority.UNANIMITY,
                 _("FR : possible seulement dans les copropriétés de moins de 10 lots.")),
    DecisionKind("quota_change", _("Modification des quotes-parts (tantièmes)"), Majority.UNANIMITY,
                 Majority.UNANIMITY),
    DecisionKind("dissolution", _("Dissolution de l'association des copropriétaires"), Majority.UNANIMITY,
                 Majority.UNANIMITY),
)}


# Decisions whose costs the bare owner bears (works on the common parts: grosses réparations), so that the bare
# owner of a lot in usufruct is convened too; the usufructuary bears the others.
BARE_OWNER_DECISIONS = frozenset({"works"})


def bears_costs(right_kind: str, decision_kind: str | None) -> bool:
    """Whether a holder of this right bears the costs of a decision of this kind (and so is convened)."""
    if right_kind == "full":
        return True
    works = decision_kind in BARE_OWNER_DECISIONS
    return right_kind == ("bare" if works else "usufruct")


def proposed_majority(kind: str, jurisdiction: str) -> Majority:
    """The majority the law requires for a kind of decision in a jurisdiction."""
    decision = DECISION_KINDS[kind]
    return decision.be if jurisdiction == "BE" else decision.fr
