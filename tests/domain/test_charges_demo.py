"""The demo seeder: charges for the demo building once it has lots, nothing (and no error) before."""
from __future__ import annotations

from domain.charges.demo import BUILDING, seed_charges
from tests.factories import give_right, make_building, make_org, make_owner, make_unit, make_user


async def context_for(conn, with_lots: bool):
    org = await make_org(conn)
    users = {role: await make_user(conn, org, role) for role in ("syndic", "accountant", "board_member", "owner")}
    building = await make_building(conn, org, name=BUILDING)
    if with_lots:
        for i in range(6):
            unit = await make_unit(conn, org, building, f"{i + 1}", quota=100 + 20 * i, floor=i // 2)
            owner = await make_owner(conn, org, user=users["owner"] if i == 0 else None)
            await give_right(conn, org, unit, owner)
    return {"organization": org, "users": users, "buildings": [building]}, building


async def test_seeds_allocated_and_paid_expenses_and_a_lift_key(conn):
    context, building = await context_for(conn, with_lots=True)
    await seed_charges(conn, context)
    statuses = dict(await conn.fetch("SELECT status, count(*) FROM expenses WHERE building_id = $1 GROUP BY 1",
                                     building.id))
    assert statuses == {"paid": 3, "approved": 3, "draft": 1}
    assert await conn.fetchval("SELECT name FROM sharing_keys WHERE building_id = $1", building.id) == "Ascenseur"
    assert await conn.fetchval("SELECT count(*) FROM sharing_key_weights w JOIN sharing_keys k ON k.id = w.key_id "
                               "WHERE k.building_id = $1", building.id) == 3
    assert await conn.fetchval("SELECT count(*) FROM owner_payments WHERE building_id = $1", building.id) == 1
    lines = await conn.fetchval("SELECT sum(amount) FROM charge_lines WHERE building_id = $1", building.id)
    totals = await conn.fetchval("SELECT sum(total) FROM expenses WHERE building_id = $1 AND status <> 'draft'",
                                 building.id)
    assert lines == totals


async def test_skips_a_building_without_lots(conn):
    context, building = await context_for(conn, with_lots=False)
    await seed_charges(conn, context)
    assert await conn.fetchval("SELECT count(*) FROM expenses WHERE building_id = $1", building.id) == 0
    assert "charges" not in context
