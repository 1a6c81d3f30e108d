"""A resolution's result from the register and the votes, through the jurisdiction's rules, as plain data."""
from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast
from uuid import UUID

from domain.i18n import Msg
from domain.meetings.attendance import holder_key, idle_proxies
from domain.rules.meeting import MAJORITY_LABELS, Ballot, Majority, choice_of, rules_for
from domain.rules.numbers import apportion

K = TypeVar("K", bound=Hashable)

if TYPE_CHECKING:
    from domain.meetings.attendance import Register
    from queries.meetings.meetings import Item
    from queries.meetings.votes import Vote


def msg_json(text: str) -> dict[str, Any]:
    """A message kept with its template, so it is translated when shown later."""
    if isinstance(text, Msg):
        return {"text": str(text), "template": text.template, "params": text.params}
    return {"text": str(text), "template": str(text), "params": {}}


def msg_of(data: dict[str, Any]) -> Msg:
    """A stored message back as a translatable Msg."""
    try:
        return Msg(data["template"], **data.get("params", {}))
    except (KeyError, TypeError, ValueError):
        return Msg(data.get("text", ""))


def scale(weights: Mapping[K, int], target: int) -> dict[K, int]:
    """Reduce integer weights proportionally to sum to `target`, largest remainder (ties by order)."""
    total = sum(weights.values())
    if total <= target or total == 0:
        return dict(weights)
    return dict(zip(weights, apportion(target, list(weights.values())), strict=True))


def _named(reason: str, name: str) -> str:
    """A cap reason naming the voter rather than their id."""
    if isinstance(reason, Msg):
        return Msg(reason.template, **{**reason.params, "who": name})
    return reason


def _holder_of(owner_id: UUID, register: Register) -> Hashable:
    """Who casts an owner's votes in the room: themselves, or their proxy holder."""
    line = register.lines.get(owner_id)
    return holder_key(line) if line is not None and line.status == "represented" else owner_id


def _capped(jurisdiction: str, majority: Majority, register: Register, weights: dict[UUID, int]
            ) -> tuple[dict[UUID, int], int, list[str]]:
    """Weights after the cap on a dominant voter, the total base, and why any were cut."""
    rules, roll = rules_for(jurisdiction), register.roll
    if majority == Majority.UNANIMITY:
        return weights, roll.total_quota, []
    if jurisdiction == "FR":
        cap = rules.cap_votes({o: v.quota for o, v in roll.voters.items()})
        cut = [_named(r, roll.voters[o].name) for r, o in zip(cap.reasons, cap.cuts, strict=True)]
        capped = {o: min(w, cap.weights.get(o, w)) for o, w in weights.items()}
        return capped, cap.total_after + roll.total_quota - cap.total_before, cut
    idle = idle_proxies(list(register.lines.values()), roll.voters)
    present = {o: v.quota for o, v in roll.voters.items()
               if register.lines.get(o) and register.lines[o].status != "absent" and o not in idle}
    holders: dict[Hashable, dict[UUID, int]] = {}
    for owner_id, quota in present.items():
        holders.setdefault(_holder_of(owner_id, register), {})[owner_id] = quota
    room = rules.cap_votes({h: sum(group.values()) for h, group in holders.items()})
    capped = dict(weights)
    reasons: list[str] = []
    for reason, holder in zip(room.reasons, room.cuts, strict=True):
        reduced = scale(holders[holder], room.weights[holder])
        capped.update({o: reduced[o] for o in holders[holder] if o in capped})
        voter = roll.voters.get(holder) if isinstance(holder, UUID) else None
        reasons.append(_named(reason, voter.name if voter else str(holder)))
    return capped, roll.total_quota, reasons


def compute_result(jurisdiction: str, item: Item, register: Register, votes: list[Vote]) -> dict[str, Any]:
    """Count a resolution exactly (caps, abstentions, majority) and return the result with its reasoning."""
    majority = Majority(str(item.majority))
    roll = register.roll
    weights = {v.owner_id: v.quota for v in votes}
    capped, total, cap_reasons = _capped(jurisdiction, majority, register, weights)
    present = register.quorum.quota_present
    ballots = [Ballot(v.owner_id, capped[v.owner_id], choice_of(v.choice)) for v in votes]
    result = rules_for(jurisdiction).tally(ballots, majority, max(total, 1), min(max(present, sum(
        b.quota for b in ballots)), max(total, 1)), max(roll.total_owners, 1),
        present_owners=max(register.quorum.owners_present, len(ballots)))

    def people(ids: tuple[Hashable, ...]) -> list[dict[str, Any]]:
        owners = [cast(UUID, o) for o in ids]
        return [{"owner_id": str(o), "name": roll.voters[o].name if o in roll.voters else str(o),
                 "lots": roll.voters[o].lots if o in roll.voters else [], "quota": capped[o]} for o in owners]

    return {
        "majority": majority.value, "majority_label": msg_json(MAJORITY_LABELS[majority]),
        "article": result.article, "adopted": result.adopted, "for_quota": result.for_quota,
        "against_quota": result.against_quota, "abstain_quota": result.abstain_quota,
        "cast_quota": result.cast_quota, "base": result.base, "for_needed": result.for_needed,
        "threshold": f"{result.threshold.numerator}/{result.threshold.denominator}",
        "operator": result.operator, "total_quota": result.total_quota,
        "present_represented_quota": result.present_represented_quota, "owners_for": result.owners_for,
        "total_owners": result.total_owners, "second_vote_possible": result.second_vote_possible,
        "second_vote_majority": result.second_vote_majority.value if result.second_vote_majority else None,
        "for": people(result.for_ids), "against": people(result.against_ids),
        "abstain": people(result.abstain_ids), "votes_count": len(votes),
        "checks": [{"label": msg_json(c.label), "value": c.value, "base": c.base, "operator": c.operator,
                    "threshold": f"{c.threshold.numerator}/{c.threshold.denominator}", "ok": c.ok}
                   for c in result.checks],
        "reasons": [msg_json(r) for r in [*cap_reasons, *result.reasons]],
    }
