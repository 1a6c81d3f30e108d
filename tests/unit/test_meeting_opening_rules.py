"""Pure rules found missing at the opening of an assembly, from the law: no opening before the convened date and
time; the FR art. 26 immediate second vote under art. 25 (loi 1965 art. 26, last paragraph, since the 2019
ordonnance) beside art. 25-1; the minutes' deadline (BE 30 days, C. civ. art. 3.87 § 12; FR one month to the
opposing and absent owners, loi 1965 art. 42); who bears a decision's costs (the bare owner for works); how an
owner is reached; the syndic recognised as a proxy holder however the name is typed."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.rules import meeting_fr as fr
from domain.rules.meeting import Ballot, Majority, bears_costs
from domain.rules.meeting_common import channel, check_opening, minutes_due, names_the_syndic

A25, A26 = Majority.ART25, Majority.ART26


def ballots(*spec: tuple[str, int]) -> list[Ballot]:
    return [Ballot(f"o{i}", quota, choice) for i, (choice, quota) in enumerate(spec)]  # type: ignore[arg-type]


# --- opening: not before the convened date and time

@pytest.mark.parametrize("now, ok", [
    (datetime(2026, 12, 17, 17, 59), False),
    (datetime(2026, 12, 1, 18, 0), False),  # convened for the 17th, held on the 1st: refused
    (datetime(2026, 12, 17, 18, 0), True),
    (datetime(2026, 12, 17, 19, 30), True),
])
def test_no_opening_before_the_convened_time(now: datetime, ok: bool) -> None:
    check = check_opening(datetime(2026, 12, 17, 18, 0), now)
    assert check.ok is ok
    assert ("17/12/2026" in check.reasons[0] and "18:00" in check.reasons[0]) or ok


# --- FR art. 26 last paragraph: the immediate second vote under art. 25

def test_art26_failed_but_half_of_those_present_for_with_a_third_of_all_votes_goes_to_art25() -> None:
    # 6 owners present of 10; 3 vote for (half of the members present) with 400 of 1000 votes (≥ a third)
    result = fr.tally(ballots(("for", 150), ("for", 150), ("for", 100), ("against", 100), ("against", 50),
                              ("abstain", 50)), A26, 1000, 600, 10, present_owners=6)
    assert not result.adopted and result.second_vote_possible
    assert result.second_vote_majority == A25
    assert any("article 25" in r and "art. 26" in r for r in result.reasons)


@pytest.mark.parametrize("for_quotas, present, second", [
    ((150, 150, 100), 7, False),  # 3 of 7 present: less than half
    ((150, 100, 80), 6, False),  # 330 of 1000: less than a third
    ((200, 100, 34), 6, True),  # 334 ≥ 1000/3, 3 of 6
])
def test_art26_passerelle_thresholds(for_quotas: tuple[int, ...], present: int, second: bool) -> None:
    spec = [("for", q) for q in for_quotas] + [("against", 10)] * (present - len(for_quotas))
    result = fr.tally(ballots(*spec), A26, 1000, sum(for_quotas) + 10 * (present - len(for_quotas)), 12,
                      present_owners=present)
    assert result.second_vote_possible is second and not result.adopted


def test_art25_second_vote_is_still_art24() -> None:
    result = fr.tally(ballots(("for", 400), ("against", 100)), A25, 1000, 500)
    assert result.second_vote_possible and result.second_vote_majority == Majority.ART24


@given(st.lists(st.tuples(st.sampled_from(["for", "against", "abstain"]), st.integers(1, 200)), min_size=1,
                max_size=12), st.integers(0, 30))
def test_art26_second_vote_never_when_adopted(spec: list[tuple[str, int]], extra: int) -> None:
    total = sum(q for _c, q in spec) + extra
    result = fr.tally(ballots(*spec), A26, total, sum(q for _c, q in spec), len(spec) + extra % 5,
                      present_owners=len(spec))
    assert not (result.adopted and result.second_vote_possible)


# --- minutes: BE 30 days; FR one month (to the opposing and absent owners)

@pytest.mark.parametrize("jurisdiction, day, due", [
    ("BE", date(2026, 1, 31), date(2026, 3, 2)),
    ("FR", date(2026, 1, 31), date(2026, 2, 28)),  # one month: the end of a shorter month
    ("FR", date(2026, 6, 15), date(2026, 7, 15)),
    ("FR", date(2024, 1, 31), date(2024, 2, 29)),
])
def test_minutes_due(jurisdiction: str, day: date, due: date) -> None:
    deadline = minutes_due(day, jurisdiction)  # type: ignore[arg-type]
    assert deadline.due == due
    assert ("art. 42" in deadline.article) is (jurisdiction == "FR")


# --- who bears the costs, who is convened

@pytest.mark.parametrize("right, kind, bears", [
    ("bare", "works", True), ("usufruct", "works", False), ("full", "works", True),
    ("bare", "budget", False), ("usufruct", "budget", True), ("bare", None, False),
])
def test_who_bears_a_decisions_costs(right: str, kind: str | None, bears: bool) -> None:
    assert bears_costs(right, kind) is bears


@pytest.mark.parametrize("accepts, email, address, expected", [
    (True, "a@b.be", None, "email"), (False, "a@b.be", "Rue 1", "letter"), (True, None, "Rue 1", "letter"),
    (False, "a@b.be", None, None), (True, None, "  ", None), (False, None, None, None),
])
def test_how_an_owner_is_reached(accepts: bool, email: str | None, address: str | None,
                                 expected: str | None) -> None:
    assert channel(accepts, email, address) == expected


# --- the syndic as a proxy holder, however entered

@pytest.mark.parametrize("typed, refused", [
    ("Syndic Dupont SPRL", True), ("  syndic   dupont sprl ", True), ("SYNDIC DUPONT SPRL", True),
    ("Sophie Lefèvre", True), ("sophie lefevre", True), ("s.lefevre@syndic.be", True), ("le syndic", True),
    ("Jean Martin", False), ("Syndicat des eaux", False),
])
def test_the_syndic_is_recognised_however_named(typed: str, refused: bool) -> None:
    assert names_the_syndic(typed, ["Syndic Dupont SPRL", "Sophie Lefèvre", "s.lefevre@syndic.be"]) is refused
