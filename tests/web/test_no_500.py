"""Bad input never gets a 500: every JSON route, every verb, with malformed and wrongly typed bodies and odd
query strings, answers 4xx (or 2xx for the few actions that need no body). That nothing is written on a refusal is
tested per area."""
from __future__ import annotations

import uuid

import pytest

from tests.factories import api_user, make_building, make_owner, make_unit

BODIES = [b"{", b"[]", b"null", b'"x"', b"{}", b'{"unknown": 1}',
          b'{"name": 1, "building_id": "nope", "amount": "abc", "quota": -1, "scheduled_date": "2026-13-45",'
          b' "unit_number": ["x"], "email": 5, "role": {}, "share": "200 %", "choice": "maybe"}',
          b'{"building_id": null, "amount": 1e400, "quota": 1.5, "total_units": "9", "floor": true}']
QUERIES = ["?page=0", "?per_page=1000", "?page=abc&per_page=-2", "?building=not-a-uuid&from=yesterday&to=2026-99-01",
           "?date=31/12/2026&status=unknown&category=%00", "?search=%25_%5C&q=' OR 1=1 --"]


def _paths(app, ids: dict[str, str]):  # type: ignore[no-untyped-def]
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1") or rule.rule.endswith(("openapi.json", "/auth/logout")):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<uuid:{name}>", ids.get(name, str(uuid.uuid4()))).replace(
                f"<{name}>", ids.get(name, "x"))
        yield path, rule.methods - {"HEAD", "OPTIONS"}


async def test_no_route_answers_500(app, client, conn):
    org, _user, headers = await api_user(conn, "syndic")
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building)
    owner = await make_owner(conn, org)
    ids = {"building_id": str(building.id), "id": str(building.id), "unit_id": str(unit["id"]),
           "owner_id": str(owner["id"])}
    failures, seen = [], {}
    for path, methods in _paths(app, ids):
        for method in methods:
            if method in ("GET", "DELETE"):
                for query in QUERIES:
                    resp = await client.open(path + query, method=method, headers=headers)
                    seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
                    if resp.status_code >= 500:
                        failures.append(f"{method} {path}{query} → {resp.status_code}")
                continue
            for body in BODIES:
                resp = await client.open(path, method=method, data=body,
                                         headers={**headers, "Content-Type": "application/json"})
                seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
                if resp.status_code >= 500:
                    failures.append(f"{method} {path} {body[:40]!r} → {resp.status_code}")
    assert failures == []
    assert sum(seen.values()) > 500 and {400, 404, 422} <= set(seen), seen


@pytest.mark.parametrize("role", ["owner", "accountant", "board_member"])
async def test_no_route_answers_500_for_other_roles(app, client, conn, role):
    _org, _user, headers = await api_user(conn, role)
    failures = []
    for path, methods in _paths(app, {}):
        for method in methods:
            resp = await client.open(path, method=method, data=b'{"name": "x"}',
                                     headers={**headers, "Content-Type": "application/json"})
            if resp.status_code >= 500:
                failures.append(f"{method} {path} → {resp.status_code}")
    assert failures == []
