"""A private PostgreSQL cluster started from the machine's server binaries (the embedded default).

Used by `make run` (under var/pg) and by the test suite (a throwaway directory). No system service is
involved: initdb, then postgres listening on a unix socket in the cluster's own folder only. When the
process runs as root, PostgreSQL refuses to start, so the server runs as the unprivileged `postgres` user.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path

SERVER_USER = "postgres"


def find_bindir() -> Path:
    """The folder holding initdb / pg_ctl / postgres, newest version first."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]))
    for path in reversed(candidates):
        if os.path.exists(os.path.join(path, "initdb")):
            return Path(path)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError(
        "PostgreSQL server binaries not found: install Debian's `postgresql` package "
        "(apt-get install postgresql) or set PG_BINDIR, or set DATABASE_URL to use an existing server."
    )


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class Cluster:
    """One PostgreSQL cluster in `datadir`, reachable on a unix socket in `datadir/run`."""

    def __init__(self, datadir: str | Path, port: int = 54329, fast: bool = False) -> None:
        self.datadir = Path(datadir).absolute()
        self.pgdata = self.datadir / "data"
        self.sockdir = self.datadir / "run"
        self.port = port
        self.fast = fast  # tests: no fsync, nothing to keep across a crash
        self.bindir = find_bindir()

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if _as_root():
            cmd = ["runuser", "-u", SERVER_USER, "--", *cmd]
        return subprocess.run(cmd, check=check, capture_output=True, text=True)

    def dsn(self, dbname: str = "koprogo") -> str:
        """A libpq URL for asyncpg: unix socket, trust authentication."""
        return f"postgresql://{SERVER_USER}@/{dbname}?host={self.sockdir}&port={self.port}"

    def ensure(self) -> None:
        """Create the cluster on first use."""
        if (self.pgdata / "PG_VERSION").exists():
            return
        self.datadir.mkdir(parents=True, exist_ok=True)
        self.sockdir.mkdir(exist_ok=True)
        if _as_root():
            shutil.chown(self.datadir, SERVER_USER)
            shutil.chown(self.sockdir, SERVER_USER)
            os.chmod(self.datadir, 0o755)
        self._run("initdb", "-D", str(self.pgdata), "-U", SERVER_USER, "-A", "trust", "-E", "UTF8",
                  "--locale=C.UTF-8" if _has_locale("C.UTF-8") else "--locale=C")
        settings = [
            "listen_addresses = ''",
            f"unix_socket_directories = '{self.sockdir}'",
            f"port = {self.port}",
            "max_connections = 200",
            "shared_buffers = 128MB",
            "logging_collector = off",
        ]
        if self.fast:
            settings += ["fsync = off", "synchronous_commit = off", "full_page_writes = off"]
        with open(self.pgdata / "postgresql.auto.conf", "a") as conf:
            conf.write("\n".join(settings) + "\n")

    def running(self) -> bool:
        """True when the server of this cluster answers."""
        return self._run("pg_ctl", "-D", str(self.pgdata), "status", check=False).returncode == 0

    def start(self) -> None:
        """Create if needed and start the server; returns once it accepts connections."""
        self.ensure()
        if self.running():
            return
        log = self.datadir / "postgres.log"
        if _as_root() and not log.exists():
            log.touch()
            shutil.chown(log, SERVER_USER)
        result = self._run("pg_ctl", "-D", str(self.pgdata), "-l", str(log), "-w", "-t", "60", "start",
                           check=False)
        if result.returncode != 0:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}\n{tail}")
        for _ in range(100):
            if self._run("pg_isready", "-h", str(self.sockdir), "-p", str(self.port),
                         check=False).returncode == 0:
                return
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop the server (fast shutdown: sessions are ended, data is kept)."""
        if self.running():
            self._run("pg_ctl", "-D", str(self.pgdata), "-m", "fast", "-w", "stop", check=False)

    def destroy(self) -> None:
        """Stop and remove the whole cluster (tests)."""
        self.stop()
        shutil.rmtree(self.datadir, ignore_errors=True)


def _has_locale(name: str) -> bool:
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    except OSError:
        return False
    return name.lower().replace("-", "") in out.replace("-", "")
