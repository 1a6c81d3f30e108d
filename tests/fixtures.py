"""Test fixtures: a throwaway PostgreSQL cluster, a migrated template database, one rolled-back transaction
per test, the app wired to that transaction's connection, and small factories (tests/factories.py)."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

import asyncpg
import pytest

from queries.cluster import Cluster
from queries.db import connect
from queries.migrate import apply_all

TEMPLATE_DB = "koprogo_template"
TEST_DB = "koprogo_test"


def run_in_thread(coroutine_function, *args):  # type: ignore[no-untyped-def]
    """Run a coroutine to completion on its own loop in another thread (safe whether or not a loop runs here)."""
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine_function(*args))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    return result.get("value")


@pytest.fixture(scope="session")
def pg_cluster():
    """A private cluster for this test session only (nothing shared with var/)."""
    base = Path(tempfile.mkdtemp(prefix="koprogo-test-"))
    os.chmod(base, 0o755)
    cluster = Cluster(base / "pg", port=54330, fast=True)
    cluster.start()
    yield cluster
    cluster.destroy()
    shutil.rmtree(base, ignore_errors=True)


def createdb(cluster: Cluster, name: str, template: str | None = None) -> str:
    """A new database (a copy of `template` when given); returns its URL."""
    args = [str(cluster.bindir / "createdb"), "-h", str(cluster.sockdir), "-p", str(cluster.port), "-U", "postgres"]
    if template:
        args += ["-T", template]
    subprocess.run([*args, name], check=True, capture_output=True)
    return cluster.dsn(name)


@pytest.fixture(scope="session")
def template_url(pg_cluster: Cluster) -> str:
    """The migrated template database every test database is copied from."""
    url = createdb(pg_cluster, TEMPLATE_DB)

    async def migrate() -> None:
        conn = await connect(url)
        try:
            await apply_all(conn)
        finally:
            await conn.close()

    run_in_thread(migrate)
    return url


@pytest.fixture(scope="session")
def clone_db(pg_cluster: Cluster, template_url: str):
    """Factory: a fresh database copied from the template (for tests that must commit, e.g. concurrency, e2e)."""
    counter = iter(range(1, 10_000))

    def make(prefix: str = "koprogo_clone") -> str:
        return createdb(pg_cluster, f"{prefix}_{next(counter)}", TEMPLATE_DB)

    return make


@pytest.fixture(scope="session")
async def _session_conn(clone_db) -> asyncpg.Connection:
    conn = await connect(clone_db(TEST_DB))
    yield conn
    await conn.close()


@pytest.fixture
async def conn(_session_conn: asyncpg.Connection):
    """A connection inside a transaction that is rolled back after the test (use cases' own
    transactions become savepoints)."""
    tr = _session_conn.transaction()
    await tr.start()
    try:
        yield _session_conn
    finally:
        await tr.rollback()


class OneConnectionPool:
    """Hands the test's connection to the app for every request (requests in a test run one at a time)."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    def acquire(self) -> _Acquired:
        return _Acquired(self.connection)

    async def release(self, _connection: asyncpg.Connection) -> None:
        return None

    async def close(self) -> None:
        return None


class _Acquired:
    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    def __await__(self):
        async def get() -> asyncpg.Connection:
            return self.connection
        return get().__await__()

    async def __aenter__(self) -> asyncpg.Connection:
        return self.connection

    async def __aexit__(self, *exc: object) -> None:
        return None


@pytest.fixture(scope="session")
def files_dir():
    """Where the apps of this session store files (documents, invoices, exports): never var/."""
    path = Path(tempfile.mkdtemp(prefix="koprogo-files-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def app(conn, files_dir):
    """The Quart app on the test's transaction (its files in a temporary folder)."""
    from web.app import create_app
    from web.config import Config
    config = Config()
    config.run_workers = False
    config.var_dir = files_dir
    return create_app(config, pool=OneConnectionPool(conn))


@pytest.fixture
def client(app):
    """A test client (cookies kept between requests)."""
    return app.test_client()
