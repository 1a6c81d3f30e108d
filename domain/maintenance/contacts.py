"""A contractor's contacts: besides the main one on the contractor, as many as the firm deals with (the office,
the site foreman, the accounts department). Read with the contractor (same reach), managed by the syndic."""
from __future__ import annotations

from typing import Any
from uuid import UUID

import asyncpg

from domain.access import Actor, require
from domain.errors import NotFound
from domain.maintenance.contractors import get_contractor
from domain.parse import Fields, given
from domain.platform.audit import record
from queries.maintenance import contacts as q
from queries.maintenance import contractors as qc
from queries.maintenance.contacts import Contact

__all__ = ["Contact"]


async def contacts_of(conn: asyncpg.Connection, actor: Actor, contractor_id: UUID) -> list[Contact]:
    """The contacts of a contractor the actor sees."""
    contractor = await get_contractor(conn, actor, contractor_id)
    return await q.of_contractor(conn, contractor.organization_id, contractor.id)


async def add_contact(conn: asyncpg.Connection, actor: Actor, contractor_id: UUID, data: Any) -> Contact:
    """Add a contact to a contractor (the syndic): a name, and what they do, an e-mail, a phone."""
    member = require(actor, "contractor.manage")
    f = Fields(data, allowed={"name", "role", "email", "phone"})
    name, role = f.text("name", required=True), f.text("role", max_len=100)
    email, phone = f.email("email"), f.text("phone", max_len=40)
    f.done()
    async with conn.transaction():
        if await qc.lock(conn, member.org_id, contractor_id) is None:
            raise NotFound("contractor", contractor_id)
        made = await q.insert(conn, member.org_id, contractor_id, given(name), role, email, phone)
        await record(conn, member, "add_contact", "contractor", contractor_id, None, made)
    return made


async def remove_contact(conn: asyncpg.Connection, actor: Actor, contractor_id: UUID, contact_id: UUID) -> None:
    """Remove one of a contractor's contacts (the syndic)."""
    member = require(actor, "contractor.manage")
    async with conn.transaction():
        gone = await q.delete(conn, member.org_id, contractor_id, contact_id)
        if gone is None:
            raise NotFound("contact", contact_id)
        await record(conn, member, "remove_contact", "contractor", contractor_id, gone, None)
