"""The bank movements as a person's data: what a payer's statement lines say about an owner (their name and
account as the bank wrote them), exported with the owner's data and pseudonymised at their erasure — the amounts,
dates and references stay, for the books."""
from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

# the movements matched to the owner, or proposed for them (the payer's account was theirs)
_OF_OWNER = """
SELECT m.booking_date, b.name AS building, m.amount, m.counterparty_name, m.counterparty_iban,
       m.structured_communication, m.free_communication, m.state
  FROM bank_movements m JOIN buildings b ON b.organization_id = m.organization_id AND b.id = m.building_id
 WHERE m.organization_id = $1 AND (m.owner_id = $2 OR m.proposed_owner_id = $2)
 ORDER BY m.booking_date, m.line_no
"""
_PSEUDONYMISE = """
UPDATE bank_movements SET counterparty_name = '', counterparty_iban = '', free_communication = ''
 WHERE organization_id = $1 AND (owner_id = $2 OR proposed_owner_id = $2)
"""


async def of_owner(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> list[dict[str, Any]]:
    """The owner's movements with what the bank said of the payer."""
    return [dict(r) for r in await conn.fetch(_OF_OWNER, org_id, owner_id)]


async def pseudonymise(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> None:
    """The payer's name, account and free text of the owner's movements blanked; amounts and references kept."""
    await conn.execute(_PSEUDONYMISE, org_id, owner_id)
