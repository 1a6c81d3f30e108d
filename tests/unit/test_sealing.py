"""Sealing secrets at rest: a round trip, a fresh nonce each time, a wrong key or owner refused, the key's form."""
from __future__ import annotations

import base64
from uuid import uuid4

import pytest

from domain.platform import sealing
from web.config import check


def test_round_trip_and_a_fresh_nonce_each_time() -> None:
    owner = uuid4()
    a, b = sealing.seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", owner), sealing.seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", owner)
    assert a != b and a.startswith("v1:") and "JBSWY3DP" not in a
    assert sealing.unseal(a, owner) == sealing.unseal(b, owner) == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert sealing.unseal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", owner) == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # legacy


def test_another_key_does_not_open_it() -> None:
    owner = uuid4()
    sealed = sealing.seal("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", owner)
    kept = list(sealing._key)
    try:
        sealing.use_key(sealing.parse_key(sealing.new_key()))
        with pytest.raises(ValueError):
            sealing.unseal(sealed, owner)
    finally:
        sealing._key[:] = kept


def test_the_key_is_32_bytes_of_base64_and_the_settings_check_says_so() -> None:
    assert len(sealing.parse_key(sealing.new_key())) == 32
    assert len(sealing.parse_key(base64.b64encode(b"k" * 32).decode())) == 32
    for bad in ("short", base64.b64encode(b"k" * 16).decode(), "!!!not base64!!!"):
        with pytest.raises(sealing.BadKey):
            sealing.parse_key(bad)
    problems = check({"KOPROGO_DEV": "1", "KOPROGO_SECRET_KEY": "short"})
    assert any(p.startswith("KOPROGO_SECRET_KEY") for p in problems)
    assert not any("SECRET_KEY" in p for p in check({"KOPROGO_DEV": "1", "KOPROGO_SECRET_KEY": sealing.new_key()}))
