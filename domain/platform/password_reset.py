"""Password reset by e-mail: a single-use link valid one hour, only its hash stored; the same answer whether the
address has an account or not; asking is throttled like a login (per address and e-mail). Setting the new
password uses up every link of the account and ends all its sessions and tokens."""
from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import asyncpg

from domain.errors import Invalid, NotFound
from domain.i18n import _
from domain.parse import Fields, given
from domain.platform import users
from domain.platform.invitations import MIN_PASSWORD
from queries.platform import outbox as qo
from queries.platform import sign_in as q
from queries.platform import users as qu

log = logging.getLogger("koprogo.auth")
RESET_TTL = timedelta(hours=1)
# (link, the account's name) → the e-mail's (subject, body), written by the web layer in the reader's language
Compose = Callable[[str, str], Awaitable[tuple[str, str]]]


def parse_request(data: object) -> str:
    """The e-mail a reset is asked for."""
    f = Fields(data, allowed={"email"})
    email = f.email("email", required=True)
    f.done()
    return given(email)


async def ask_reset(conn: asyncpg.Connection, email: str, ip: str, link_base: str, compose: Compose) -> None:
    """E-mail a reset link to the account with this address, if there is one; nothing says whether there is."""
    await users.claim_attempt(conn, f"reset:{email}", ip)
    async with conn.transaction():
        user = await qu.user_by_email(conn, email)
        org_id = await q.first_organization(conn, user.id) if user else None
        if user is None or org_id is None:  # the outbox's messages belong to an organisation
            log.info("password reset asked for %r from %s: no account to mail", email, ip)
            return
        token = secrets.token_urlsafe(32)
        await q.insert_reset(conn, user.id, users.hash_token(token), datetime.now(UTC) + RESET_TTL)
        subject, body = await compose(f"{link_base.rstrip('/')}/password-reset/{token}", user.full_name)
        await qo.enqueue(conn, org_id, user.email, subject, body)


async def check_link(conn: asyncpg.Connection, token: str) -> None:
    """NotFound unless the link is live (for its page)."""
    reset = await q.reset_by_hash(conn, users.hash_token(token))
    if reset is None or reset.used_at is not None or reset.expires_at < datetime.now(UTC):
        raise NotFound("password_reset")


async def reset_password(conn: asyncpg.Connection, token: str, password: str) -> qu.User:
    """Set the new password through a live link: the link and every other is used up, every session ends."""
    if len((password or "").strip()) < MIN_PASSWORD:
        raise Invalid({"password": _("Le mot de passe doit compter au moins 10 caractères, sans compter les "
                                     "espaces au début et à la fin.")})
    async with conn.transaction():
        reset = await q.reset_by_hash(conn, users.hash_token(token))
        if reset is None or reset.used_at is not None or reset.expires_at < datetime.now(UTC):
            raise NotFound("password_reset")
        await qu.set_password_hash(conn, reset.user_id, users.hash_password(password))
        await q.use_resets(conn, reset.user_id)
        await q.revoke_all_tokens(conn, reset.user_id)
        user = await qu.get_user(conn, reset.user_id)
    users.token_cache.evict_user(reset.user_id)
    assert user is not None
    return user
