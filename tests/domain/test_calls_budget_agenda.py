"""A draft budget put on a draft assembly's agenda with its lines, once; approving it takes that item's resolution."""
from __future__ import annotations

import pytest

from domain.calls import budget_agenda, budgets
from domain.errors import Conflict, Invalid
from domain.meetings import meetings
from tests.domain.test_calls_worked_example import _budget, example  # noqa: F401


async def test_put_on_the_agenda_then_approved_by_its_item(conn, example) -> None:  # noqa: F811
    org, syndic, building, lots, p, working, reserve = example
    draft = await budgets.draft_budget(conn, syndic, building.id, _budget(reserve))
    meeting = await meetings.create_meeting(conn, syndic, {
        "building_id": str(building.id), "title": "AG 2026", "meeting_type": "ordinary",
        "scheduled_date": "2026-11-20T18:00", "location": "Salle"})
    with pytest.raises(Invalid):
        await budget_agenda.put_on_agenda(conn, syndic, draft.budget.id, {"meeting_id": str(draft.budget.id)})
    item = await budget_agenda.put_on_agenda(conn, syndic, draft.budget.id, {"meeting_id": str(meeting.id)})
    assert item.title == "Budget 2027"
    assert "Entretien (ordinaire, compte 6100) : 30\u202f000,00\u00a0€" in item.description
    assert "42\u202f000,00\u00a0€" in item.description and "approuve le budget" in item.draft_resolution
    with pytest.raises(Conflict):
        await budget_agenda.put_on_agenda(conn, syndic, draft.budget.id, {"meeting_id": str(meeting.id)})
    with pytest.raises(Invalid):
        await budgets.approve_budget(conn, syndic, draft.budget.id, {})  # the item is not adopted yet
    await conn.execute("UPDATE agenda_items SET vote_status = 'closed', adopted = true WHERE id = $1", item.id)
    approved = await budgets.approve_budget(conn, syndic, draft.budget.id, {})
    assert approved.budget.status == "approved" and approved.budget.resolution_id == item.id
