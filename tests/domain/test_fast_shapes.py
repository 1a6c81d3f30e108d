"""Shapes rebuilt for speed stay exactly what they were."""
from __future__ import annotations

from dataclasses import asdict

from domain.register.owners import to_api
from queries.register import owners as qo
from tests.factories import make_org, make_owner


async def test_owner_api_shape_is_asdict_plus_name(conn):
    org = await make_org(conn)
    made = await make_owner(conn, org, email="a@example.be")
    owner = await qo.get(conn, org.id, made["id"])
    assert owner is not None
    assert to_api(owner) == {**asdict(owner), "name": owner.name}


async def test_owner_list_without_search_matches_the_searching_query(conn):
    org = await make_org(conn)
    for name in ("Zeller", "adam", "Martin", "Martin"):
        await make_owner(conn, org, last_name=name)
    await make_owner(conn, org, last_name=None, kind="company", company_name="Bureau SA")
    for limit, offset in ((2, 0), (2, 2), (10, 0), (5, 10)):
        fast, total = await qo.list_page(conn, org.id, None, limit, offset)
        rows = await conn.fetch(qo._LIST, org.id, "%%", limit, offset)
        assert [o.id for o in fast] == [r["id"] for r in rows]
        assert total == (rows[0]["total"] if rows else 0)
    assert (await qo.list_page(conn, org.id, "", 10, 0))[1] == 5
