"""The charges' rows not yet in the books, posted set-based by the function of migration 0101."""
from __future__ import annotations

from typing import cast
from uuid import UUID

import asyncpg

_TAKE_OVER = "SELECT accounting_take_over($1)"


async def post_unposted(conn: asyncpg.Connection, org_id: UUID) -> int:
    """Post every unposted expense, allocation, payment and opening balance of the organisation."""
    return cast(int, await conn.fetchval(_TAKE_OVER, org_id))
