"""Belgian general-assembly rules (C. civ. art. 3.87–3.88), written from the law's wording."""

from collections.abc import Sequence
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules import meeting_be as be
from domain.rules.meeting import (
    DECISION_KINDS,
    MAJORITIES,
    Attendee,
    Ballot,
    Majority,
    proposed_majority,
    rules_for,
)

D0 = date(2025, 3, 1)


def roll(
    present: Sequence[int], absent: Sequence[int] = (), represented: Sequence[int] = ()
) -> list[Attendee]:
    """An attendance list: owners present, represented (by owner 'p0') and absent, by quota."""
    rows = [Attendee(f"p{i}", q, "present") for i, q in enumerate(present)]
    rows += [Attendee(f"r{i}", q, "represented", "p0") for i, q in enumerate(represented)]
    return rows + [Attendee(f"a{i}", q, "absent") for i, q in enumerate(absent)]


def ballots(*spec: tuple[str, int]) -> list[Ballot]:
    """Ballots from (choice, quota) pairs, one owner each."""
    return [Ballot(f"o{i}", quota, choice) for i, (choice, quota) in enumerate(spec)]  # type: ignore[arg-type]


# --- notice (art. 3.87 § 3): meeting_on − convened_on >= 15 days, or the bylaws' longer delay

@pytest.mark.parametrize("days, bylaw, ok, required", [
    (14, None, False, 15),
    (15, None, True, 15),
    (16, None, True, 15),
    (19, 20, False, 20),
    (20, 20, True, 20),
    (14, 10, False, 15),  # a shorter bylaw delay does not lower the legal one
    (15, 10, True, 15),
    (-1, None, False, 15),
])
def test_notice(days: int, bylaw: int | None, ok: bool, required: int) -> None:
    check = be.notice_ok(D0, D0 + timedelta(days=days), bylaw)
    assert (check.ok, check.days_given, check.days_required) == (ok, days, required)
    assert check.earliest_meeting_on == D0 + timedelta(days=required)
    assert check.article.startswith("C. civ., art. 3.87")


def test_notice_message_gives_the_earliest_date_when_too_late() -> None:
    check = be.notice_ok(date(2025, 3, 1), date(2025, 3, 15))
    assert "16/03/2025" in check.reasons[-1] and "insuffisant" in check.reasons[-1]


def test_notice_shorter_bylaw_is_explained_and_negative_refused() -> None:
    assert "délai légal de 15 jours" in be.notice_ok(D0, D0 + timedelta(days=15), 10).reasons[0]
    with pytest.raises(ValueError):
        be.notice_ok(D0, D0, -1)


def test_second_session_is_at_least_15_days_later() -> None:
    assert be.second_session_earliest(date(2025, 3, 1)) == date(2025, 3, 16)


# --- quorum (art. 3.87 § 5): > 1/2 of owners holding >= 1/2 of quotas, or > 3/4 of quotas; owners, not lots

@pytest.mark.parametrize("present, absent, met, route", [
    ([120] * 5, [80] * 5, False, None),                               # exactly half the owners: not enough
    ([100, 100, 100, 100, 50, 50], [125] * 4, True, "owners_and_half"),  # 6/10 owners, exactly 500/1000
    ([100, 100, 100, 100, 50, 49], [125, 125, 125, 126], False, None),   # 6/10 owners, 499/1000
    ([375, 375], [31] * 7 + [33], False, None),                       # exactly 3/4 of quotas: not met
    ([375, 376], [31] * 7 + [32], True, "three_quarters"),            # just over 3/4
    ([150] * 5, [50] * 5, False, None),                               # half the owners, exactly 3/4
    ([150] * 4 + [151], [50] * 4 + [49], True, "three_quarters"),     # half the owners, just over 3/4
    ([], [100] * 10, False, None),
])
def test_quorum(present: list[int], absent: list[int], met: bool, route: str | None) -> None:
    assert sum(present) + sum(absent) == 1000
    result = be.quorum(roll(present, absent), 1000, len(present) + len(absent))
    assert (result.met, result.route) == (met, route)
    assert result.quota_present == sum(present) and result.owners_present == len(present)
    assert result.article == "C. civ., art. 3.87, § 5"


def test_quorum_counts_represented_owners_and_says_why() -> None:
    result = be.quorum(roll([100, 100], [200, 200], represented=[200, 200]), 1000, 6)
    assert (result.met, result.owners_present, result.quota_present) == (True, 4, 600)
    owners_check = result.checks[0]
    assert (owners_check.value, owners_check.base, owners_check.threshold) == (4, 6, Fraction(1, 2))
    assert "Quorum atteint : 4 copropriétaires sur 6" in result.reasons[-1]


def test_quorum_not_met_mentions_second_assembly() -> None:
    assert "deuxième assemblée" in be.quorum(roll([100], [900]), 1000, 2).reasons[-1]


def test_proxy_held_by_the_syndic_does_not_count() -> None:
    rows = [Attendee("s", 100, "present", is_syndic=True), Attendee("x", 500, "represented", "s"),
            Attendee("y", 400, "absent")]
    result = be.quorum(rows, 1000, 3)
    assert (result.owners_present, result.quota_present, result.met) == (1, 100, False)
    assert "syndic" in result.reasons[0]


@pytest.mark.parametrize("rows, total_quota, total_owners", [
    ([Attendee("a", 1, "present"), Attendee("a", 1, "absent")], 10, 2),  # same owner twice
    ([Attendee("a", 11, "present")], 10, 1),                             # more quotas than the building
    ([Attendee("a", 1, "present"), Attendee("b", 1, "present")], 10, 1),  # more owners than the building
])
def test_quorum_refuses_impossible_lists(rows: list[Attendee], total_quota: int, total_owners: int) -> None:
    with pytest.raises(ValueError):
        be.quorum(rows, total_quota, total_owners)


def test_attendee_needs_a_holder_exactly_when_represented() -> None:
    with pytest.raises(ValueError):
        Attendee("a", 1, "represented")
    with pytest.raises(ValueError):
        Attendee("a", 1, "present", "b")
    with pytest.raises(ValueError):
        Attendee("a", -1, "present")


# --- proxies (art. 3.87 § 7): three at most, unless own + proxies <= 10 % of all votes; never the syndic

@pytest.mark.parametrize("own, proxies, total, syndic, allowed", [
    (0, [], 1000, False, True),
    (300, [100, 100, 100], 1000, False, True),     # three proxies, whatever their weight
    (40, [15, 15, 15, 15], 1000, False, True),     # four proxies totalling exactly 10 %
    (41, [15, 15, 15, 15], 1000, False, False),    # 10 % + 1
    (40, [15, 15, 15, 15], 1001, False, True),     # 100 <= 100.1
    (41, [15, 15, 15, 15], 1001, False, False),    # 101 > 100.1
    (0, [10], 1000, True, False),                  # the syndic never holds a proxy
])
def test_proxies(own: int, proxies: list[int], total: int, syndic: bool, allowed: bool) -> None:
    check = be.check_proxies("h", own, proxies, total, syndic)
    assert check.allowed is allowed
    assert (check.proxies_count, check.votes_held, check.ceiling) == (len(proxies), own + sum(proxies),
                                                                      Fraction(1, 10))
    assert check.article == "C. civ., art. 3.87, § 7"


def test_refused_proxies_say_why() -> None:
    assert "plus de 10 %" in be.check_proxies("h", 41, [15] * 4, 1000).reasons[0]
    assert "syndic" in be.check_proxies("h", 0, [1], 1000, True).reasons[0]


# --- cap (art. 3.87 § 6): no one votes for more than the others present or represented together

@pytest.mark.parametrize("weights, capped", [
    ({"a": 600, "b": 300, "c": 100}, {"a": 400, "b": 300, "c": 100}),
    ({"a": 500, "b": 500}, {"a": 500, "b": 500}),       # equal to the others: untouched
    ({"a": 501, "b": 499}, {"a": 499, "b": 499}),
    ({"holder": 450, "b": 200, "c": 100}, {"holder": 300, "b": 200, "c": 100}),  # own + proxies together
    ({"a": 100}, {"a": 0}),                              # alone in the room: no other votes to exceed
])
def test_cap_votes(weights: dict[str, int], capped: dict[str, int]) -> None:
    result = be.cap_votes(weights)
    assert result.weights == capped
    assert result.cuts == {k: weights[k] - capped[k] for k in weights if capped[k] != weights[k]}
    assert len(result.reasons) == len(result.cuts)


@given(st.dictionaries(st.integers(0, 30), st.integers(0, 10_000), min_size=1, max_size=12))
def test_capped_weight_never_exceeds_the_others(weights: dict[int, int]) -> None:
    capped = be.cap_votes(weights).weights
    total = sum(capped.values())
    assert all(w <= total - w for w in capped.values())
    assert all(capped[k] <= weights[k] for k in weights)
    assert sum(1 for k in weights if capped[k] != weights[k]) <= 1


# --- majorities (art. 3.87, 3.88): abstentions, blank and null votes are not votes cast

A, T, F, U = Majority.ABSOLUTE, Majority.TWO_THIRDS, Majority.FOUR_FIFTHS, Majority.UNANIMITY


@pytest.mark.parametrize("spec, majority, adopted, base, for_needed", [
    ([("for", 300), ("against", 300)], A, False, 600, 301),       # exactly half: rejected
    ([("for", 301), ("against", 299)], A, True, 600, 301),
    ([("for", 200), ("against", 100), ("abstain", 700)], A, True, 300, 151),  # abstentions excluded
    ([("for", 10), ("blank", 500), ("null", 490)], A, True, 10, 6),
    ([("for", 400), ("against", 200)], T, True, 600, 400),        # exactly two thirds: adopted
    ([("for", 399), ("against", 201)], T, False, 600, 400),
    ([("for", 200), ("against", 100), ("abstain", 700)], T, True, 300, 200),
    ([("for", 400), ("against", 100)], F, True, 500, 400),        # exactly four fifths: adopted
    ([("for", 399), ("against", 101)], F, False, 500, 400),
    ([("abstain", 600), ("blank", 400)], A, False, 0, 1),         # no vote cast: rejected
    ([("abstain", 600), ("blank", 400)], T, False, 0, 0),
    ([("for", 600), ("for", 400)], U, True, 1000, 1000),
    ([("for", 600), ("abstain", 400)], U, False, 1000, 1000),     # an abstention blocks unanimity
])
def test_tally(
    spec: list[tuple[str, int]], majority: Majority, adopted: bool, base: int, for_needed: int
) -> None:
    result = be.tally(ballots(*spec), majority, 1000, 1000)
    assert (result.adopted, result.base, result.for_needed) == (adopted, base, for_needed)
    assert result.second_vote_possible is False


def test_unanimity_counts_absent_owners() -> None:
    result = be.tally(ballots(("for", 600), ("for", 399)), U, 1000, 999)  # the owner of 1/1000 is absent
    assert not result.adopted and result.for_quota == 999 and result.base == 1000
    assert result.article == "C. civ., art. 3.88, § 3"


def test_tally_reports_quotas_names_and_reasons() -> None:
    result = be.tally(ballots(("for", 400), ("against", 200), ("abstain", 50), ("null", 50)), T, 1000, 800)
    quotas = (result.for_quota, result.against_quota, result.abstain_quota, result.cast_quota)
    assert quotas == (400, 200, 100, 600)
    assert (result.for_ids, result.against_ids, result.abstain_ids) == (("o0",), ("o1",), ("o2", "o3"))
    assert result.threshold == Fraction(2, 3) and result.operator == ">="
    assert result.reasons[0].startswith("Adoptée (majorité des deux tiers")
    assert result.article == "C. civ., art. 3.88, § 1"


@pytest.mark.parametrize("votes, majority, present", [
    ([Ballot("a", 10, "for")], Majority.ART24, 10),                          # a French majority
    ([Ballot("a", 10, "for"), Ballot("a", 10, "against")], A, 20),          # one owner voting twice
    ([Ballot("a", 11, "for")], A, 10),                                       # more votes than present
])
def test_tally_refuses_inconsistent_input(votes: list[Ballot], majority: Majority, present: int) -> None:
    with pytest.raises(ValueError):
        be.tally(votes, majority, 1000, present)


CHOICE = st.sampled_from(["for", "against", "abstain", "blank", "null"])


@given(st.lists(st.tuples(CHOICE, st.integers(0, 500)), max_size=20), st.sampled_from([A, T, F]))
def test_tally_accounts_for_every_ballot(spec: list[tuple[str, int]], majority: Majority) -> None:
    votes = ballots(*spec)
    total = sum(b.quota for b in votes) + 1
    result = be.tally(votes, majority, total, total)
    assert result.for_quota + result.against_quota + result.abstain_quota == sum(b.quota for b in votes)
    operator, threshold = be.THRESHOLDS[majority]
    share = Fraction(result.for_quota, result.cast_quota) if result.cast_quota else None
    expected = share is not None and (share > threshold if operator == ">" else share >= threshold)
    assert result.adopted is expected


# --- catalogue and dispatch

def test_rules_for_and_catalogue() -> None:
    assert rules_for("BE") is be
    with pytest.raises(ValueError):
        rules_for("NL")  # type: ignore[arg-type]
    assert proposed_majority("budget", "BE") == A
    assert proposed_majority("works", "BE") == T
    assert proposed_majority("charge_distribution", "BE") == F
    assert proposed_majority("quota_change", "BE") == proposed_majority("dissolution", "BE") == U
    assert all(k.be in MAJORITIES["BE"] and k.fr in MAJORITIES["FR"] for k in DECISION_KINDS.values())
