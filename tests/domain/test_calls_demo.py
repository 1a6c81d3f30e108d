"""The calls demo seeder: funds, the year's budget voted at last autumn's assembly and approved by its resolution,
the calls called by today issued, the provisions due over a month ago paid by the first owner, half by the second,
nothing by the third (arrears to see), and the first quarter settled once it has ended."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

from domain.calls import dues
from domain.calls.demo import BUILDING, seed_calls
from domain.calls.dues import my_dues
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


async def test_seeds_a_voted_budget_issued_calls_and_payments(conn) -> None:
    org = await make_org(conn)
    users = {role: await make_user(conn, org, role) for role in ("syndic", "accountant", "board_member", "owner")}
    building = await make_building(conn, org, name=BUILDING)
    owners = []
    for i, quota in enumerate((400, 350, 250)):
        unit = await make_unit(conn, org, building, str(i + 1), quota=quota)
        owners.append(await make_owner(conn, org, user=users["owner"] if i == 0 else None,
                                       email=f"o{i}@example.test"))
        await give_right(conn, org, unit, owners[-1])
    await seed_calls(conn, {"organization": org, "users": users, "buildings": [building]})
    today = date.today()
    assert await conn.fetchval("SELECT count(*) FROM funds WHERE building_id = $1", building.id) == 2
    budget = await conn.fetchrow("SELECT b.status, i.adopted, m.status AS meeting FROM budgets b "
                                 "JOIN agenda_items i ON i.id = b.resolution_id JOIN meetings m ON m.id = i.meeting_id "
                                 "WHERE b.building_id = $1", building.id)
    assert (budget["status"], budget["adopted"], budget["meeting"]) == ("approved", True, "closed")
    issued = await conn.fetch("SELECT kind, call_date, due_date, total FROM calls WHERE building_id = $1 "
                              "AND status = 'issued' ORDER BY call_date", building.id)
    quarters = [r for r in issued if r["kind"] == "ordinary"]
    assert len(quarters) == sum(1 for m in (1, 4, 7, 10) if date(today.year, m, 1) <= today)
    assert all(r["total"] == D("4800.00") for r in quarters)  # (19,200) / 4
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE building_id = $1 AND kind = 'working_fund' "
                               "AND status = 'issued'", building.id) == 1
    old = sum((r["total"] for r in quarters if r["due_date"] < today - timedelta(days=30)), D("0.00"))
    syndic = actor(users["syndic"], org, "syndic")
    accounts = [await dues.owner_account(conn, syndic, o["id"]) for o in owners]
    recorded = [await conn.fetchval("SELECT coalesce(sum(amount), 0) FROM owner_payments WHERE owner_id = $1",
                                    o["id"]) for o in owners]
    # the demo owner (lot 1) pays half, the next owner everything, the last nothing
    assert recorded == [(old * D("0.40") / 2).quantize(D("0.01")), old * D("0.35"), D("0.00")]
    # imputed to the dues oldest first; beyond them (a settlement's credit took some off), an advance
    assert [sum((d.paid for d in a.dues), a.advance) for a in accounts] == recorded
    assert sum((d.remaining for d in accounts[2].dues), D("0.00")) > 0  # the third owner's arrears
    settled = await conn.fetchval("SELECT count(*) FROM settlements WHERE building_id = $1", building.id)
    assert settled == (1 if today > date(today.year, 3, 31) else 0)
    mine = await my_dues(conn, actor(users["owner"], org, "owner")) or []
    [fund_call] = [d for d in mine if d.kind == "working_fund"]
    assert fund_call.amount == D("1200.00") and fund_call.communication
    assert any(d.remaining > 0 and d.qr for d in mine)  # the portal always has something to scan


async def test_nothing_without_the_building(conn) -> None:
    org = await make_org(conn)
    await seed_calls(conn, {"organization": org, "users": {}, "buildings": []})
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE organization_id = $1", org.id) == 0
    assert await conn.fetchval("SELECT count(*) FROM funds WHERE organization_id = $1", org.id) == 0
