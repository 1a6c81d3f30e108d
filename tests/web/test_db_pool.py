"""The app's pool: released connections come back clean without asyncpg's extra reset round trip."""
from __future__ import annotations

from web.db import create_pool


async def test_an_unfinished_transaction_is_rolled_back_on_release(clone_db):
    pool = await create_pool(clone_db("koprogo_pool"), min_size=1, max_size=1)
    try:
        conn = await pool.acquire()
        await conn.execute("BEGIN")
        await conn.execute("CREATE TABLE left_over (x int)")
        await pool.release(conn)
        again = await pool.acquire()
        assert not again.is_in_transaction()
        assert await again.fetchval("SELECT to_regclass('left_over')") is None
        # the jsonb codec of the shared set-up is there
        assert await again.fetchval("SELECT '{\"a\": 1}'::jsonb") == {"a": 1}
        await pool.release(again)
    finally:
        await pool.close()
