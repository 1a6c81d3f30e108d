"""A payment plan on a fake clock: the owner's overdue debt split into instalments (to the cent), the ladder skips
the owner while each instalment is paid, and resumes the day one is more than 15 days late — the plan ended, the
instalment missed named, the owner told; the instalments must sum to the debt."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest

from domain.calls import calls, funds
from domain.charges import owner_ledger
from domain.collection import arrears, ladder, plans
from domain.errors import Conflict, Invalid
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user
from web.app import create_app
from web.documents.reminders import compose_letter


@pytest.fixture
async def world(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Les Tilleuls")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Late", email="late@example.test", user=await make_user(conn, org, "owner"))
    await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions T1", "total": "500.01", "call_date": "2026-01-05",
        "due_date": "2026-01-31"})
    await calls.issue_call(conn, syndic, made.id)
    return org, syndic, building, owner["id"]


async def test_the_ladder_waits_while_the_plan_is_kept(conn, world) -> None:
    org, syndic, building, owner = world
    plan = await plans.add_plan(conn, syndic, owner, {"kind": "payment_plan", "reason": "Deux fois",
                                                      "count": 2, "first_due_on": "2026-03-01"}, date(2026, 2, 10))
    assert [(i.due_on, i.amount) for i in plan.instalments] == [(date(2026, 3, 1), D("250.01")),
                                                                (date(2026, 4, 1), D("250.00"))]
    assert plan.hold.ends_on == date(2026, 4, 16)
    sent: dict[date, list[int]] = {}
    day = date(2026, 2, 11)
    async with create_app().app_context():
        while day <= date(2026, 5, 3):
            if day == date(2026, 3, 10):  # the first instalment, nine days late: within the grace
                await owner_ledger.record_payment(conn, syndic, building.id, {
                    "owner_id": str(owner), "amount": "250.01", "paid_on": "2026-03-10"})
            for r in await ladder.run_building(conn, arrears.system_member(org.id), building.id, day, compose_letter):
                sent.setdefault(day, []).append(r.step)
            day += timedelta(days=1)
    # the second instalment (1 April) unpaid: sixteen days on, the plan lapses and the ladder resumes that day
    # the steps then keep the ladder's gaps (15 days), not one a day
    assert sent == {date(2026, 4, 17): [1], date(2026, 5, 2): [2]}
    # the arrears screen says when the next step goes: the registered letter 15 days after the second reminder
    # (the ladder's gap), not 45 days after the due date, long past
    [row] = await arrears.arrears(conn, syndic, date(2026, 5, 3), building.id)
    assert row.next_step is not None and row.next_step.number == 3 and row.row.last_sent == date(2026, 5, 2)
    assert row.next_on == date(2026, 5, 17)
    [found] = await plans.owner_plans(conn, syndic, owner)
    assert found.hold.ended_on == date(2026, 4, 17) and found.missed == 2 and found.paid == D("250.01")
    assert found.next_due is not None and found.next_due.number == 2
    # the letter that resumes the ladder names the instalment missed
    letters = [r["body"] for r in await conn.fetch(
        "SELECT body FROM outbox WHERE organization_id = $1 AND subject LIKE 'Rappel%'", org.id)]
    assert len(letters) == 2  # the two steps, in one transaction: which came first is in their text, not the rows
    [first] = [b for b in letters if "Deuxième rappel" not in b]
    assert "l'échéance du 01/04/2026 (250,00" in first
    told = await conn.fetchval("SELECT count(*) FROM notices WHERE organization_id = $1 AND kind = 'reminder.sent' "
                               "AND template LIKE 'Plan de paiement%'", org.id)
    assert told == 1


async def test_the_instalments_sum_to_the_debt(conn, world) -> None:
    _org, syndic, _building, owner = world
    today = date(2026, 2, 10)
    with pytest.raises(Invalid) as short:
        await plans.add_plan(conn, syndic, owner, {"kind": "payment_plan", "reason": "x", "instalments": [
            {"due_on": "2026-03-01", "amount": "250.00"}, {"due_on": "2026-04-01", "amount": "250.00"}]}, today)
    assert "500,01" in str(short.value.errors["instalments"])
    with pytest.raises(Invalid) as bad:
        await plans.add_plan(conn, syndic, owner, {"kind": "payment_plan", "reason": "x", "instalments": [
            {"due_on": "2026-03-01", "amount": "-1"}, {"amount": "1"}]}, today)
    assert {"instalments[0].amount", "instalments[1].due_on"} <= set(bad.value.errors)
    with pytest.raises(Invalid) as early:
        await plans.add_plan(conn, syndic, owner, {"kind": "payment_plan", "reason": "x", "count": 2,
                                                   "first_due_on": "2026-01-01"}, today)
    assert "instalments" in early.value.errors
    listed = await plans.add_plan(conn, syndic, owner, {"kind": "payment_plan", "reason": "Trois", "instalments": [
        {"due_on": "2026-05-01", "amount": "100.01"}, {"due_on": "2026-03-01", "amount": "200.00"},
        {"due_on": "2026-04-01", "amount": "200.00"}]}, today)
    assert [(i.number, i.due_on) for i in listed.instalments] == [
        (1, date(2026, 3, 1)), (2, date(2026, 4, 1)), (3, date(2026, 5, 1))]
    assert listed.total == D("500.01")
    with pytest.raises(Conflict):  # one plan at a time
        await plans.add_plan(conn, syndic, owner, {"kind": "payment_plan", "reason": "x", "count": 2,
                                                   "first_due_on": "2026-03-01"}, today)
