"""Users: passwords, login, sessions and bearer tokens, the active role."""
from __future__ import annotations

import hashlib
import logging
import math
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from uuid import UUID

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from domain.access import ROLES, Actor, scope_of
from domain.errors import Invalid, TooManyAttempts, Unauthorized
from domain.i18n import _
from queries.platform import sign_in as qs
from queries.platform import users as q

log = logging.getLogger("koprogo.auth")
SESSION_TTL = timedelta(days=14)
BEARER_TTL = timedelta(days=30)
INVITATION_TTL = timedelta(days=7)
FAILURE_WINDOW = timedelta(hours=1)  # failures older than this are forgotten


@dataclass(frozen=True)
class Delay:
    """An exponential delay: `free` failures without any, then base × 2^(n − free) seconds after the latest,
    at most `cap`."""
    free: int
    base: float
    cap: float

    def after(self, failures: int) -> float:
        """Seconds to wait after the latest of `failures` failures."""
        return 0.0 if failures < self.free else min(self.base * 2 ** (failures - self.free), self.cap)


# The account from this address (a password guesser at one place); the account from anywhere, for devices that
# never logged in to it (guessing from many places; the owner's known devices are not slowed); the address on any
# account (one place trying many accounts).
PAIR_DELAY = Delay(free=3, base=2, cap=900)
ACCOUNT_DELAY = Delay(free=10, base=2, cap=900)
ADDRESS_DELAY = Delay(free=30, base=1, cap=900)


def wait_for(state: q.ThrottleState) -> float:
    """Seconds before this account and address may try a password again (0: now)."""
    ready = state.now
    for failures, last, delay in ((state.pair_failures, state.pair_last, PAIR_DELAY),
                                  (state.address_failures, state.address_last, ADDRESS_DELAY),
                                  (0 if state.known_device else state.account_failures, state.account_last,
                                   ACCOUNT_DELAY)):
        if last is not None and failures:
            ready = max(ready, last + timedelta(seconds=delay.after(failures)))
    return (ready - state.now).total_seconds()

# argon2id at OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): the library's default (64 MiB,
# 4 lanes) put a 64 MB spike in a worker's memory on every login, beyond the 120 MB a worker may use.
# Hashes made with other parameters still verify and are re-hashed at the next login (check_needs_rehash).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A hash to verify against when the e-mail is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


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
    role = row.active_role if row.active_role in roles else None
    return Actor(row.user_id, row.email, row.full_name, row.organization_id, row.organization_name, role, roles,
                 row.is_superadmin, row.token_id, row.locale, scope_of(role, row.listed_buildings))


def _default_role(pairs: list[tuple[UUID, str]], is_superadmin: bool) -> tuple[UUID | None, str | None]:
    order = {r: i for i, r in enumerate(ROLES)}
    if pairs:
        org_id = pairs[0][0]
        mine = sorted((r for o, r in pairs if o == org_id), key=order.__getitem__)
        return org_id, mine[0]
    return None, "superadmin" if is_superadmin else None


class CodeRequired(Exception):
    """The password was right and the account logs in with a second factor: the browser asks the code through
    the challenge (`enrol`: the account must first set one up, its organisation requiring it)."""

    def __init__(self, challenge: str, enrol: bool) -> None:
        super().__init__("second factor required")
        self.challenge, self.enrol = challenge, enrol


CHALLENGE_TTL = timedelta(minutes=5)


async def login(conn: asyncpg.Connection, email: str, password: str, ip: str, kind: str,
                code: Callable[[q.User], Awaitable[bool]] | None = None) -> tuple[str, Actor]:
    """Check the credentials and open a session or bearer token; returns (token, actor). An account with a
    second factor (or whose organisation requires one) gets CodeRequired with a challenge instead, unless
    `code` is given (the API's one-step login) and accepts the account's code; a wrong code counts as a failed
    attempt."""
    email = (email or "").strip()
    if not email or not password:
        raise Invalid({k: _("Ce champ est obligatoire.") for k, v in (("email", email), ("password", password))
                       if not v})
    attempt = await _claim_attempt(conn, email, ip)
    user = await q.user_by_email(conn, email)
    if not _verify(user.password_hash if user else _DUMMY_HASH, password) or user is None:
        log.info("failed login for %r from %s", email, ip)
        raise Unauthorized()
    async with conn.transaction():
        if _hasher.check_needs_rehash(user.password_hash):
            await q.set_password_hash(conn, user.id, hash_password(password))
        second = await qs.totp(conn, user.id)
        enrolled = second is not None and second.confirmed_at is not None
        challenge = None
        if enrolled or await qs.two_factor_required(conn, user.id):
            if code is None or not enrolled:
                challenge = secrets.token_urlsafe(32)
                await qs.insert_challenge(conn, user.id, hash_token(challenge), kind,
                                          datetime.now(UTC) + CHALLENGE_TTL)
            elif not await code(user):
                log.info("wrong second factor for %r from %s", email, ip)
                raise Unauthorized("code")
        if challenge is None:
            await q.attempt_succeeded(conn, attempt)
            token = await open_token(conn, user, kind)
    if challenge is not None:
        raise CodeRequired(challenge, not enrolled)
    actor = await authenticate(conn, token, kind)
    assert actor is not None
    return token, actor


async def open_token(conn: asyncpg.Connection, user: q.User, kind: str) -> str:
    """A new session or bearer token for the account, in its first organisation and role (the token itself)."""
    org_id, role = _default_role(await q.roles_of(conn, user.id), user.is_superadmin)
    token = secrets.token_urlsafe(32)
    ttl = SESSION_TTL if kind == "session" else BEARER_TTL
    await q.insert_token(conn, hash_token(token), kind, user.id, org_id, role, datetime.now(UTC) + ttl)
    return token


async def _claim_attempt(conn: asyncpg.Connection, email: str, ip: str) -> int:
    """Under the account's and the address's locks: refuse while a delay runs (logged, not counted), else record
    the attempt as a failure before its password is checked (login() turns it into a success), so that parallel
    attempts each see the others."""
    async with conn.transaction():
        await q.lock_attempts(conn, email, ip)
        wait = wait_for(await q.throttle_state(conn, email, ip, FAILURE_WINDOW))
        if wait <= 0:
            return await q.record_attempt(conn, email, ip, False)
        await q.record_attempt(conn, email, ip, False, throttled=True)
    log.warning("login throttled for %r from %s: %.0f s to wait", email, ip, wait)
    raise TooManyAttempts(max(1, math.ceil(wait)))


async def claim_attempt(conn: asyncpg.Connection, key: str, ip: str) -> int:
    """The login throttle for another kind of attempt (a reset asked for `reset:<e-mail>`): TooManyAttempts
    while a delay runs, else the attempt recorded; its id."""
    return await _claim_attempt(conn, key, ip)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether the text matches an argon2 hash (a password, a recovery code)."""
    return _verify(password_hash, password)


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
        left = (expires_at - datetime.now(UTC)).total_seconds()
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
    if actor.token_id is not None:
        await q.set_active(conn, actor.token_id, target_org, role)
    token_cache.evict(actor.token_id)
    roles = [r for o, r in pairs if o == target_org] + (["superadmin"] if actor.is_superadmin else [])
    org = await q.get_organization(conn, target_org) if target_org else None
    listed = await q.listed_buildings(conn, target_org, actor.user_id, role) if target_org else None
    return Actor(actor.user_id, actor.email, actor.full_name, target_org, org.name if org else None, role,
                 roles, actor.is_superadmin, actor.token_id, actor.locale, scope_of(role, listed))
