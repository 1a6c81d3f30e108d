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


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    """make deploy-test's table: each check of the stack, whether it held, and its figure when it has one."""
    rows = []
    for outcome in ("passed", "failed", "error", "skipped"):
        for report in terminalreporter.stats.get(outcome, []):
            if "tests/deploy/" not in getattr(report, "nodeid", "") or report.when not in ("call", "setup"):
                continue
            if outcome == "passed" and report.when != "call":
                continue
            figure = dict(getattr(report, "user_properties", [])).get("figure", "")
            name = report.nodeid.split("::")[-1].removeprefix("test_").replace("_", " ")
            rows.append((name, {"passed": "held", "skipped": "skipped"}.get(outcome, "FAILED"), figure))
    if not rows:
        return
    width = max(len(r[0]) for r in rows)
    terminalreporter.write_sep("=", "the production stack on loopback: what held")
    for name, state, figure in rows:
        terminalreporter.write_line(f"{name:<{width}}  {state:<7}  {figure}")
