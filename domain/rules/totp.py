"""Time-based one-time passwords (RFC 6238, through pyotp): which time step a code belongs to, so that a code is
accepted once only (a code of a step already used is a replay), and recovery codes' shape. No I/O: the clock is
an argument."""
from __future__ import annotations

import hmac
import secrets
from datetime import datetime

import pyotp

STEP_SECONDS = 30
DRIFT_STEPS = 1  # a code of the step just before or after is accepted (a phone's clock a little off)
RECOVERY_CODES = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper


def new_secret() -> str:
    """A random 160-bit secret, base32 (32 characters), as authenticator apps take it."""
    return pyotp.random_base32(32)


def step_at(moment: datetime) -> int:
    """The RFC 6238 time step of a moment (30-second steps since the Unix epoch)."""
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(secret: str, code: str, moment: datetime) -> int | None:
    """The time step (within the drift allowed around `moment`) whose code this is, or None for a wrong code."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    now = step_at(moment)
    found = None
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):  # every step compared: no timing tells which
            found = step
    return found


def provisioning_uri(secret: str, account: str, issuer: str = "KoproGo") -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).provisioning_uri(name=account, issuer_name=issuer)


def new_recovery_codes(n: int = RECOVERY_CODES) -> list[str]:
    """Single-use recovery codes, as "xxxxx-xxxxx" (about 50 bits each)."""
    return ["-".join("".join(secrets.choice(_ALPHABET) for _ in range(5)) for _ in range(2)) for _ in range(n)]


def normal_recovery_code(text: str) -> str:
    """A recovery code as typed (spaces, capitals) in its stored form."""
    plain = "".join(text.split()).lower().replace("-", "")
    return f"{plain[:5]}-{plain[5:]}" if len(plain) == 10 else plain


def looks_like_recovery_code(text: str) -> bool:
    """Whether the text has a recovery code's shape (ten letters or digits, a dash or not)."""
    plain = normal_recovery_code(text).replace("-", "")
    return len(plain) == 10 and all(c in _ALPHABET for c in plain)
