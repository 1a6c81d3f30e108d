"""Organisations, users, memberships, auth tokens, invitations and login attempts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

import asyncpg
from pypika import PostgreSQLQuery as Q
from pypika import Table
from pypika import functions as fn
from pypika.terms import Star

from queries.rows import reader
from queries.sql import on_conflict_do_nothing, one, p, returning

organizations = Table("organizations")
users = Table("users")
memberships = Table("memberships")
auth_tokens = Table("auth_tokens")
invitations = Table("invitations")
login_attempts = Table("login_attempts")



@dataclass(frozen=True)
class Organization:
    id: UUID
    name: str
    kind: str
    email: str | None
    phone: str | None
    address: str | None
    created_at: datetime
    require_two_factor: bool  # its syndics and accountants log in with a second factor


_organization = reader(Organization)


@dataclass(frozen=True)
class User:
    id: UUID
    email: str
    password_hash: str
    full_name: str
    locale: str
    is_superadmin: bool
    created_at: datetime


_user = reader(User)


@dataclass(frozen=True)
class TokenOwner:
    """What one auth-token lookup returns: the token, its user and their roles in the token's organisation."""
    token_id: UUID
    kind: str
    user_id: UUID
    email: str
    full_name: str
    locale: str
    is_superadmin: bool
    organization_id: UUID | None
    organization_name: str | None
    active_role: str | None
    roles: list[str]
    expires_at: datetime
    listed_buildings: list[UUID] | None  # an accountant's or board member's buildings today (access.scope_of)


_token_owner = reader(TokenOwner)


@dataclass(frozen=True)
class Invitation:
    id: UUID
    organization_id: UUID
    email: str
    role: str
    token_hash: bytes
    invited_by: UUID | None
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None
    accepted_user_id: UUID | None
    cancelled_at: datetime | None
    owner_id: UUID | None  # an owner's invitation: the owner record the account is linked to


_invitation = reader(Invitation)


_INSERT_ORG = (returning(Q.into(organizations).columns("name", "kind", "email", "phone", "address")
               .insert(p(1), p(2), p(3), p(4), p(5)), Star()).get_sql())
_LIST_ORGS = Q.from_(organizations).select(Star()).orderby(organizations.name).get_sql()
_AUDIT_PLATFORM = ("INSERT INTO audit_log (organization_id, user_id, role, action, entity, entity_id, after) "
                   "VALUES ($1, $2, 'superadmin', 'create', 'organization', $1, "
                   "jsonb_build_object('syndic_invitation', $3::uuid, 'email', $4::text))")
_GET_ORG = Q.from_(organizations).select(Star()).where(organizations.id == p(1)).get_sql()
_INSERT_USER = (returning(Q.into(users).columns("email", "password_hash", "full_name", "locale", "is_superadmin")
                .insert(p(1), p(2), p(3), p(4), p(5)), Star()).get_sql())
_USER_BY_EMAIL = Q.from_(users).select(Star()).where(fn.Lower(users.email) == fn.Lower(p(1))).get_sql()
_GET_USER = Q.from_(users).select(Star()).where(users.id == p(1)).get_sql()
_SET_PASSWORD = Q.update(users).set(users.password_hash, p(2)).where(users.id == p(1)).get_sql()
_ADD_MEMBERSHIP = (on_conflict_do_nothing(Q.into(memberships).columns("organization_id", "user_id", "role")
                   .insert(p(1), p(2), p(3))).get_sql())
_ROLES = (Q.from_(memberships).select(memberships.organization_id, memberships.role)
          .where(memberships.user_id == p(1)).orderby(memberships.created_at).get_sql())
_INSERT_TOKEN = (returning(Q.into(auth_tokens)
                 .columns("token_hash", "kind", "user_id", "organization_id", "active_role", "expires_at")
                 .insert(p(1), p(2), p(3), p(4), p(5), p(6)), auth_tokens.id).get_sql())
# One indexed lookup per request: the token, its user, the roles held in the token's organisation.
_TOKEN_OWNER = """
SELECT t.id AS token_id, t.kind, u.id AS user_id, u.email, u.full_name, u.locale, u.is_superadmin,
       t.organization_id, o.name AS organization_name, t.active_role, t.expires_at,
       coalesce((SELECT array_agg(m.role ORDER BY m.role) FROM memberships m
                 WHERE m.user_id = u.id AND m.organization_id = t.organization_id), '{}') AS roles,
       (SELECT array_agg(mb.building_id ORDER BY mb.building_id) FROM member_buildings mb
         WHERE mb.organization_id = t.organization_id AND mb.user_id = u.id AND mb.role = t.active_role
           AND mb.starts_on <= current_date AND (mb.ends_on IS NULL OR mb.ends_on >= current_date))
         AS listed_buildings
FROM auth_tokens t
JOIN users u ON u.id = t.user_id
LEFT JOIN organizations o ON o.id = t.organization_id
WHERE t.token_hash = $1 AND t.kind = $2 AND t.revoked_at IS NULL AND t.expires_at > now()
"""
_REVOKE_TOKEN = (Q.update(auth_tokens).set(auth_tokens.revoked_at, fn.Now())
                 .where((auth_tokens.id == p(1)) & auth_tokens.revoked_at.isnull()).get_sql())
_SET_ACTIVE = (Q.update(auth_tokens).set(auth_tokens.organization_id, p(2)).set(auth_tokens.active_role, p(3))
               .where(auth_tokens.id == p(1)).get_sql())
# stamped with the clock, not the transaction's start: attempts within one transaction keep their order
_INSERT_ATTEMPT = ("INSERT INTO login_attempts (email, ip, succeeded, throttled, at) "
                   "VALUES ($1, $2, $3, $4, clock_timestamp()) RETURNING id")
_ATTEMPT_SUCCEEDED = "UPDATE login_attempts SET succeeded = true WHERE id = $1"
# Two transaction-scoped advisory locks, the account's then the address's (always in that order, so two logins
# never wait on each other in a cycle): the count read next and the attempt then recorded are one step.
_LOCK_ATTEMPTS = ("SELECT pg_advisory_xact_lock(hashtextextended('login:' || lower($1), 0)), "
                  "pg_advisory_xact_lock(hashtextextended('login-ip:' || $2, 0))")
# Failures that were checked (never those the throttle refused) within the window, each since the last success:
# of the account from this address, of the account from anywhere, and from this address on any account; the
# latest failure of each; whether this address ever logged in to the account (a known device).
_THROTTLE_STATE = """
WITH recent AS (
  SELECT lower(email) = lower($1) AS mine, ip = $2 AS here, succeeded, at FROM login_attempts
  WHERE (lower(email) = lower($1) OR ip = $2) AND NOT throttled AND at > now() - $3::interval
), since AS (
  SELECT coalesce(max(at) FILTER (WHERE succeeded AND mine AND here), '-infinity') AS pair,
         coalesce(max(at) FILTER (WHERE succeeded AND mine), '-infinity') AS account
  FROM recent
)
SELECT clock_timestamp() AS now,
  count(*) FILTER (WHERE mine AND here AND NOT succeeded AND at > (SELECT pair FROM since)) AS pair_failures,
  max(at) FILTER (WHERE mine AND here AND NOT succeeded AND at > (SELECT pair FROM since)) AS pair_last,
  count(*) FILTER (WHERE mine AND NOT succeeded AND at > (SELECT account FROM since)) AS account_failures,
  max(at) FILTER (WHERE mine AND NOT succeeded AND at > (SELECT account FROM since)) AS account_last,
  count(*) FILTER (WHERE here AND NOT succeeded) AS address_failures,
  max(at) FILTER (WHERE here AND NOT succeeded) AS address_last,
  EXISTS (SELECT 1 FROM login_attempts k WHERE lower(k.email) = lower($1) AND k.ip = $2 AND k.succeeded
          AND k.at > now() - interval '180 days') AS known_device
FROM recent
"""
_INSERT_INVITATION = (returning(Q.into(invitations)
                      .columns("organization_id", "email", "role", "token_hash", "invited_by", "expires_at")
                      .insert(p(1), p(2), p(3), p(4), p(5), p(6)), Star()).get_sql())
_INVITATION_BY_HASH = (Q.from_(invitations).select(Star()).where(invitations.token_hash == p(1))
                       .for_update().get_sql())
_ACCEPT_INVITATION = (Q.update(invitations).set(invitations.accepted_at, fn.Now())
                      .set(invitations.accepted_user_id, p(2)).where(invitations.id == p(1)).get_sql())


async def insert_organization(conn: asyncpg.Connection, name: str, kind: str = "syndic_firm",
                              email: str | None = None, phone: str | None = None,
                              address: str | None = None) -> Organization:
    """A new organisation."""
    return Organization(**await one(conn, _INSERT_ORG, name, kind, email, phone, address))


async def list_organizations(conn: asyncpg.Connection) -> list[Organization]:
    """Every organisation, by name (platform administration)."""
    return [_organization(r) for r in await conn.fetch(_LIST_ORGS)]


async def insert_audit_platform(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, invitation_id: UUID,
                                email: str) -> None:
    """Audit the creation of an organisation by the platform administrator."""
    await conn.execute(_AUDIT_PLATFORM, org_id, user_id, invitation_id, email)


async def get_organization(conn: asyncpg.Connection, org_id: UUID) -> Organization | None:
    """One organisation."""
    row = await conn.fetchrow(_GET_ORG, org_id)
    return _organization(row) if row else None


async def insert_user(conn: asyncpg.Connection, email: str, password_hash: str, full_name: str,
                      locale: str = "fr", is_superadmin: bool = False) -> User:
    """A new user account."""
    return User(**await one(conn, _INSERT_USER, email, password_hash, full_name, locale, is_superadmin))


async def user_by_email(conn: asyncpg.Connection, email: str) -> User | None:
    """The account with this e-mail, case-insensitively."""
    row = await conn.fetchrow(_USER_BY_EMAIL, email)
    return _user(row) if row else None


async def get_user(conn: asyncpg.Connection, user_id: UUID) -> User | None:
    """One account."""
    row = await conn.fetchrow(_GET_USER, user_id)
    return _user(row) if row else None


async def set_password_hash(conn: asyncpg.Connection, user_id: UUID, password_hash: str) -> None:
    """Store a new (or re-hashed) password hash."""
    await conn.execute(_SET_PASSWORD, user_id, password_hash)


async def add_membership(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, role: str) -> None:
    """Give a user a role in an organisation (idempotent)."""
    await conn.execute(_ADD_MEMBERSHIP, org_id, user_id, role)


async def roles_of(conn: asyncpg.Connection, user_id: UUID) -> list[tuple[UUID, str]]:
    """(organisation, role) pairs of a user, oldest first."""
    return [(r["organization_id"], r["role"]) for r in await conn.fetch(_ROLES, user_id)]


async def insert_token(conn: asyncpg.Connection, token_hash: bytes, kind: str, user_id: UUID,
                       org_id: UUID | None, active_role: str | None, expires_at: datetime) -> UUID:
    """Store a session or bearer token (its hash only)."""
    return await conn.fetchval(_INSERT_TOKEN, token_hash, kind, user_id, org_id, active_role, expires_at)


async def token_owner(conn: asyncpg.Connection, token_hash: bytes, kind: str) -> TokenOwner | None:
    """The live token with this hash, its user and roles."""
    row = await conn.fetchrow(_TOKEN_OWNER, token_hash, kind)
    return _token_owner(row) if row else None


_LISTED_BUILDINGS = """
SELECT array_agg(building_id ORDER BY building_id) FROM member_buildings
WHERE organization_id = $1 AND user_id = $2 AND role = $3
  AND starts_on <= current_date AND (ends_on IS NULL OR ends_on >= current_date)
"""


async def listed_buildings(conn: asyncpg.Connection, org_id: UUID, user_id: UUID, role: str) -> list[UUID] | None:
    """The buildings a member's role is limited to today (a board's mandates, an accountant's assignment)."""
    return await conn.fetchval(_LISTED_BUILDINGS, org_id, user_id, role)


async def revoke_token(conn: asyncpg.Connection, token_id: UUID) -> None:
    """Revoke a token now."""
    await conn.execute(_REVOKE_TOKEN, token_id)


async def set_active(conn: asyncpg.Connection, token_id: UUID, org_id: UUID | None, role: str | None) -> None:
    """Change a token's active organisation and role."""
    await conn.execute(_SET_ACTIVE, token_id, org_id, role)


@dataclass(frozen=True)
class ThrottleState:
    """What the throttle decides from: checked failures and the latest of each, per pair, account, address."""
    now: datetime
    pair_failures: int
    pair_last: datetime | None
    account_failures: int
    account_last: datetime | None
    address_failures: int
    address_last: datetime | None
    known_device: bool


_throttle_state = reader(ThrottleState)


async def record_attempt(conn: asyncpg.Connection, email: str, ip: str, succeeded: bool,
                         throttled: bool = False) -> int:
    """Log one login attempt; its id."""
    return await conn.fetchval(_INSERT_ATTEMPT, email, ip, succeeded, throttled)


async def attempt_succeeded(conn: asyncpg.Connection, attempt_id: int) -> None:
    """Mark an attempt (recorded as failed before its password was checked) as a success."""
    await conn.execute(_ATTEMPT_SUCCEEDED, attempt_id)


async def lock_attempts(conn: asyncpg.Connection, email: str, ip: str) -> None:
    """Serialise the logins of one account, and of one address, until the transaction ends."""
    await conn.execute(_LOCK_ATTEMPTS, email, ip)


async def throttle_state(conn: asyncpg.Connection, email: str, ip: str, window: timedelta) -> ThrottleState:
    """The recent attempts on this account and from this address, as the throttle reads them."""
    return _throttle_state(await one(conn, _THROTTLE_STATE, email, ip, window))


async def insert_invitation(conn: asyncpg.Connection, org_id: UUID, email: str, role: str, token_hash: bytes,
                            invited_by: UUID | None, expires_at: datetime) -> Invitation:
    """A new single-use invitation."""
    row = await one(conn, _INSERT_INVITATION, org_id, email, role, token_hash, invited_by, expires_at)
    return _invitation(row)


async def invitation_by_hash(conn: asyncpg.Connection, token_hash: bytes) -> Invitation | None:
    """The invitation with this token hash, locked for acceptance."""
    row = await conn.fetchrow(_INVITATION_BY_HASH, token_hash)
    return _invitation(row) if row else None


async def mark_invitation_accepted(conn: asyncpg.Connection, invitation_id: UUID, user_id: UUID) -> None:
    """Use up an invitation."""
    await conn.execute(_ACCEPT_INVITATION, invitation_id, user_id)
