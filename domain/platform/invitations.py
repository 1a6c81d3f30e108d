"""Invitations: a syndic invites someone into the organisation with a role; the link goes to the invitee by
e-mail (the outbox), never back to the inviter; an existing account accepts it only when logged in as itself."""
from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import asyncpg

from domain.access import OWNER, ROLES, Actor, require
from domain.errors import Forbidden, Invalid, NotFound, Unauthorized
from domain.i18n import Msg, _
from domain.parse import Fields, given
from domain.platform.audit import record
from domain.platform.users import INVITATION_TTL, hash_password, hash_token
from queries.platform import members as qm
from queries.platform import outbox as qo
from queries.platform import users as q

MIN_PASSWORD = 10
# (link, organisation's name, role) → the e-mail's (subject, body), written by the web layer in its language
Compose = Callable[[str, str, str], Awaitable[tuple[str, str]]]


@dataclass(frozen=True)
class NewInvitation:
    email: str
    role: str
    owner_id: UUID | None = None  # an owner's invitation: their owner record, linked when accepted

    @classmethod
    def parse(cls, data: object) -> NewInvitation:
        """Validate an invitation form or JSON body."""
        f = Fields(data, allowed={"email", "role", "organization_id", "owner_id"})
        email = f.email("email", required=True)
        role = f.choice("role", ROLES, required=True)
        owner_id = f.uuid("owner_id")
        if owner_id is not None and role not in (None, OWNER):
            f.error("owner_id", _("Seule l'invitation d'un copropriétaire se lie à sa fiche."))
        f.done()
        return cls(given(email), given(role), owner_id)


async def send_invitation(conn: asyncpg.Connection, org: q.Organization, email: str, role: str,
                          invited_by: UUID | None, link_base: str, compose: Compose) -> q.Invitation:
    """A single-use invitation whose link is e-mailed to `email` (in the caller's transaction)."""
    token = secrets.token_urlsafe(32)
    inv = await q.insert_invitation(conn, org.id, email, role, hash_token(token), invited_by,
                                    datetime.now(UTC) + INVITATION_TTL)
    subject, body = await compose(f"{link_base.rstrip('/')}/invitations/{token}", org.name, role)
    await qo.enqueue(conn, org.id, email, subject, body)
    return inv


async def invite(conn: asyncpg.Connection, actor: Actor, data: NewInvitation, link_base: str,
                 compose: Compose) -> q.Invitation:
    """A syndic invites someone into the organisation with a role: the link is e-mailed to them. The answer is
    the same whether or not the e-mail has an account."""
    member = require(actor, "member.invite")
    async with conn.transaction():
        org = await q.get_organization(conn, member.org_id)
        assert org is not None
        if data.owner_id is not None and not await qm.owner_free(conn, member.org_id, data.owner_id):
            raise Invalid({"owner_id": _("Ce propriétaire est inconnu ou déjà lié à un compte.")})
        inv = await send_invitation(conn, org, data.email, data.role, member.user_id, link_base, compose)
        if data.owner_id is not None:
            await qm.set_invitation_owner(conn, member.org_id, inv.id, data.owner_id)
        await record(conn, member, "invite", "invitation", inv.id, None,
                     {"email": data.email, "role": data.role, "owner_id": data.owner_id})
    return inv


@dataclass(frozen=True)
class Pending:
    """What the invitee's page shows: who is invited where, and whether the e-mail already has an account."""
    email: str
    role: str
    organization: str
    existing: bool


async def _usable(conn: asyncpg.Connection, token: str) -> q.Invitation:
    inv = await q.invitation_by_hash(conn, hash_token(token))
    if (inv is None or inv.accepted_at is not None or inv.cancelled_at is not None
            or inv.expires_at < datetime.now(UTC)):
        raise NotFound("invitation")
    return inv


async def pending_invitation(conn: asyncpg.Connection, token: str) -> Pending:
    """The invitation behind a link, for its page (NotFound when used up or expired)."""
    async with conn.transaction():
        inv = await _usable(conn, token)
        org = await q.get_organization(conn, inv.organization_id)
        user = await q.user_by_email(conn, inv.email)
    return Pending(inv.email, inv.role, org.name if org else "", user is not None)


def _new_account_errors(full_name: str, password: str) -> dict[str, Msg]:
    errors: dict[str, Msg] = {}
    if not (full_name or "").strip():
        errors["full_name"] = _("Ce champ est obligatoire.")
    if len((password or "").strip()) < MIN_PASSWORD:
        errors["password"] = _("Le mot de passe doit compter au moins 10 caractères, sans compter les espaces "
                               "au début et à la fin.")
    return errors


async def accept_invitation(conn: asyncpg.Connection, token: str, full_name: str, password: str,
                            actor: Actor | None = None) -> q.User:
    """Use an invitation: a new e-mail gets its account (name and password); an existing account only when the
    actor is that account, logged in (a password typed here proves nothing of an account in another firm)."""
    async with conn.transaction():
        inv = await _usable(conn, token)
        user = await q.user_by_email(conn, inv.email)
        if user is not None:
            if actor is None:
                raise Unauthorized()
            if actor.user_id != user.id:
                raise Forbidden(_("Cette invitation est destinée à un autre compte : connectez-vous avec "
                                  "l'adresse invitée pour l'accepter."))
        else:
            errors = _new_account_errors(full_name, password)
            if errors:
                raise Invalid(errors)
            user = await q.insert_user(conn, inv.email, hash_password(password), full_name.strip())
        await q.add_membership(conn, inv.organization_id, user.id, inv.role)
        if inv.owner_id is not None:  # the owner's portal shows their lots from the first login
            await qm.link_owner(conn, inv.organization_id, inv.owner_id, user.id)
        await q.mark_invitation_accepted(conn, inv.id, user.id)
    return user
