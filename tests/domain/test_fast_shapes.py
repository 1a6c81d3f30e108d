"""Shapes rebuilt for speed stay exactly what they were."""
from __future__ import annotations

from dataclasses import asdict

from domain.owners import to_api
from queries import owners as qo
from tests.factories import make_org, make_owner


async def test_owner_api_shape_is_asdict_plus_name(conn):
    org = await make_org(conn)
    made = await make_owner(conn, org, email="a@example.be")
    owner = await qo.get(conn, org.id, made["id"])
    assert owner is not None
    assert to_api(owner) == {**asdict(owner), "name": owner.name}
