"""The bank demo seeder: a statement paying the working-fund call, one exact, one partial, one left to assign."""
from __future__ import annotations

from domain.bank import statements as bank
from domain.bank.demo import seed_bank
from domain.calls.demo import BUILDING, seed_calls
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user


async def test_seeds_a_statement_matched_and_one_to_assign(conn) -> None:
    org = await make_org(conn)
    users = {role: await make_user(conn, org, role) for role in ("syndic", "accountant", "board_member", "owner")}
    building = await make_building(conn, org, name=BUILDING)
    for i, quota in enumerate((400, 350, 250)):
        unit = await make_unit(conn, org, building, str(i + 1), quota=quota)
        await give_right(conn, org, unit, await make_owner(conn, org, user=users["owner"] if i == 0 else None))
    context = {"organization": org, "users": users, "buildings": [building]}
    await seed_calls(conn, context)
    await seed_bank(conn, context)
    syndic = actor(users["syndic"], org, "syndic")
    [statement] = await bank.building_statements(conn, syndic, building.id)
    assert (statement.movements, statement.matched) == (3, 2)
    [todo] = await bank.unmatched(conn, syndic, building.id)
    assert todo.counterparty_name == "J. Inconnu"
    paid = await conn.fetchval("SELECT sum(p.amount) FROM owner_payments p JOIN bank_movements m ON "
                               "m.organization_id = p.organization_id AND m.payment_id = p.id "
                               "WHERE p.building_id = $1", building.id)
    assert paid == 1725  # 1,200 exact + half of 1,050 (the provisions' payments recorded by hand beside them)


async def test_nothing_without_the_building(conn) -> None:
    org = await make_org(conn)
    await seed_bank(conn, {"organization": org, "users": {}, "buildings": []})
    assert await conn.fetchval("SELECT count(*) FROM bank_statements WHERE organization_id = $1", org.id) == 0
