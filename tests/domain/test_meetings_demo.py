"""The assemblies' demo seeder: an agenda for Les Tilleuls once the register has lots; nothing without them."""
from __future__ import annotations

from domain.meetings.demo import AGENDA, seed_assembly
from queries.meetings import meetings as qm
from tests.factories import give_right, make_building, make_org, make_owner, make_unit, make_user


async def test_seeds_an_upcoming_assembly_with_its_agenda(conn):
    org = await make_org(conn)
    syndic = await make_user(conn, org, "syndic")
    building = await make_building(conn, org, name="Résidence Les Tilleuls")
    await give_right(conn, org, await make_unit(conn, org, building), await make_owner(conn, org))
    context = {"organization": org, "users": {"syndic": syndic}, "buildings": [building]}
    await seed_assembly(conn, context)
    items = await qm.items_of(conn, org.id, context["assembly"].id)
    assert context["assembly"].status == "draft" and len(items) == len(AGENDA)
    assert [i.majority for i in items][:4] == ["absolute", "absolute", "absolute", "two_thirds"]


async def test_skips_when_the_register_is_empty(conn):
    org = await make_org(conn)
    syndic = await make_user(conn, org, "syndic")
    building = await make_building(conn, org, name="Résidence Les Tilleuls")
    context = {"organization": org, "users": {"syndic": syndic}, "buildings": [building]}
    await seed_assembly(conn, context)
    assert "assembly" not in context
