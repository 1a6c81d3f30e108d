"""Accounts and access: passwords, sessions and bearer tokens, roles, invitations, organisations."""
from __future__ import annotations

import hashlib
import logging
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from uuid import UUID

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.platform.audit import record
from domain.errors import Forbidden, Invalid, NotFound, TooManyAttempts, Unauthorized
from domain.i18n import _
from domain.parse import Fields
from queries.platform import users as q

log = logging.getLogger("koprogo.auth")
ROLES = ("syndic", "accountant", "board_member", "owner")
SESSION_TTL = timedelta(days=14)
BEARER_TTL = timedelta(days=30)
INVITATION_TTL = timedelta(days=7)
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 30
RETRY_AFTER_SECONDS = 900

# argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): the library's default (64 MiB,
# 4 lanes) put a 64 MB spike in a worker's memory on every login, beyond the 120 MB a worker may use.
# Hashes made with other parameters still verify and are re-hashed at the next login (check_needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A hash to verify against when the e-mail is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


@dataclass(frozen=True)
class Actor:
    """Who is acting: the user, their organisation and the role they act in now."""
    user_id: UUID
    email: str
    full_name: str
    org_id: UUID | None
    org_name: str | None
    role: str | None  # active role: syndic, accountant, board_member, owner, superadmin
    roles: list[str] = field(default_factory=list)
    is_superadmin: bool = False
    token_id: UUID | None = None
    locale: str = "fr"

    def require(self, *roles: str) -> None:
        """Raise Forbidden unless the active role is one of `roles`."""
        if self.role not in roles:
            raise Forbidden(_("Votre rôle actif ne permet pas cette action."))


def hash_token(token: str) -> bytes:
    """What is stored for a token: its SHA-256 (tokens are long random strings, no salt needed)."""
    return hashlib.sha256(token.encode()).digest()


def hash_password(password: str) -> str:
    """An argon2id hash."""
    return _hasher.hash(password)


def csrf_for(session_token: str) -> str:
    """The CSRF token bound to a session: derived from the secret session token, nothing to store."""
    return hashlib.sha256(b"csrf:" + session_token.encode()).hexdigest()[:32]


def _actor(row: q.TokenOwner) -> Actor:
    roles = list(row.roles) + (["superadmin"] if row.is_superadmin else [])
    return Actor(row.user_id, row.email, row.full_name, row.organization_id, row.organization_name,
                 row.active_role if row.active_role in roles else None, roles, row.is_superadmin,
                 row.token_id, row.locale)


def _default_role(pairs: list[tuple[UUID, str]], is_superadmin: bool) -> tuple[UUID | None, str | None]:
    order = {r: i for i, r in enumerate(ROLES)}
    if pairs:
        org_id = pairs[0][0]
        mine = sorted((r for o, r in pairs if o == org_id), key=order.__getitem__)
        return org_id, mine[0]
    return None, "superadmin" if is_superadmin else None


async def login(conn: asyncpg.Connection, email: str, password: str, ip: str, kind: str) -> tuple[str, Actor]:
    """Check the credentials and open a session or bearer token; returns (token, actor)."""
    email = (email or "").strip()
    if not email or not password:
        raise Invalid({k: _("Ce champ est obligatoire.") for k, v in (("email", email), ("password", password))
                       if not v})
    by_email, by_ip = await q.recent_failures(conn, email, ip, FAILURE_WINDOW)
    if by_email >= MAX_FAILURES_PER_ACCOUNT or by_ip >= MAX_FAILURES_PER_ADDRESS:
        await q.record_attempt(conn, email, ip, False)
        log.warning("login throttled for %r from %s (%d/%d recent failures)", email, ip, by_email, by_ip)
        raise TooManyAttempts(RETRY_AFTER_SECONDS)
    user = await q.user_by_email(conn, email)
    if not _verify(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        await q.record_attempt(conn, email, ip, False)
        log.info("failed login for %r from %s", email, ip)
        raise Unauthorized()
    async with conn.transaction():
        if _hasher.check_needs_rehash(user.password_hash):
            await q.set_password_hash(conn, user.id, hash_password(password))
        await q.record_attempt(conn, email, ip, True)
        org_id, role = _default_role(await q.roles_of(conn, user.id), user.is_superadmin)
        token = secrets.token_urlsafe(32)
        ttl = SESSION_TTL if kind == "session" else BEARER_TTL
        await q.insert_token(conn, hash_token(token), kind, user.id, org_id, role,
                             datetime.now(timezone.utc) + ttl)
    actor = await authenticate(conn, token, kind)
    assert actor is not None
    return token, actor


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


class TokenCache:
    """A short in-process memory of token → actor, so that most requests skip the token lookup.

    An entry lives `ttl` seconds at most (never past the token's expiry). Logout and role switches evict the
    token at once in this process; elsewhere (another worker, a change made straight in the database) the
    change is seen within `ttl` seconds. ttl 0 turns the cache off."""

    def __init__(self, ttl: float, size: int = 20_000) -> None:
        self.ttl, self.size = ttl, size
        self.suspended = False
        self._entries: dict[tuple[bytes, str], tuple[float, Actor]] = {}

    def get(self, key: tuple[bytes, str]) -> Actor | None:
        """The cached actor, if still fresh."""
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry[0] <= time.monotonic():
            self._entries.pop(key, None)
            return None
        return entry[1]

    def put(self, key: tuple[bytes, str], actor: Actor, expires_at: datetime) -> None:
        """Remember an actor for at most ttl seconds, and not past the token's expiry."""
        if self.ttl <= 0 or self.suspended:
            return
        if len(self._entries) >= self.size:
            self._entries.clear()
        left = (expires_at - datetime.now(timezone.utc)).total_seconds()
        self._entries[key] = (time.monotonic() + min(self.ttl, left), actor)

    def evict(self, token_id: UUID | None) -> None:
        """Forget every entry of one token (logout, role switch)."""
        for key in [k for k, entry in self._entries.items() if entry[1].token_id == token_id]:
            self._entries.pop(key, None)

    def evict_user(self, user_id: UUID) -> None:
        """Forget every entry of one user (a role given or taken away, the account changed)."""
        for key in [k for k, entry in self._entries.items() if entry[1].user_id == user_id]:
            self._entries.pop(key, None)

    def suspend(self) -> None:
        """Cache nothing until resume(): the process cannot hear other processes' revocations now
        (web/revocation.py, while its LISTEN connection is down)."""
        self.suspended = True
        self._entries.clear()

    def resume(self) -> None:
        """Cache again: revocations are heard."""
        self.suspended = False

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()


token_cache = TokenCache(float(os.environ.get("KOPROGO_TOKEN_CACHE_SECONDS", "5")))


async def authenticate(conn: asyncpg.Connection | None, token: str, kind: str,
                       connect: Callable[[], Awaitable[asyncpg.Connection]] | None = None) -> Actor | None:
    """The actor behind a live, unrevoked token, or None (from the short cache when fresh there; `connect`
    gives the connection lazily, so that a cached token needs none)."""
    key = (hash_token(token), kind)
    actor = token_cache.get(key)
    if actor is not None:
        return actor
    if conn is None:
        assert connect is not None
        conn = await connect()
    row = await q.token_owner(conn, key[0], kind)
    if row is None:
        return None
    actor = _actor(row)
    token_cache.put(key, actor, row.expires_at)
    return actor


async def logout(conn: asyncpg.Connection, actor: Actor) -> None:
    """Revoke the actor's current token."""
    if actor.token_id:
        await q.revoke_token(conn, actor.token_id)
        token_cache.evict(actor.token_id)


async def switch_role(conn: asyncpg.Connection, actor: Actor, role: str, org_id: UUID | None = None) -> Actor:
    """Make another of the user's roles (optionally in another of their organisations) the active one."""
    pairs = await q.roles_of(conn, actor.user_id)
    target_org = org_id or actor.org_id
    if role == "superadmin" and actor.is_superadmin:
        target_org = org_id or actor.org_id
    elif (target_org, role) not in pairs:
        raise Invalid({"role": _("Vous n'avez pas ce rôle dans cette organisation.")})
    await q.set_active(conn, actor.token_id, target_org, role)  # type: ignore[arg-type]
    token_cache.evict(actor.token_id)
    roles = [r for o, r in pairs if o == target_org] + (["superadmin"] if actor.is_superadmin else [])
    org = await q.get_organization(conn, target_org) if target_org else None
    return Actor(actor.user_id, actor.email, actor.full_name, target_org, org.name if org else None, role,
                 roles, actor.is_superadmin, actor.token_id, actor.locale)


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
        return cls(email, role)  # type: ignore[arg-type]


async def invite(conn: asyncpg.Connection, actor: Actor, data: NewInvitation) -> tuple[str, q.Invitation]:
    """A syndic invites someone into the organisation with a role; returns the single-use token."""
    actor.require("syndic")
    token = secrets.token_urlsafe(32)
    async with conn.transaction():
        inv = await q.insert_invitation(conn, actor.org_id, data.email, data.role,  # type: ignore[arg-type]
                                        hash_token(token), actor.user_id,
                                        datetime.now(timezone.utc) + INVITATION_TTL)
        await record(conn, actor, "invite", "invitation", inv.id, None,
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
        if inv is None or inv.accepted_at is not None or inv.expires_at < datetime.now(timezone.utc):
            raise NotFound("invitation")
        user = await q.user_by_email(conn, inv.email)
        if user is None:
            if errors:
                raise Invalid(errors)
            user = await q.insert_user(conn, inv.email, hash_password(password), full_name.strip())
        await q.add_membership(conn, inv.organization_id, user.id, inv.role)
        await q.mark_invitation_accepted(conn, inv.id, user.id)
    return user


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
        values = dict(name=f.text("name", True, 200), kind=f.choice("kind", ("syndic_firm", "self_managed")),
                      email=f.email("email"), phone=f.text("phone", max_len=40), address=f.text("address", max_len=300),
                      syndic_email=f.email("syndic_email", required=True))
        f.done()
        values["kind"] = values["kind"] or "syndic_firm"
        return cls(**values)  # type: ignore[arg-type]


def _require_superadmin(actor: Actor) -> None:
    if not actor.is_superadmin or actor.role != "superadmin":
        raise Forbidden(_("Réservé aux administrateurs de la plateforme."))


async def list_organizations(conn: asyncpg.Connection, actor: Actor) -> list[q.Organization]:
    """Superadmin: every organisation."""
    _require_superadmin(actor)
    return await q.list_organizations(conn)


async def create_organization(conn: asyncpg.Connection, actor: Actor,
                              data: NewOrganization) -> tuple[q.Organization, str]:
    """Superadmin: a new organisation and a single-use invitation for its first syndic."""
    _require_superadmin(actor)
    token = secrets.token_urlsafe(32)
    async with conn.transaction():
        org = await q.insert_organization(conn, data.name, data.kind, data.email, data.phone, data.address)
        inv = await q.insert_invitation(conn, org.id, data.syndic_email, "syndic", hash_token(token), actor.user_id,
                                        datetime.now(timezone.utc) + INVITATION_TTL)
        await q.insert_audit_platform(conn, org.id, actor.user_id, inv.id, data.syndic_email)
    return org, token
