"""The organisation's members as the syndic manages them: who has access with which roles and buildings, the
invitations still pending (sent again, cancelled), roles changed, access revoked.

Revoking ends the member's sessions and API tokens in this organisation in the same transaction: the database
notifies every process (migration 0161's triggers on auth_tokens and memberships) and each one evicts the
member's cached tokens at once (web/revocation.py), so their next request is refused wherever it lands."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import asyncpg

from domain.access import ROLES, SYNDIC, Actor, require
from domain.errors import Conflict, NotFound
from domain.i18n import _
from domain.parse import Fields
from domain.platform.audit import record
from domain.platform.invitations import Compose
from domain.platform.users import INVITATION_TTL, hash_token, token_cache
from queries.platform import members as q
from queries.platform import outbox as qo
from queries.platform import users as qu


@dataclass(frozen=True)
class Members:
    """The members' page: users, pending invitations, the owners an invitation may be for, the 2FA rule."""
    members: list[q.MemberRow]
    pending: list[q.PendingInvitation]
    unlinked_owners: list[q.OwnerChoice]
    require_two_factor: bool


async def list_members(conn: asyncpg.Connection, actor: Actor) -> Members:
    """Everyone with access to the organisation, and the invitations not yet accepted."""
    member = require(actor, "member.manage")
    async with conn.transaction():
        org = await qu.get_organization(conn, member.org_id)
        return Members(await q.members(conn, member.org_id), await q.pending_invitations(conn, member.org_id),
                       await q.unlinked_owners(conn, member.org_id), bool(org and org.require_two_factor))


def parse_roles(data: object) -> list[str]:
    """The roles a member is to hold: at least one of the organisation's roles."""
    f = Fields(data, allowed={"roles"})
    raw = f.data.get("roles")
    roles = raw if isinstance(raw, list) else [raw] if isinstance(raw, str) else None
    if not roles or any(not isinstance(r, str) or r not in ROLES for r in roles):
        f.error("roles", _("Choisissez au moins un rôle parmi ceux de l'organisation."))
    f.done()
    assert roles is not None
    return sorted(set(roles))


async def change_roles(conn: asyncpg.Connection, actor: Actor, user_id: UUID, roles: list[str]) -> list[str]:
    """Give a member exactly these roles (a role taken away takes its buildings with it); the organisation
    keeps at least one syndic."""
    member = require(actor, "member.manage")
    async with conn.transaction():
        await q.lock_members(conn, member.org_id)
        before = await q.roles_of(conn, member.org_id, user_id)
        if not before:
            raise NotFound("member", user_id)
        if SYNDIC in before and SYNDIC not in roles and not await q.other_syndics(conn, member.org_id, user_id):
            raise Conflict(_("L'organisation doit garder au moins un syndic."))
        await q.set_roles(conn, member.org_id, user_id, roles)
        if set(before) - set(roles):  # a token acting in a role taken away stops at once
            await q.revoke_tokens(conn, member.org_id, user_id)
        await record(conn, member, "change_roles", "member", user_id, {"roles": before}, {"roles": roles})
    token_cache.evict_user(user_id)
    return roles


async def revoke_access(conn: asyncpg.Connection, actor: Actor, user_id: UUID) -> int:
    """Take every role away from a member and revoke their sessions and tokens in the organisation at once;
    the number of tokens revoked."""
    member = require(actor, "member.manage")
    if user_id == member.user_id:
        raise Conflict(_("Vous ne pouvez pas révoquer votre propre accès."))
    async with conn.transaction():
        await q.lock_members(conn, member.org_id)
        before = await q.roles_of(conn, member.org_id, user_id)
        if not before:
            raise NotFound("member", user_id)
        if SYNDIC in before and not await q.other_syndics(conn, member.org_id, user_id):
            raise Conflict(_("L'organisation doit garder au moins un syndic."))
        revoked = await q.revoke_tokens(conn, member.org_id, user_id)
        await q.set_roles(conn, member.org_id, user_id, [])
        await record(conn, member, "revoke", "member", user_id, {"roles": before}, {"roles": []})
    token_cache.evict_user(user_id)  # this process at once; the others hear the database's notification
    return revoked


async def resend_invitation(conn: asyncpg.Connection, actor: Actor, invitation_id: UUID, link_base: str,
                            compose: Compose) -> q.PendingInvitation:
    """E-mail a pending invitation again with a new link (the old link stops working), valid 7 days more."""
    member = require(actor, "member.manage")
    async with conn.transaction():
        inv = await q.get_pending(conn, member.org_id, invitation_id)
        org = await qu.get_organization(conn, member.org_id)
        if inv is None or org is None:
            raise NotFound("invitation", invitation_id)
        token = secrets.token_urlsafe(32)
        await q.renew(conn, member.org_id, inv.id, hash_token(token), datetime.now(UTC) + INVITATION_TTL)
        subject, body = await compose(f"{link_base.rstrip('/')}/invitations/{token}", org.name, inv.role)
        await qo.enqueue(conn, org.id, inv.email, subject, body)
        await record(conn, member, "resend", "invitation", inv.id, None, {"email": inv.email})
        after = await q.get_pending(conn, member.org_id, invitation_id)
    assert after is not None
    return after


async def cancel_invitation(conn: asyncpg.Connection, actor: Actor, invitation_id: UUID) -> None:
    """Cancel a pending invitation: its link stops working."""
    member = require(actor, "member.manage")
    async with conn.transaction():
        if not await q.cancel(conn, member.org_id, invitation_id):
            raise NotFound("invitation", invitation_id)
        await record(conn, member, "cancel", "invitation", invitation_id, None, None)


async def require_two_factor(conn: asyncpg.Connection, actor: Actor, required: bool) -> bool:
    """Turn on (or off) the organisation's rule: its syndics and accountants log in with a second factor."""
    member = require(actor, "member.manage")
    async with conn.transaction():
        await q.set_two_factor_rule(conn, member.org_id, required)
        await record(conn, member, "two_factor_rule", "organization", member.org_id, None, {"required": required})
    return required

