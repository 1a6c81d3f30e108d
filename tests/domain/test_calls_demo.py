"""The calls demo seeder: funds, the year's budget and an issued working-fund call the demo owner sees."""
from __future__ import annotations

from domain.calls.demo import BUILDING, seed_calls
from domain.calls.dues import my_dues
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


async def test_seeds_funds_a_budget_and_an_issued_call(conn) -> None:
    org = await make_org(conn)
    users = {role: await make_user(conn, org, role) for role in ("syndic", "accountant", "board_member", "owner")}
    building = await make_building(conn, org, name=BUILDING)
    for i, quota in enumerate((400, 350, 250)):
        unit = await make_unit(conn, org, building, str(i + 1), quota=quota)
        await give_right(conn, org, unit, await make_owner(conn, org, user=users["owner"] if i == 0 else None))
    await seed_calls(conn, {"organization": org, "users": users, "buildings": [building]})
    assert await conn.fetchval("SELECT count(*) FROM funds WHERE building_id = $1", building.id) == 2
    assert await conn.fetchval("SELECT total FROM calls WHERE building_id = $1 AND status = 'issued'",
                               building.id) == 3000
    [due] = await my_dues(conn, actor(users["owner"], org, "owner")) or []
    assert str(due.amount) == "1200.00" and due.qr and due.communication


async def test_nothing_without_the_building(conn) -> None:
    org = await make_org(conn)
    await seed_calls(conn, {"organization": org, "users": {}, "buildings": []})
    assert await conn.fetchval("SELECT count(*) FROM calls WHERE organization_id = $1", org.id) == 0
    assert await conn.fetchval("SELECT count(*) FROM funds WHERE organization_id = $1", org.id) == 0
