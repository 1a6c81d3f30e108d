"""Organisations: the platform's superadmin lists them and creates one with the invitation of its first syndic."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import asyncpg

from domain.access import Actor, require_platform
from domain.parse import Fields
from domain.platform.invitations import Compose, send_invitation
from queries.platform import users as q


@dataclass(frozen=True)
class Letterhead:
    """Who a document comes from: the syndic's firm and contact details, the association of co-owners it acts for
    (its name is the building's, its company number a building setting), and the syndic who signs."""
    firm: str
    address: str | None
    email: str | None
    phone: str | None
    association: str
    association_number: str | None
    city: str
    signer: str


async def letterhead(conn: asyncpg.Connection, actor: Actor, building: Any) -> Letterhead:
    """The letterhead of the actor's organisation for a building's documents, signed by the actor."""
    org = await q.get_organization(conn, actor.org_id) if actor.org_id else None
    return Letterhead(org.name if org else "", org.address if org else None, org.email if org else None,
                      org.phone if org else None, building.name, building.association_number, building.city,
                      actor.full_name)


async def my_organization(conn: asyncpg.Connection, actor: Actor) -> q.Organization | None:
    """The organisation the actor acts in (its name and contact details, e.g. the syndic's for owners)."""
    return await q.get_organization(conn, actor.org_id) if actor.org_id else None


@dataclass(frozen=True)
class NewOrganization:
    name: str
    kind: str
    email: str | None
    phone: str | None
    address: str | None
    syndic_email: str

    @classmethod
    def parse(cls, data: object) -> NewOrganization:
        """Validate a new organisation and the e-mail of its first syndic."""
        f = Fields(data, allowed={"name", "kind", "email", "phone", "address", "syndic_email"})
        values: dict[str, Any] = dict(name=f.text("name", True, 200), kind=f.choice("kind", ("syndic_firm", "self_managed")),
                      email=f.email("email"), phone=f.text("phone", max_len=40), address=f.text("address", max_len=300),
                      syndic_email=f.email("syndic_email", required=True))
        f.done()
        values["kind"] = values["kind"] or "syndic_firm"
        return cls(**values)


async def list_organizations(conn: asyncpg.Connection, actor: Actor) -> list[q.Organization]:
    """Superadmin: every organisation."""
    require_platform(actor, "organization.manage")
    return await q.list_organizations(conn)


async def create_organization(conn: asyncpg.Connection, actor: Actor, data: NewOrganization, link_base: str,
                              compose: Compose) -> q.Organization:
    """Superadmin: a new organisation; its first syndic is e-mailed a single-use invitation."""
    require_platform(actor, "organization.manage")
    async with conn.transaction():
        org = await q.insert_organization(conn, data.name, data.kind, data.email, data.phone, data.address)
        inv = await send_invitation(conn, org, data.syndic_email, "syndic", actor.user_id, link_base, compose)
        await q.insert_audit_platform(conn, org.id, actor.user_id, inv.id, data.syndic_email)
    return org
