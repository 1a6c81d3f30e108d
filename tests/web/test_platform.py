"""Health, OpenAPI, security headers, audit log, migrations."""
from __future__ import annotations

import shutil

import asyncpg
import pytest

from queries.migrate import MigrationChanged, apply_all, discover


async def test_health_ok(client):
    resp = await client.get("/api/v1/health")
    assert resp.status_code == 200
    assert await resp.get_json() == {"status": "ok", "database": "ok"}


async def test_health_503_when_the_database_is_unreachable(conn):
    from web.app import create_app
    from web.config import Config

    class DeadPool:
        def acquire(self):  # type: ignore[no-untyped-def]
            raise OSError("connection refused")

    app = create_app(Config(), pool=DeadPool())
    resp = await app.test_client().get("/api/v1/health")
    assert resp.status_code == 503
    assert await resp.get_json() == {"status": "error", "database": "unreachable"}


async def test_openapi_documents_every_json_route(app, client):
    doc = await (await client.get("/api/v1/openapi.json")).get_json()
    assert doc["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in doc["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<uuid:{name}>", "{" + "id" + "}").replace(f"<{name}>", "{" + name + "}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert any(p == path or _same_shape(p, path) for p, m in documented if m == method.lower()), \
                f"{method} {rule.rule} is not in the OpenAPI document"


def _same_shape(documented: str, actual: str) -> bool:
    a, b = documented.split("/"), actual.split("/")
    return len(a) == len(b) and all(x == y or (x.startswith("{") and y.startswith("{")) for x, y in zip(a, b, strict=False))


async def test_security_headers_on_every_response(client):
    for path in ("/login", "/api/v1/health", "/static/app.css"):
        resp = await client.get(path)
        csp = resp.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
        assert resp.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


async def test_audit_log_is_append_only(conn):
    org_id = await conn.fetchval("INSERT INTO organizations (name) VALUES ('A') RETURNING id")
    await conn.execute("INSERT INTO audit_log (organization_id, action, entity) VALUES ($1, 'x', 'y')", org_id)
    for statement in ("UPDATE audit_log SET action = 'z'", "DELETE FROM audit_log"):
        with pytest.raises(asyncpg.RaiseError):
            async with conn.transaction():
                await conn.execute(statement)


async def test_migrations_refuse_a_changed_file(clone_db, tmp_path):
    url = clone_db("koprogo_migrations")
    for m in discover():
        (tmp_path / m.path.name).write_text(m.sql)
    shutil.copytree(discover()[0].path.parent / "data", tmp_path / "data")  # the data files migrations load
    conn = await asyncpg.connect(url)
    try:
        assert await apply_all(conn, tmp_path) == []  # the clone already has them all
        first = sorted(tmp_path.glob("*.sql"))[0]
        first.write_text(first.read_text() + "\n-- edited\n")
        with pytest.raises(MigrationChanged):
            await apply_all(conn, tmp_path)
        (tmp_path / "9999_new_table.sql").write_text("CREATE TABLE later_one (id int);")
        first.write_text(discover()[0].sql)
        assert await apply_all(conn, tmp_path) == ["9999_new_table"]
    finally:
        await conn.close()
