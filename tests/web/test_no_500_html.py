"""The same sweep for the HTML side: every page and form, with a valid CSRF token and junk fields, never a 500."""
from __future__ import annotations

import uuid

import pytest

from tests.factories import browser_login, make_building, make_owner, make_unit

FORMS = [{}, {"name": "x" * 500, "quota": "-3", "amount": "abc", "share": "150 %", "date": "32/13/2026",
              "building_id": "nope", "unit_number": "", "email": "@", "total_units": "1e9", "choice": "maybe"}]


@pytest.mark.parametrize("role", ["syndic", "owner", "accountant"])
async def test_no_page_or_form_answers_500(app, client, conn, role):
    org, _user, csrf = await browser_login(client, conn, role)
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building)
    owner = await make_owner(conn, org)
    ids = {"building_id": str(building.id), "unit_id": str(unit["id"]), "owner_id": str(owner["id"])}
    failures, count = [], 0
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/api/", "/static")) or rule.rule in ("/logout", "/account/role"):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<uuid:{name}>", ids.get(name, str(uuid.uuid4()))).replace(f"<{name}>", "x")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            payloads = FORMS if method == "POST" else [None]
            for form in payloads:
                kwargs = {"form": {**form, "csrf_token": csrf}} if form is not None else {}
                resp = await client.open(path, method=method, **kwargs)
                count += 1
                if resp.status_code >= 500:
                    failures.append(f"{method} {path} → {resp.status_code}")
    assert failures == [] and count > 50
