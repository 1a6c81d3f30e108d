"""Late interest at the legal rate from the formal notice, across the Belgian rate change of 1 January 2025
(5.75 % → 4.5 %), equal to the hand computation; never twice for the same days; a payment stops it; without a
formal notice (and no bylaws clause) it is refused."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from domain.calls import calls, funds
from domain.charges import owner_ledger
from domain.collection import interest, ladder
from domain.errors import Invalid
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


async def _no_letter(letter):  # type: ignore[no-untyped-def]
    raise AssertionError("no e-mail for an owner without an address")


async def test_interest_across_a_rate_change(conn) -> None:
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, jurisdiction="BE")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Late")
    await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions T4", "total": "500.00", "call_date": "2024-10-01",
        "due_date": "2024-10-31"})
    await calls.issue_call(conn, syndic, made.id)
    with pytest.raises(Invalid):  # no formal notice yet
        await interest.charge_interest(conn, syndic, building.id, owner["id"], date(2024, 11, 30))
    for _ in range(3):  # the friendly e-mails, then the formal notice by registered mail
        [sent] = await ladder.run_now(conn, syndic, building.id, [owner["id"]], date(2024, 11, 28), _no_letter)
    assert sent.channel == "registered"
    await ladder.record_registered(conn, syndic, sent.id, {"registered_on": "2024-12-01", "tracking_number": "RR9BE"})
    done = await interest.charge_interest(conn, syndic, building.id, owner["id"], date(2025, 1, 31))
    # by hand: 500 × 5.75 % × 31/365 (December 2024) + 500 × 4.5 % × 30/365 (1–30 January 2025)
    #        = 2.441780… + 1.849315… = 4.291095… → 4.29
    assert done.amount == D("4.29") and done.start == date(2024, 12, 1)
    [part] = done.parts
    assert [(p.days, p.percent) for p in part.periods] == [(31, D("5.75")), (30, D("4.5"))]
    with pytest.raises(Invalid):  # the same days again: nothing left to charge
        await interest.charge_interest(conn, syndic, building.id, owner["id"], date(2025, 1, 31))
    later = await interest.charge_interest(conn, syndic, building.id, owner["id"], date(2025, 3, 2))
    assert later.start == date(2025, 1, 31) and later.amount == D("1.85")  # 500 × 4.5 % × 30/365 = 1.849…
    await owner_ledger.record_payment(conn, syndic, building.id, {"owner_id": str(owner["id"]), "amount": "600.00",
                                                                   "paid_on": "2025-03-02"})
    with pytest.raises(Invalid):  # paid: no interest runs any more
        await interest.charge_interest(conn, syndic, building.id, owner["id"], date(2025, 4, 1))
    owed = await conn.fetchval("SELECT sum(debit - credit) FROM entry_lines WHERE organization_id = $1 "
                               "AND owner_id = $2", org.id, owner["id"])
    assert owed == D("500.00") + D("15.00") + D("4.29") + D("1.85") - D("600.00")


async def test_fr_19_2_brings_the_years_provisions_forward(conn) -> None:
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, jurisdiction="FR", country="France")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Retard")
    await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "FR7630006000011234567890189"})
    ids = []
    for label, call_day, due in (("T1", "2025-01-01", "2025-01-15"), ("T3", "2025-01-02", "2025-07-01")):
        made = await calls.create_call(conn, syndic, building.id, {
            "kind": "ordinary", "label": label, "total": "300.00", "call_date": call_day, "due_date": due})
        await calls.issue_call(conn, syndic, made.id)
        ids.append(made.id)
    for _ in range(3):
        [sent] = await ladder.run_now(conn, syndic, building.id, [owner["id"]], date(2025, 2, 1), _no_letter)
    with pytest.raises(Invalid):  # the notice is not 30 days old yet
        await interest.bring_provisions_forward(conn, syndic, building.id, owner["id"], date(2025, 2, 20))
    assert await interest.bring_provisions_forward(conn, syndic, building.id, owner["id"],
                                                   date(2025, 3, 5)) == [ids[1]]
    from queries.collection import arrears as qa
    items = await qa.open_items(conn, org.id, building.id, owner_id=owner["id"])
    assert sorted(i.due_date for i in items if i.source_kind == "call_for_funds") == [date(2025, 1, 15),
                                                                                      date(2025, 3, 5)]
