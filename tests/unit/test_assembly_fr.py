"""French general-assembly rules (loi 1965 art. 22, 24, 25, 25-1, 26; décret 1967 art. 9), from the law."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules import meeting_fr as fr
from domain.rules.meeting import Attendee, Ballot, Majority, proposed_majority, rules_for

D0 = date(2025, 3, 1)
A24, A25, A26, U = Majority.ART24, Majority.ART25, Majority.ART26, Majority.UNANIMITY


def ballots(*spec: tuple[str, int]) -> list[Ballot]:
    """Ballots from (choice, quota) pairs, one owner each."""
    return [Ballot(f"o{i}", quota, choice) for i, (choice, quota) in enumerate(spec)]  # type: ignore[arg-type]


# --- notice (décret 1967 art. 9): meeting_on - convened_on >= 21 days, or the règlement's longer delay

@pytest.mark.parametrize("days, bylaw, ok, required", [
    (20, None, False, 21),
    (21, None, True, 21),
    (29, 30, False, 30),
    (30, 30, True, 30),
    (20, 15, False, 21),  # a shorter delay in the règlement does not lower the legal one
    (21, 15, True, 21),
])
def test_notice(days: int, bylaw: int | None, ok: bool, required: int) -> None:
    check = fr.notice_ok(D0, D0 + timedelta(days=days), bylaw)
    assert (check.ok, check.days_given, check.days_required) == (ok, days, required)
    assert check.earliest_meeting_on == D0 + timedelta(days=required)
    assert check.article == "décret n° 67-223 du 17 mars 1967, art. 9"


def test_no_second_session_in_french_law() -> None:
    assert fr.second_session_earliest(D0) is None


# --- no quorum: the assembly deliberates whoever attends, but the figures are reported

@pytest.mark.parametrize("rows, owners, quota", [
    ([Attendee("a", 100, "present"), Attendee("b", 200, "represented", "a"), Attendee("c", 700, "absent")],
     2, 300),
    ([Attendee("a", 100, "absent")], 0, 0),
])
def test_quorum_is_always_met(rows: list[Attendee], owners: int, quota: int) -> None:
    result = fr.quorum(rows, 1000, 3)
    assert (result.met, result.route, result.owners_present, result.quota_present) == (True, "not_required",
                                                                                        owners, quota)
    assert result.checks == [] and "Pas de quorum" in result.reasons[-1]


def test_delegation_to_the_syndic_is_void() -> None:
    rows = [Attendee("s", 10, "present", is_syndic=True), Attendee("x", 500, "represented", "s")]
    result = fr.quorum(rows, 1000, 5)
    assert (result.owners_present, result.quota_present) == (1, 10) and "syndic" in result.reasons[0]


# --- delegations (art. 22 I): three at most, unless own + delegated <= 10 % of the syndicate's votes

@pytest.mark.parametrize("own, delegated, total, syndic, allowed", [
    (0, [200, 200, 200], 1000, False, True),
    (40, [15, 15, 15, 15], 1000, False, True),   # four, exactly 10 %
    (40, [15, 15, 15, 16], 1000, False, False),  # four, 10 % + 1
    (0, [1] * 10, 1000, False, True),
    (0, [1], 1000, True, False),                 # syndic, his relatives or staff
])
def test_delegations(own: int, delegated: list[int], total: int, syndic: bool, allowed: bool) -> None:
    check = fr.check_proxies("m", own, delegated, total, syndic)
    assert (check.allowed, check.votes_held, check.max_proxies) == (allowed, own + sum(delegated), 3)
    assert check.article.endswith("art. 22, I")


# --- art. 22 I al. 2: an owner above half of the quotas votes only the sum of the others' votes

@pytest.mark.parametrize("weights, capped, total_after", [
    ({"a": 600, "b": 300, "c": 100}, {"a": 400, "b": 300, "c": 100}, 800),
    ({"a": 500, "b": 300, "c": 200}, {"a": 500, "b": 300, "c": 200}, 1000),  # exactly half: not reduced
    ({"a": 999, "b": 1}, {"a": 1, "b": 1}, 2),
])
def test_cap_votes(weights: dict[str, int], capped: dict[str, int], total_after: int) -> None:
    result = fr.cap_votes(weights)
    assert (result.weights, result.total_before, result.total_after) == (capped, 1000, total_after)
    assert all("plus de la moitié" in reason for reason in result.reasons)


@given(st.dictionaries(st.text(max_size=3), st.integers(0, 10_000), min_size=1, max_size=12))
def test_no_owner_keeps_more_than_half_after_the_cap(weights: dict[str, int]) -> None:
    result = fr.cap_votes(weights)
    assert all(2 * w <= result.total_after for w in result.weights.values())
    assert result.total_after <= result.total_before


# --- majorities

@pytest.mark.parametrize("spec, majority, total, adopted, base", [
    ([("for", 300), ("against", 300)], A24, 1000, False, 600),                    # tie: rejected
    ([("for", 301), ("against", 300)], A24, 1000, True, 601),
    ([("for", 100), ("against", 99), ("abstain", 700), ("null", 1)], A24, 1000, True, 199),  # abstentions out
    ([("abstain", 500)], A24, 1000, False, 0),                                    # nothing cast
    ([("for", 500), ("against", 10)], A25, 1000, False, 1000),                    # exactly half of all: no
    ([("for", 501)], A25, 1000, True, 1000),
    ([("for", 400), ("against", 100)], A25, 1000, False, 1000),                   # absent owners weigh
    ([("for", 1000)], U, 1000, True, 1000),
    ([("for", 999)], U, 1000, False, 1000),                                       # an absent owner blocks
])
def test_tally(spec: list[tuple[str, int]], majority: Majority, total: int, adopted: bool, base: int) -> None:
    result = fr.tally(ballots(*spec), majority, total, total)
    assert (result.adopted, result.base) == (adopted, base)


@pytest.mark.parametrize("for_quota, total, second", [
    (334, 1000, True),
    (333, 1000, False),   # 333 < 1000 / 3
    (333, 999, True),     # exactly one third
    (332, 999, False),
    (500, 1000, True),
])
def test_art25_second_vote(for_quota: int, total: int, second: bool) -> None:
    result = fr.tally(ballots(("for", for_quota), ("against", 10)), A25, total, total)
    assert not result.adopted and result.second_vote_possible is second
    assert result.checks[-1].threshold == Fraction(1, 3)
    assert ("art. 25-1" in result.reasons[-1]) and (("peut voter à nouveau" in result.reasons[-1]) is second)


def test_art25_adopted_needs_no_second_vote_and_second_vote_uses_art24() -> None:
    assert fr.tally(ballots(("for", 501)), A25, 1000, 1000).second_vote_possible is False
    first = fr.tally(ballots(("for", 400), ("against", 100), ("abstain", 100)), A25, 1000, 600)
    again = fr.tally(ballots(("for", 400), ("against", 100), ("abstain", 100)), A24, 1000, 600)
    assert first.second_vote_possible and again.adopted


@pytest.mark.parametrize("owners_for, for_quota, adopted", [
    (6, 667, True),    # 6 of 10 owners, 667 >= 2/3 of 1000
    (6, 666, False),   # 666 < 666.67
    (5, 900, False),   # half the owners is not a majority of them
    (10, 1000, True),
])
def test_art26_double_majority(owners_for: int, for_quota: int, adopted: bool) -> None:
    votes = [Ballot(f"o{i}", 0, "for") for i in range(owners_for - 1)] + [Ballot("big", for_quota, "for")]
    result = fr.tally(votes, A26, 1000, 1000, total_owners=10)
    assert (result.adopted, result.owners_for) == (adopted, owners_for)
    assert [c.threshold for c in result.checks][:2] == [Fraction(2, 3), Fraction(1, 2)]
    assert any("copropriétaires sur 10" in r for r in result.reasons)
    assert adopted or "art. 26, dernier alinéa" in result.reasons[-1]  # the second vote's test, when rejected


def test_art26_at_exactly_two_thirds_and_needs_the_owner_count() -> None:
    votes = [Ballot("a", 333, "for"), Ballot("b", 333, "for"), Ballot("c", 333, "against")]
    assert fr.tally(votes, A26, 999, 999, total_owners=3).adopted
    with pytest.raises(ValueError):
        fr.tally(votes, A26, 999, 999)


def test_belgian_majority_is_refused() -> None:
    with pytest.raises(ValueError):
        fr.tally(ballots(("for", 1)), Majority.TWO_THIRDS, 10, 10)


CHOICE = st.sampled_from(["for", "against", "abstain", "blank", "null"])


@given(st.lists(st.tuples(CHOICE, st.integers(0, 500)), max_size=20), st.sampled_from([A24, A25, U]))
def test_tally_accounts_for_every_ballot(spec: list[tuple[str, int]], majority: Majority) -> None:
    votes = ballots(*spec)
    total = sum(b.quota for b in votes) + 7
    result = fr.tally(votes, majority, total, total)
    assert result.for_quota + result.against_quota + result.abstain_quota == sum(b.quota for b in votes)
    assert not (result.adopted and result.second_vote_possible)
    if majority == A24:
        assert result.adopted is (result.for_quota > result.against_quota)


def test_rules_for_and_catalogue() -> None:
    assert rules_for("FR") is fr
    assert proposed_majority("budget", "FR") == A24
    assert proposed_majority("works", "FR") == A25
    assert proposed_majority("acquisition", "FR") == A26
    assert proposed_majority("quota_change", "FR") == U
