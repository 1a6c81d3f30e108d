"""Two-factor login with TOTP (RFC 6238): enrolment (a secret shown as a QR code, confirmed by a first code, ten
recovery codes shown once and stored as argon2 hashes), the code asked after the password (a login challenge),
turned off with a code. A code is accepted once: its time step is recorded and a code of that step or an earlier
one is refused. The secret is stored sealed (domain/platform/sealing.py: AES-GCM).
Required for syndics, accountants and platform administrators when an organisation of theirs turns it on
(domain/platform/members.require_two_factor): they enrol at their next login. The clock is an argument (`now`) for the tests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

import asyncpg
import segno

from domain.access import Actor
from domain.errors import Conflict, Invalid, NotFound
from domain.i18n import _
from domain.platform import sealing, users
from domain.rules import totp as rules
from queries.platform import sign_in as q
from queries.platform import users as qu

MAX_CHALLENGE_FAILURES = 5
WRONG_CODE = _("Code incorrect ou déjà utilisé.")


@dataclass(frozen=True)
class Enrolment:
    """What the authenticator app needs: the secret (typed by hand), its otpauth URI, the QR code as SVG."""
    secret: str
    uri: str
    qr_svg: str


@dataclass(frozen=True)
class Status:
    enabled: bool
    required: bool
    recovery_codes_left: int


def _secret(found: q.Totp) -> str:
    return sealing.unseal(found.secret, found.user_id)


async def seal_plaintext_secrets(conn: asyncpg.Connection) -> int:
    """Seal the secrets stored before sealing was introduced (start-up); how many were."""
    async with conn.transaction():
        plain = await q.plaintext_totps(conn)
        for row in plain:  # rows written before migration 0203 only: a handful, then none
            await q.reseal_totp(conn, row.user_id, row.secret, sealing.seal(row.secret, row.user_id))
    return len(plain)


def _qr(uri: str) -> str:
    return segno.make(uri, error="m").svg_inline(scale=4, dark="#111", light="#fff", title="QR")


async def status(conn: asyncpg.Connection, actor: Actor) -> Status:
    """Whether the account has a second factor, whether it must, how many recovery codes are left."""
    found = await q.totp(conn, actor.user_id)
    enabled = found is not None and found.confirmed_at is not None
    return Status(enabled, await q.two_factor_required(conn, actor.user_id),
                  await q.codes_left(conn, actor.user_id) if enabled else 0)


async def _start(conn: asyncpg.Connection, user_id: UUID, email: str) -> Enrolment:
    secret = rules.new_secret()
    if not await q.start_totp(conn, user_id, sealing.seal(secret, user_id)):
        raise Conflict(_("La double authentification est déjà activée sur ce compte."))
    uri = rules.provisioning_uri(secret, email)
    return Enrolment(secret, uri, _qr(uri))


async def start_enrolment(conn: asyncpg.Connection, actor: Actor) -> Enrolment:
    """A new secret for the account (replacing one not yet confirmed)."""
    async with conn.transaction():
        return await _start(conn, actor.user_id, actor.email)


async def pending_enrolment(conn: asyncpg.Connection, actor: Actor) -> Enrolment | None:
    """The secret being set up (not confirmed yet), shown again after a wrong first code."""
    found = await q.totp(conn, actor.user_id)
    if found is None or found.confirmed_at is not None:
        return None
    secret = _secret(found)
    uri = rules.provisioning_uri(secret, actor.email)
    return Enrolment(secret, uri, _qr(uri))


def _code_field(data: object) -> str:
    code = data.get("code") if isinstance(data, dict) else None
    if not isinstance(code, str) or not code.strip():
        raise Invalid({"code": _("Ce champ est obligatoire.")})
    if len(code) > 40:
        raise Invalid({"code": WRONG_CODE})
    return code


async def _confirm(conn: asyncpg.Connection, user_id: UUID, code: str, now: datetime) -> list[str]:
    found = await q.totp(conn, user_id, lock=True)
    if found is None:
        raise NotFound("totp")
    if found.confirmed_at is not None:
        raise Conflict(_("La double authentification est déjà activée sur ce compte."))
    step = rules.matching_step(_secret(found), code, now)
    if step is None:
        raise Invalid({"code": WRONG_CODE})
    await q.confirm_totp(conn, user_id, step)
    codes = rules.new_recovery_codes()
    await q.replace_codes(conn, user_id, [users.hash_password(c) for c in codes])
    return codes


async def confirm_enrolment(conn: asyncpg.Connection, actor: Actor, data: object,
                            now: datetime | None = None) -> list[str]:
    """A first code confirms the secret: two-factor is on; the recovery codes (shown once only)."""
    code = _code_field(data)
    async with conn.transaction():
        return await _confirm(conn, actor.user_id, code, now or datetime.now(UTC))


async def check_code(conn: asyncpg.Connection, user_id: UUID, code: str, now: datetime | None = None) -> bool:
    """Whether the code is the account's: a TOTP code of a step not used yet (then recorded), or an unused
    recovery code (then used up). In the caller's transaction."""
    found = await q.totp(conn, user_id, lock=True)
    if found is None or found.confirmed_at is None:
        return False
    step = rules.matching_step(_secret(found), code, now or datetime.now(UTC))
    if step is not None:
        return await q.use_step(conn, user_id, step)  # False: replayed
    if not rules.looks_like_recovery_code(code):
        return False
    typed = rules.normal_recovery_code(code)
    for stored in await q.unused_codes(conn, user_id):
        if users.verify_password(stored.code_hash, typed):
            return await q.use_code(conn, user_id, stored.id)
    return False


async def disable(conn: asyncpg.Connection, actor: Actor, data: object, now: datetime | None = None) -> None:
    """Turn two-factor off with a valid code (refused while an organisation of the account requires it)."""
    code = _code_field(data)
    async with conn.transaction():
        if await q.two_factor_required(conn, actor.user_id):
            raise Conflict(_("Votre organisation exige la double authentification."))
        if not await check_code(conn, actor.user_id, code, now):
            raise Invalid({"code": WRONG_CODE})
        await q.delete_totp(conn, actor.user_id)


@dataclass(frozen=True)
class Answered:
    """A challenge answered: the new token; recovery codes when the login enrolled the account."""
    token: str
    kind: str
    recovery_codes: list[str]


async def _live_challenge(conn: asyncpg.Connection, challenge: str) -> q.Challenge:
    found = await q.challenge_by_hash(conn, users.hash_token(challenge))
    if (found is None or found.used_at is not None or found.expires_at < datetime.now(UTC)
            or found.failures >= MAX_CHALLENGE_FAILURES):
        raise NotFound("login_challenge")
    return found


async def enrolment_for_challenge(conn: asyncpg.Connection, challenge: str, fresh: bool = True) -> Enrolment:
    """At login, an account that must enrol first gets its secret through the challenge (a new one, or the one
    not yet confirmed shown again after a wrong code)."""
    async with conn.transaction():
        found = await _live_challenge(conn, challenge)
        user = await qu.get_user(conn, found.user_id)
        assert user is not None
        pending = None if fresh else await q.totp(conn, user.id)
        if pending is not None and pending.confirmed_at is None:
            secret = _secret(pending)
            uri = rules.provisioning_uri(secret, user.email)
            return Enrolment(secret, uri, _qr(uri))
        return await _start(conn, user.id, user.email)


async def answer_challenge(conn: asyncpg.Connection, challenge: str, data: object,
                           now: datetime | None = None) -> Answered:
    """The code after the password: a token when right (the enrolment confirmed first when the login enrolled);
    a wrong code counts, five kill the challenge (back to the password)."""
    code = _code_field(data)
    now = now or datetime.now(UTC)
    async with conn.transaction():
        found = await _live_challenge(conn, challenge)
        second = await q.totp(conn, found.user_id, lock=True)
        codes: list[str] = []
        try:
            async with conn.transaction():
                if second is not None and second.confirmed_at is None:
                    codes = await _confirm(conn, found.user_id, code, now)
                elif not await check_code(conn, found.user_id, code, now):
                    raise Invalid({"code": WRONG_CODE})
        except Invalid:
            await q.challenge_failed(conn, found.id)
            failed = True
        else:
            failed = False
            await q.use_challenge(conn, found.id)
            user = await qu.get_user(conn, found.user_id)
            assert user is not None
            token = await users.open_token(conn, user, found.kind)
    if failed:
        raise Invalid({"code": WRONG_CODE})
    return Answered(token, found.kind, codes)
