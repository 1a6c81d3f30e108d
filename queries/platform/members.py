"""The organisation's members (their roles and scoped buildings), pending invitations, role changes and the
revocation of a member's access (their memberships and their tokens in the organisation)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class MemberRow:
    """One user of the organisation: their roles, the buildings their scoped roles reach today, two-factor."""
    user_id: UUID
    full_name: str
    email: str
    roles: list[str]
    buildings: list[str]  # "role:building name" of the scopes in force today
    two_factor: bool
    since: datetime


_member = reader(MemberRow)


@dataclass(frozen=True)
class PendingInvitation:
    id: UUID
    email: str
    role: str
    owner_id: UUID | None
    owner_name: str | None
    created_at: datetime
    expires_at: datetime
    expired: bool


_pending = reader(PendingInvitation)

_MEMBERS = """
SELECT u.id AS user_id, u.full_name, u.email, array_agg(m.role ORDER BY m.role) AS roles,
       coalesce((SELECT array_agg(s.role || ':' || b.name ORDER BY s.role, b.name) FROM member_buildings s
                 JOIN buildings b ON b.organization_id = s.organization_id AND b.id = s.building_id
                 WHERE s.organization_id = $1 AND s.user_id = u.id AND s.starts_on <= current_date
                   AND (s.ends_on IS NULL OR s.ends_on >= current_date)), '{}') AS buildings,
       EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.confirmed_at IS NOT NULL) AS two_factor,
       min(m.created_at) AS since
FROM memberships m JOIN users u ON u.id = m.user_id
WHERE m.organization_id = $1
GROUP BY u.id
ORDER BY lower(u.full_name), u.id
"""
_PENDING = """
SELECT i.id, i.email, i.role, i.owner_id,
       coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS owner_name,
       i.created_at, i.expires_at, i.expires_at < now() AS expired
FROM invitations i
LEFT JOIN owners o ON o.organization_id = i.organization_id AND o.id = i.owner_id
WHERE i.organization_id = $1 AND i.accepted_at IS NULL AND i.cancelled_at IS NULL
ORDER BY i.created_at DESC, i.id
"""
_GET_PENDING = ("SELECT i.id, i.email, i.role, i.owner_id, NULL::text AS owner_name, i.created_at, i.expires_at, "
                "i.expires_at < now() AS expired FROM invitations i WHERE i.organization_id = $1 AND i.id = $2 "
                "AND i.accepted_at IS NULL AND i.cancelled_at IS NULL FOR UPDATE")
_RENEW = ("UPDATE invitations SET token_hash = $3, expires_at = $4 WHERE organization_id = $1 AND id = $2 "
          "AND accepted_at IS NULL AND cancelled_at IS NULL")
_CANCEL = ("UPDATE invitations SET cancelled_at = now() WHERE organization_id = $1 AND id = $2 "
           "AND accepted_at IS NULL AND cancelled_at IS NULL")
_ROLES_OF = "SELECT array_agg(role ORDER BY role) FROM memberships WHERE organization_id = $1 AND user_id = $2"
_LOCK_USER = "SELECT pg_advisory_xact_lock(hashtextextended('members:' || $1::uuid::text, 0))"
_ADD_ROLES = ("INSERT INTO memberships (organization_id, user_id, role) SELECT $1, $2, r FROM unnest($3::text[]) r "
              "ON CONFLICT DO NOTHING")
_REMOVE_ROLES_EXCEPT = ("DELETE FROM memberships WHERE organization_id = $1 AND user_id = $2 "
                        "AND NOT role = ANY($3::text[])")
# The tokens acting in this organisation: revoking them notifies every process (migration 0161's trigger).
_REVOKE_TOKENS = ("UPDATE auth_tokens SET revoked_at = now() WHERE user_id = $2 AND organization_id = $1 "
                  "AND revoked_at IS NULL")
_OTHER_SYNDICS = ("SELECT count(*) FROM memberships WHERE organization_id = $1 AND role = 'syndic' "
                  "AND user_id <> $2")
_UNLINKED_OWNERS = """
SELECT o.id, coalesce(o.company_name, concat_ws(' ', o.first_name, o.last_name)) AS name, o.email
FROM owners o WHERE o.organization_id = $1 AND o.user_id IS NULL AND o.anonymized_at IS NULL
ORDER BY lower(coalesce(o.company_name, o.last_name)), o.id
"""
_SET_INVITATION_OWNER = "UPDATE invitations SET owner_id = $3 WHERE organization_id = $1 AND id = $2"
_SET_TWO_FACTOR_RULE = "UPDATE organizations SET require_two_factor = $2 WHERE id = $1"
_OWNER_FREE = ("SELECT email FROM owners WHERE organization_id = $1 AND id = $2 AND user_id IS NULL "
               "AND anonymized_at IS NULL")
# linked only while no account is: a record someone else was linked to meanwhile stays theirs
_LINK_OWNER = ("UPDATE owners SET user_id = $3, updated_at = now() WHERE organization_id = $1 AND id = $2 "
               "AND user_id IS NULL AND NOT EXISTS (SELECT 1 FROM owners x WHERE x.organization_id = $1 "
               "AND x.user_id = $3) RETURNING id")


@dataclass(frozen=True)
class OwnerChoice:
    id: UUID
    name: str
    email: str | None


_owner_choice = reader(OwnerChoice)


async def members(conn: asyncpg.Connection, org_id: UUID) -> list[MemberRow]:
    """The organisation's users with their roles and scopes, by name."""
    return [_member(r) for r in await conn.fetch(_MEMBERS, org_id)]


async def pending_invitations(conn: asyncpg.Connection, org_id: UUID) -> list[PendingInvitation]:
    """Invitations neither accepted nor cancelled (expired ones too: they can be sent again)."""
    return [_pending(r) for r in await conn.fetch(_PENDING, org_id)]


async def get_pending(conn: asyncpg.Connection, org_id: UUID, invitation_id: UUID) -> PendingInvitation | None:
    """One pending invitation, locked."""
    row = await conn.fetchrow(_GET_PENDING, org_id, invitation_id)
    return _pending(row) if row else None


async def renew(conn: asyncpg.Connection, org_id: UUID, invitation_id: UUID, token_hash: bytes,
                expires_at: datetime) -> None:
    """A new link for a pending invitation (the old one stops working)."""
    await conn.execute(_RENEW, org_id, invitation_id, token_hash, expires_at)


async def cancel(conn: asyncpg.Connection, org_id: UUID, invitation_id: UUID) -> bool:
    """Cancel a pending invitation; False when it was not pending."""
    return await conn.execute(_CANCEL, org_id, invitation_id) == "UPDATE 1"


async def roles_of(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> list[str]:
    """A user's roles in the organisation (empty: not a member)."""
    return list(await conn.fetchval(_ROLES_OF, org_id, user_id) or [])


async def lock_members(conn: asyncpg.Connection, org_id: UUID) -> None:
    """Serialise role changes in one organisation until the transaction ends (the last syndic stays)."""
    await conn.execute(_LOCK_USER, org_id)


async def set_roles(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, roles: list[str]) -> None:
    """Make `roles` the user's roles in the organisation (scopes of a role taken away go with it)."""
    await conn.execute(_REMOVE_ROLES_EXCEPT, org_id, user_id, roles)
    await conn.execute(_ADD_ROLES, org_id, user_id, roles)


async def revoke_tokens(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> int:
    """Revoke every live token of the user in this organisation; how many."""
    return int((await conn.execute(_REVOKE_TOKENS, org_id, user_id)).split()[-1])


async def other_syndics(conn: asyncpg.Connection, org_id: UUID, user_id: UUID) -> int:
    """How many syndics the organisation has besides this user."""
    return await conn.fetchval(_OTHER_SYNDICS, org_id, user_id)


async def unlinked_owners(conn: asyncpg.Connection, org_id: UUID) -> list[OwnerChoice]:
    """The owner records no account is linked to yet (those an owner's invitation may be for)."""
    return [_owner_choice(r) for r in await conn.fetch(_UNLINKED_OWNERS, org_id)]


async def owner_free(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID) -> bool:
    """Whether the owner record exists in the organisation with no account linked."""
    return await conn.fetchrow(_OWNER_FREE, org_id, owner_id) is not None


async def link_owner(conn: asyncpg.Connection, org_id: UUID, owner_id: UUID, user_id: UUID) -> bool:
    """Link the owner record to the account (only while unlinked, and the account linked to no other)."""
    return await conn.fetchval(_LINK_OWNER, org_id, owner_id, user_id) is not None


async def set_invitation_owner(conn: asyncpg.Connection, org_id: UUID, invitation_id: UUID, owner_id: UUID) -> None:
    """Name the owner record an owner's invitation is for."""
    await conn.execute(_SET_INVITATION_OWNER, org_id, invitation_id, owner_id)


async def set_two_factor_rule(conn: asyncpg.Connection, org_id: UUID, required: bool) -> None:
    """Whether the organisation requires a second factor of its syndics and accountants."""
    await conn.execute(_SET_TWO_FACTOR_RULE, org_id, required)
