"""Invitations: a syndic invites someone into the organisation with a role; the invitee accepts once."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import asyncpg

from domain.access import ROLES, Actor, require
from domain.errors import Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.platform.users import INVITATION_TTL, hash_password, hash_token
from queries.platform import users as q


@dataclass(frozen=True)
class NewInvitation:
    email: str
    role: str

    @classmethod
    def parse(cls, data: object) -> NewInvitation:
        """Validate an invitation form or JSON body."""
        f = Fields(data, allowed={"email", "role", "organization_id"})
        email = f.email("email", required=True)
        role = f.choice("role", ROLES, required=True)
        f.done()
        return cls(given(email), given(role))


async def invite(conn: asyncpg.Connection, actor: Actor, data: NewInvitation) -> tuple[str, q.Invitation]:
    """A syndic invites someone into the organisation with a role; returns the single-use token."""
    member = require(actor, "member.invite")
    token = secrets.token_urlsafe(32)
    async with conn.transaction():
        inv = await q.insert_invitation(conn, member.org_id, data.email, data.role,
                                        hash_token(token), member.user_id,
                                        datetime.now(UTC) + INVITATION_TTL)
        await record(conn, member, "invite", "invitation", inv.id, None,
                     {"email": data.email, "role": data.role})
    return token, inv


async def accept_invitation(conn: asyncpg.Connection, token: str, full_name: str, password: str) -> q.User:
    """Use an invitation: create the account (or reuse the one with that e-mail) and grant the role."""
    errors = {}
    if not (full_name or "").strip():
        errors["full_name"] = _("Ce champ est obligatoire.")
    if len(password or "") < 10:
        errors["password"] = _("Le mot de passe doit compter au moins 10 caractères.")
    async with conn.transaction():
        inv = await q.invitation_by_hash(conn, hash_token(token))
        if inv is None or inv.accepted_at is not None or inv.expires_at < datetime.now(UTC):
            raise NotFound("invitation")
        user = await q.user_by_email(conn, inv.email)
        if user is None:
            if errors:
                raise Invalid(errors)
            user = await q.insert_user(conn, inv.email, hash_password(password), full_name.strip())
        await q.add_membership(conn, inv.organization_id, user.id, inv.role)
        await q.mark_invitation_accepted(conn, inv.id, user.id)
    return user
