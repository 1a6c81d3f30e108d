"""Smoke tests of the load-test tooling (the benchmark itself never runs in the test suite)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from load.bench import wrk_data
from load.seed import Scale, counts, plan, seed
from queries.db import connect

ROOT = Path(__file__).resolve().parents[2]


def test_scale_keeps_the_proportions():
    assert Scale.of(1.0) == Scale(50, 1000, 20_000, 25_000, 100_000)
    small = Scale.of(0.02)
    assert (small.organizations, small.buildings, small.lots, small.owners) == (1, 20, 400, 500)


def test_plan_links_owner_accounts_to_owner_records():
    p = plan(Scale.of(0.02), "hash")
    users = {u[0] for u in p.users}
    linked = [o for o in p.owners if o[9] is not None]
    assert len(linked) == 10 and all(o[9] in users for o in linked)
    assert len(p.owners) == 500 and len(p.rights) == 500
    org = p.scenario["organizations"][0]
    assert org["syndics"][0]["token"] and len(org["owner_users"]) == 10


async def test_seed_small_scale_is_consistent(clone_db, tmp_path):
    conn = await connect(clone_db("koprogo_loadseed"))
    try:
        scenario = await seed(conn, Scale.of(0.02), quiet=True)
        rows = await counts(conn)
        # every token the scenario hands out opens a live bearer session
        token = scenario["organizations"][0]["syndics"][0]["token"]
        from domain.platform.users import authenticate
        actor = await authenticate(conn, token, "bearer")
    finally:
        await conn.close()
    assert rows["buildings"] == 20 and rows["units"] == 400 and rows["owners"] == 500
    assert rows["expenses"] == 2000 and rows["charge_lines"] > rows["expense_lot_shares"] > 0
    assert actor is not None and actor.role == "syndic"
    lua = tmp_path / "data.lua"
    wrk_data(scenario, lua)
    assert lua.read_text().startswith("DATA = {orgs = {{syndics={")


def test_locustfile_imports_in_its_own_process():
    # locust monkey-patches the standard library with gevent on import: never inside the test process
    done = subprocess.run([sys.executable, "-c", "import load.locustfile as f; print(f.Syndic.weight)"],
                          check=False, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "4"
