"""Smoke test of the bank's benchmark on seeded bench data (a small file: the figure itself is `make bench`'s)."""
from __future__ import annotations

from load.books import _SYNDICS, _bank_import
from load.seed import Scale, seed
from queries.db import connect


async def test_the_bank_figure_runs_on_the_bench_data_and_leaves_it_as_it_was(clone_db) -> None:  # type: ignore[no-untyped-def]
    conn = await connect(clone_db("koprogo_loadbank"))
    try:
        await seed(conn, Scale.of(0.01), quiet=True)
        rows = await conn.fetch(_SYNDICS, 1)
        figure = await _bank_import(conn, rows, movements=200)
        assert figure["n"] == 1 and figure["wall_ms_p50"] > 0
        # every sample is rolled back
        assert await conn.fetchval("SELECT count(*) FROM bank_statements") == 0
        assert await conn.fetchval("SELECT count(*) FROM funds") == 0
    finally:
        await conn.close()
