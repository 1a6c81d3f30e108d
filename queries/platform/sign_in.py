"""Signing in beyond the password: password-reset links, the TOTP second factor and its recovery codes, and the
login challenges between the password and the code (tables of migration 0200)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

import asyncpg

from queries.rows import reader


@dataclass(frozen=True)
class Reset:
    id: UUID
    user_id: UUID
    expires_at: datetime
    used_at: datetime | None


_reset = reader(Reset)


@dataclass(frozen=True)
class Totp:
    user_id: UUID
    secret: str
    confirmed_at: datetime | None
    last_step: int


_totp = reader(Totp)


@dataclass(frozen=True)
class Challenge:
    id: UUID
    user_id: UUID
    kind: str
    failures: int
    expires_at: datetime
    used_at: datetime | None


_challenge = reader(Challenge)


@dataclass(frozen=True)
class RecoveryCode:
    id: UUID
    code_hash: str


_recovery = reader(RecoveryCode)

_INSERT_RESET = "INSERT INTO password_resets (user_id, token_hash, expires_at) VALUES ($1, $2, $3)"
_RESET_BY_HASH = "SELECT id, user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1 FOR UPDATE"
# the link used, and every other link of the account with it
_USE_RESETS = "UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL"
_REVOKE_ALL_TOKENS = "UPDATE auth_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL"
_FIRST_ORG = "SELECT organization_id FROM memberships WHERE user_id = $1 ORDER BY created_at LIMIT 1"

_GET_TOTP = "SELECT user_id, secret, confirmed_at, last_step FROM user_totp WHERE user_id = $1"
_GET_TOTP_LOCKED = _GET_TOTP + " FOR UPDATE"
# a new secret replaces an unconfirmed one; a confirmed one stays until it is turned off
_START_TOTP = ("INSERT INTO user_totp (user_id, secret) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE "
               "SET secret = EXCLUDED.secret, last_step = 0, created_at = now() WHERE user_totp.confirmed_at IS NULL "
               "RETURNING user_id")
_CONFIRM_TOTP = "UPDATE user_totp SET confirmed_at = now(), last_step = $2 WHERE user_id = $1"
_USE_STEP = "UPDATE user_totp SET last_step = $2 WHERE user_id = $1 AND last_step < $2 RETURNING user_id"
_DELETE_TOTP = "DELETE FROM user_totp WHERE user_id = $1"
_PLAIN_TOTP = ("SELECT user_id, secret, confirmed_at, last_step FROM user_totp WHERE secret NOT LIKE 'v1:%' "
               "FOR UPDATE SKIP LOCKED")
_RESEAL_TOTP = "UPDATE user_totp SET secret = $3 WHERE user_id = $1 AND secret = $2"
_DELETE_CODES = "DELETE FROM user_recovery_codes WHERE user_id = $1"
_INSERT_CODES = "INSERT INTO user_recovery_codes (user_id, code_hash) SELECT $1, h FROM unnest($2::text[]) h"
_UNUSED_CODES = "SELECT id, code_hash FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL FOR UPDATE"
_USE_CODE = "UPDATE user_recovery_codes SET used_at = now() WHERE user_id = $1 AND id = $2 AND used_at IS NULL"
_CODES_LEFT = "SELECT count(*) FROM user_recovery_codes WHERE user_id = $1 AND used_at IS NULL"
# syndics and accountants of an organisation that requires it; a platform administrator who is a member of one
# A syndic or an accountant of an organisation requiring it; a platform administrator as soon as any organisation
# requires it, member or not: they may enter every organisation (domain/platform/users.switch_role).
_REQUIRED = """
SELECT EXISTS (SELECT 1 FROM memberships m JOIN organizations o ON o.id = m.organization_id
               WHERE m.user_id = $1 AND o.require_two_factor AND m.role IN ('syndic', 'accountant'))
    OR EXISTS (SELECT 1 FROM users u WHERE u.id = $1 AND u.is_superadmin
               AND EXISTS (SELECT 1 FROM organizations o WHERE o.require_two_factor))
"""

_INSERT_CHALLENGE = ("INSERT INTO login_challenges (user_id, token_hash, kind, expires_at) VALUES ($1, $2, $3, $4)")
_CHALLENGE_BY_HASH = ("SELECT id, user_id, kind, failures, expires_at, used_at FROM login_challenges "
                      "WHERE token_hash = $1 FOR UPDATE")
_CHALLENGE_FAILED = "UPDATE login_challenges SET failures = failures + 1 WHERE id = $1"
_USE_CHALLENGE = "UPDATE login_challenges SET used_at = now() WHERE id = $1"


async def insert_reset(conn: asyncpg.Connection, user_id: UUID, token_hash: bytes, expires_at: datetime) -> None:
    """A reset link (its hash only)."""
    await conn.execute(_INSERT_RESET, user_id, token_hash, expires_at)


async def reset_by_hash(conn: asyncpg.Connection, token_hash: bytes) -> Reset | None:
    """The reset link with this hash, locked."""
    row = await conn.fetchrow(_RESET_BY_HASH, token_hash)
    return _reset(row) if row else None


async def use_resets(conn: asyncpg.Connection, user_id: UUID) -> None:
    """Use up every reset link of the account."""
    await conn.execute(_USE_RESETS, user_id)


async def revoke_all_tokens(conn: asyncpg.Connection, user_id: UUID) -> None:
    """Revoke every session and token of the account, in every organisation."""
    await conn.execute(_REVOKE_ALL_TOKENS, user_id)


async def first_organization(conn: asyncpg.Connection, user_id: UUID) -> UUID | None:
    """The account's oldest organisation (the outbox's message belongs to one)."""
    return await conn.fetchval(_FIRST_ORG, user_id)


async def totp(conn: asyncpg.Connection, user_id: UUID, lock: bool = False) -> Totp | None:
    """The account's TOTP secret (locked when `lock`)."""
    row = await conn.fetchrow(_GET_TOTP_LOCKED if lock else _GET_TOTP, user_id)
    return _totp(row) if row else None


async def start_totp(conn: asyncpg.Connection, user_id: UUID, secret: str) -> bool:
    """Store a new, unconfirmed secret; False when a confirmed one is in place."""
    return await conn.fetchval(_START_TOTP, user_id, secret) is not None


async def confirm_totp(conn: asyncpg.Connection, user_id: UUID, step: int) -> None:
    """The secret is confirmed by a first code (of time step `step`)."""
    await conn.execute(_CONFIRM_TOTP, user_id, step)


async def use_step(conn: asyncpg.Connection, user_id: UUID, step: int) -> bool:
    """Record the time step of an accepted code; False when it (or a later one) was used already."""
    return await conn.fetchval(_USE_STEP, user_id, step) is not None


async def plaintext_totps(conn: asyncpg.Connection) -> list[Totp]:
    """The secrets stored before sealing (locked; none once every one is sealed)."""
    return [_totp(r) for r in await conn.fetch(_PLAIN_TOTP)]


async def reseal_totp(conn: asyncpg.Connection, user_id: UUID, plain: str, sealed: str) -> None:
    """Replace a plaintext secret by its sealed form (unless it changed meanwhile)."""
    await conn.execute(_RESEAL_TOTP, user_id, plain, sealed)


async def delete_totp(conn: asyncpg.Connection, user_id: UUID) -> None:
    """Turn the second factor off (secret and recovery codes)."""
    await conn.execute(_DELETE_TOTP, user_id)
    await conn.execute(_DELETE_CODES, user_id)


async def replace_codes(conn: asyncpg.Connection, user_id: UUID, hashes: list[str]) -> None:
    """New recovery codes (their hashes) instead of the old ones."""
    await conn.execute(_DELETE_CODES, user_id)
    await conn.execute(_INSERT_CODES, user_id, hashes)


async def unused_codes(conn: asyncpg.Connection, user_id: UUID) -> list[RecoveryCode]:
    """The recovery codes not used yet, locked."""
    return [_recovery(r) for r in await conn.fetch(_UNUSED_CODES, user_id)]


async def use_code(conn: asyncpg.Connection, user_id: UUID, code_id: UUID) -> bool:
    """Use up one recovery code."""
    return await conn.execute(_USE_CODE, user_id, code_id) == "UPDATE 1"


async def codes_left(conn: asyncpg.Connection, user_id: UUID) -> int:
    """How many recovery codes are left."""
    return await conn.fetchval(_CODES_LEFT, user_id)


async def two_factor_required(conn: asyncpg.Connection, user_id: UUID) -> bool:
    """Whether the account must log in with a second factor (see _REQUIRED)."""
    return await conn.fetchval(_REQUIRED, user_id)


async def insert_challenge(conn: asyncpg.Connection, user_id: UUID, token_hash: bytes, kind: str,
                           expires_at: datetime) -> None:
    """A login waiting for its code."""
    await conn.execute(_INSERT_CHALLENGE, user_id, token_hash, kind, expires_at)


async def challenge_by_hash(conn: asyncpg.Connection, token_hash: bytes) -> Challenge | None:
    """The login challenge with this hash, locked."""
    row = await conn.fetchrow(_CHALLENGE_BY_HASH, token_hash)
    return _challenge(row) if row else None


async def challenge_failed(conn: asyncpg.Connection, challenge_id: UUID) -> None:
    """Count a wrong code against the challenge."""
    await conn.execute(_CHALLENGE_FAILED, challenge_id)


async def use_challenge(conn: asyncpg.Connection, challenge_id: UUID) -> None:
    """The challenge is answered: it cannot be used again."""
    await conn.execute(_USE_CHALLENGE, challenge_id)
