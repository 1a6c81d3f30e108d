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


async def test_seeds_an_assembly_convened_for_now_that_the_syndic_can_hold(conn):
    from domain.access import Actor
    from domain.meetings import voting
    org = await make_org(conn)
    syndic = await make_user(conn, org, "syndic")
    building = await make_building(conn, org, name="Résidence Les Tilleuls")
    await give_right(conn, org, await make_unit(conn, org, building), await make_owner(conn, org, email="a@b.be",
                                                                                       accepts_email_notices=True))
    context = {"organization": org, "users": {"syndic": syndic}, "buildings": [building]}
    await seed_assembly(conn, context)
    held = context["assembly_to_hold"]
    assert held.status == "convened" and held.meeting_type == "extraordinary"
    actor = Actor(syndic.id, syndic.email, syndic.full_name, org.id, org.name, "syndic", ["syndic"])
    assert (await voting.open_meeting(conn, actor, held.id)).status == "open"
