"""Shapes rebuilt for speed stay exactly what they were."""
from __future__ import annotations

from dataclasses import asdict

from domain.owners import to_api
from tests.factories import make_org, make_owner


async def test_owner_api_shape_is_asdict_plus_name(conn):
    owner = await make_owner(conn, await make_org(conn))
    assert to_api(owner) == {**asdict(owner), "name": owner.name}
