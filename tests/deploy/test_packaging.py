"""The packaging that needs a container engine or systemd, validated here where neither runs: the compose file
parsed and checked, the Containerfile's instructions checked (and, in make deploy-test, run as a script), the
systemd units verified by systemd-analyze."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from deploy.containerfile_script import instructions, run

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
FULL = os.environ.get("KOPROGO_DEPLOY_FULL") == "1"


def test_the_compose_file_parses_and_runs_every_part_with_restarts_and_no_secret() -> None:
    text = (DEPLOY / "compose.yaml").read_text()
    compose = yaml.safe_load(text)
    services = compose["services"]
    assert set(services) == {"db", "migrate", "web1", "web2", "worker", "nginx"}
    for name in ("web1", "web2", "worker"):
        s = services[name]
        assert s["restart"] == "always" and s["read_only"] and s["cap_drop"] == ["ALL"]
        assert s["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert s["build"]["dockerfile"] == "deploy/Containerfile" and s["env_file"] == "koprogo.env"
    assert services["worker"]["command"] == ["python", "-m", "web.worker"]
    assert services["migrate"]["command"] == ["python", "-m", "web.serve", "migrate"]
    assert services["db"]["healthcheck"]["test"][0] == "CMD-SHELL"
    assert "${POSTGRES_PASSWORD:?" in text and "password" not in yaml.safe_dump(services["db"]["environment"]).lower().replace(
        "postgres_password", "")


def test_the_containerfile_has_two_stages_a_non_root_user_and_a_health_check() -> None:
    steps = instructions((DEPLOY / "Containerfile").read_text())
    words = [w for w, _ in steps]
    assert words.count("FROM") == 2 and words[-1] == "CMD"
    users = [a for w, a in steps if w == "USER"]
    assert users == ["koprogo"]
    assert any(w == "HEALTHCHECK" and "/api/v1/health" in a for w, a in steps)
    root = DEPLOY.parent
    for w, a in steps:
        if w == "COPY" and not a.startswith("--from"):
            assert (root / a.split()[0]).exists(), a


@pytest.mark.skipif(not FULL, reason="make deploy-test: installs the image's Python dependencies (~25 s)")
def test_the_containerfile_steps_run_as_a_script(tmp_path: Path) -> None:
    done = run(DEPLOY / "Containerfile", tmp_path)
    assert done[-1] == "python -m web.serve check-config: Settings OK (development)"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_the_systemd_units_verify_and_are_hardened() -> None:
    units = sorted((DEPLOY / "systemd").glob("koprogo*"))
    done = subprocess.run(["systemd-analyze", "verify", "--man=no", *map(str, units)], capture_output=True,
                          text=True)
    problems = [line for line in (done.stdout + done.stderr).splitlines()
                if line.strip() and "is not executable" not in line and "/opt/koprogo" not in line]
    assert problems == []
    for name in ("koprogo-web@.service", "koprogo-worker.service"):
        text = (DEPLOY / "systemd" / name).read_text()
        for setting in ("Restart=always", "User=koprogo", "NoNewPrivileges=yes", "ProtectSystem=strict",
                        "ReadWritePaths=/var/lib/koprogo", "CapabilityBoundingSet=", "EnvironmentFile="):
            assert setting in text, (name, setting)
