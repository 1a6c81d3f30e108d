"""Secrets kept encrypted at rest (a TOTP secret: the server must read it back to check a code, so it cannot be
hashed): AES-256-GCM with a 96-bit random nonce, the row's owner (the user id) as associated data so that a
sealed secret copied onto another account does not open. Stored as `v1:` + base64url(nonce ‖ ciphertext ‖ tag).

The key (32 bytes, base64) is installed once per process by the web layer (`use_key`, from KOPROGO_SECRET_KEY,
or in development a key file under var/); a process that installed none (the tests' domain calls) uses a key of
its own, which lives as long as it does."""
from __future__ import annotations

import base64
import binascii
import os
from uuid import UUID

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "v1:"
_key: list[bytes] = []


class BadKey(ValueError):
    """The key given is not 32 bytes of base64."""


def parse_key(text: str) -> bytes:
    """A key as configured: base64 (standard or URL-safe) of exactly 32 bytes."""
    try:
        raw = base64.urlsafe_b64decode(text.strip().replace("+", "-").replace("/", "_").encode())
    except (binascii.Error, ValueError):
        raise BadKey("not base64") from None
    if len(raw) != 32:
        raise BadKey(f"{len(raw)} bytes, want 32")
    return raw


def new_key() -> str:
    """A fresh key, as it is written in the settings."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def use_key(key: bytes) -> None:
    """Install the process's key."""
    _key[:] = [key]


def _aes() -> AESGCM:
    if not _key:
        _key.append(AESGCM.generate_key(bit_length=256))
    return AESGCM(_key[0])


def seal(secret: str, owner: UUID) -> str:
    """The secret encrypted for storage."""
    nonce = os.urandom(12)
    sealed = _aes().encrypt(nonce, secret.encode(), owner.bytes)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def is_sealed(stored: str) -> bool:
    """Whether a stored value is sealed (rows written before sealing hold the secret itself)."""
    return stored.startswith(PREFIX)


def unseal(stored: str, owner: UUID) -> str:
    """The secret back (a value stored before sealing is returned as it is); ValueError when the key or the
    owner does not match."""
    if not is_sealed(stored):
        return stored
    body = stored[len(PREFIX):]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        return _aes().decrypt(raw[:12], raw[12:], owner.bytes).decode()
    except InvalidTag:
        raise ValueError("sealed secret does not open with this key for this account") from None
