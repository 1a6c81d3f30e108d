"""Fixtures of the deploy tests: a folder the postgres user can enter."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def stack_dir():  # type: ignore[no-untyped-def]
    base = Path(tempfile.mkdtemp(prefix="koprogo-stack-"))
    os.chmod(base, 0o755)
    yield base
    shutil.rmtree(base, ignore_errors=True)
