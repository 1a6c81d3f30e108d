"""The demo data: lots whose quotas sum to the total in Les Tilleuls, a 50/50 lot, a usufruct lot, the demo
owner and board member linked to owner records with lots there."""
from __future__ import annotations

from datetime import date
from fractions import Fraction

from domain.demo import load_demo
from queries.platform import users as qusers
from queries.register.rights import lots_and_rights_on, owners_of_user


async def test_demo_register(conn):
    assert await load_demo(conn)
    org_id = await conn.fetchval("SELECT id FROM organizations WHERE name = 'Syndic Démo SRL'")
    tilleuls = await conn.fetchrow("SELECT id, total_quota FROM buildings WHERE name = 'Résidence Les Tilleuls'")
    rows = await lots_and_rights_on(conn, org_id, tilleuls["id"], date.today())
    quotas = {r.unit_number: r.quota for r in rows}
    assert sum(quotas.values()) == tilleuls["total_quota"] == 1000
    by_lot: dict[str, list] = {}
    for r in rows:
        by_lot.setdefault(r.unit_number, []).append(r)
    assert sorted(r.share for r in by_lot["3A"]) == [Fraction(1, 2), Fraction(1, 2)]
    assert sorted(r.right_kind for r in by_lot["4A"]) == ["bare", "usufruct"]
    for email in ("proprietaire@demo.koprogo.be", "conseil@demo.koprogo.be"):
        user = await qusers.user_by_email(conn, email)
        mine = await owners_of_user(conn, org_id, user.id)
        assert mine and any(r.owner_id in mine for r in rows)
    past = await lots_and_rights_on(conn, org_id, tilleuls["id"], date(2020, 1, 1))
    assert "Georges Vandenberghe" in {r.owner_name for r in past}
    assert await conn.fetchval("SELECT count(*) FROM units u JOIN buildings b ON b.id = u.building_id "
                               "WHERE b.organization_id = $1", org_id) >= 22
