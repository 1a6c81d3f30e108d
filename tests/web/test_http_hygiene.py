"""Small holes found by probing: the approve action refuses fields it does not know (as every other action does),
JSON 405s name the allowed methods (Allow), HTTPS answers carry HSTS."""
from __future__ import annotations

from tests.factories import api_user
from tests.web.test_expenses_api import LEGACY, setup


async def test_approve_refuses_unknown_fields_and_approves_nothing(client, conn):
    _org, headers, building, _owners = await setup(conn)
    created = await (await client.post("/api/v1/expenses", headers=headers,
                                       json={**LEGACY, "building_id": str(building.id)})).get_json()
    resp = await client.put(f"/api/v1/expenses/{created['id']}/approve", headers=headers,
                            json={"amount": "1.00", "status": "paid"})
    assert resp.status_code == 422 and set((await resp.get_json())["errors"]) == {"amount", "status"}
    shown = await (await client.get(f"/api/v1/expenses/{created['id']}", headers=headers)).get_json()
    assert shown["status"] == "draft"
    resp = await client.post(f"/api/v1/expenses/{created['id']}/approve", headers=headers, json={})
    assert resp.status_code == 200


async def test_a_json_405_names_the_allowed_methods(client, conn):
    _org, _user, headers = await api_user(conn)
    resp = await client.delete("/api/v1/buildings", headers=headers)
    assert resp.status_code == 405 and (await resp.get_json())["code"] == "METHOD_NOT_ALLOWED"
    assert set(resp.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    resp = await client.patch("/api/v1/health")
    assert resp.status_code == 405 and "GET" in resp.headers["Allow"]


async def test_https_answers_carry_hsts_and_plain_http_does_not(client):
    secure = await client.get("/login", scheme="https")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
    assert int(secure.headers["Strict-Transport-Security"].split("=")[1].split(";")[0]) >= 15_552_000
    plain = await client.get("/login")
    assert "Strict-Transport-Security" not in plain.headers
    api = await client.get("/api/v1/health", scheme="https")
    assert "Strict-Transport-Security" in api.headers
