"""TOTP codes (RFC 6238, SHA-1, 30-second steps): the RFC's own test vector, the drift allowed, the step a code
belongs to (what replay protection records), recovery codes' shape."""
from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pyotp

from domain.rules import totp

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()  # RFC 6238 appendix B, SHA-1


def test_the_rfc_6238_vector() -> None:
    moment = datetime.fromtimestamp(59, UTC)
    # the RFC's 8-digit 94287082 at T=59s: its last six digits
    assert pyotp.TOTP(RFC_SECRET).at(moment) == "287082"
    assert totp.matching_step(RFC_SECRET, "287082", moment) == 1
    later = datetime.fromtimestamp(1111111109, UTC)  # RFC: 07081804
    assert totp.matching_step(RFC_SECRET, "081804", later) == totp.step_at(later)


def test_one_step_of_drift_and_no_more() -> None:
    secret = totp.new_secret()
    now = datetime(2026, 12, 2, 8, 0, 15, tzinfo=UTC)
    code = pyotp.TOTP(secret).at(now)
    assert totp.matching_step(secret, code, now + timedelta(seconds=30)) == totp.step_at(now)
    assert totp.matching_step(secret, code, now - timedelta(seconds=30)) == totp.step_at(now)
    assert totp.matching_step(secret, code, now + timedelta(seconds=90)) is None


def test_wrong_and_malformed_codes() -> None:
    secret = totp.new_secret()
    now = datetime(2026, 12, 2, 8, 0, 0, tzinfo=UTC)
    good = pyotp.TOTP(secret).at(now)
    wrong = f"{(int(good) + 1) % 1_000_000:06d}"
    for code in (wrong, "", "12345", "1234567", "abcdef", "١٢٣٤٥٦"):
        assert totp.matching_step(secret, code, now) is None
    assert totp.matching_step(secret, f"{good[:3]} {good[3:]}", now) == totp.step_at(now)


def test_recovery_codes() -> None:
    codes = totp.new_recovery_codes()
    assert len(codes) == len(set(codes)) == 10
    for code in codes:
        assert totp.looks_like_recovery_code(code) and totp.normal_recovery_code(code.upper().replace("-", " ")) == code
    assert not totp.looks_like_recovery_code("123456")
    assert len(totp.new_secret()) == 32
