"""The production stack on loopback, from Debian's packages and deploy/'s own configuration files, for
`make deploy-test` (deploy/deploy_test.py) and the fast deploy tests in `make test` (tests/deploy/).

Each piece renders its file from deploy/ with deploy/render.py (only ports and paths change) and runs the real
program: PostgreSQL (a primary archiving WAL to pgBackRest, a streaming replica from pg_basebackup), PgBouncer,
nginx with TLS, the app's web processes and the worker under a small supervisor (what systemd's
Restart=always does in production). Servers run as the `postgres` user when this runs as root, as PostgreSQL
and PgBouncer refuse root.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from deploy.render import render_file
from queries.cluster import SERVER_USER, Cluster, _as_root

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_server_user(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", SERVER_USER, "--", *cmd] if _as_root() else cmd


def give(path: Path) -> Path:
    """Hand a file or folder to the server user (when root)."""
    if _as_root():
        shutil.chown(path, SERVER_USER, SERVER_USER)
    return path


def wait_for(predicate, seconds: float, what: str, step: float = 0.1) -> float:  # type: ignore[no-untyped-def]
    """Poll until `predicate()` is true; returns the seconds it took."""
    start = time.monotonic()
    while True:
        try:
            if predicate():
                return time.monotonic() - start
        except Exception:  # noqa: BLE001 - not ready yet
            pass
        if time.monotonic() - start > seconds:
            raise TimeoutError(f"{what}: not within {seconds} s")
        time.sleep(step)


class Node(Cluster):
    """A PostgreSQL server of the stack (unix socket in its folder; trust for local connections)."""

    def psql(self, sql: str, db: str = "postgres") -> str:
        out = subprocess.run([str(self.bindir / "psql"), "-h", str(self.sockdir), "-p", str(self.port), "-U",
                              "postgres", "-d", db, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                             check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def createdb(self, name: str) -> str:
        subprocess.run([str(self.bindir / "createdb"), "-h", str(self.sockdir), "-p", str(self.port), "-U",
                        "postgres", name], check=True, capture_output=True)
        return self.dsn(name)

    def hard_stop(self) -> None:
        """Immediate shutdown (what a crash leaves behind)."""
        self._run("pg_ctl", "-D", str(self.pgdata), "-m", "immediate", "-w", "stop", check=False)


class Backups:
    """pgBackRest with deploy/pgbackrest/pgbackrest.conf.in, its repository in `base`."""

    def __init__(self, base: Path, primary: Node, stanza: str = "koprogo") -> None:
        self.base, self.stanza = base, stanza
        for name in ("repo", "log", "lock"):
            (base / name).mkdir(parents=True, exist_ok=True)
            give(base / name)
        self.config = base / "pgbackrest.conf"
        self.config.write_text(render_file(
            HERE / "pgbackrest/pgbackrest.conf.in", BACKUP_REPO=str(base / "repo"), BACKUP_LOG_DIR=str(base / "log"),
            BACKUP_LOCK_DIR=str(base / "lock"), BACKUP_CIPHER_PASS="deploy-test-" + os.urandom(12).hex(),
            PG_DATA=str(primary.pgdata), PG_PORT=str(primary.port), PG_SOCKET_DIR=str(primary.sockdir),
            STANZA=stanza))
        give(self.config)

    def run(self, *args: str, timeout: float = 600) -> str:
        cmd = as_server_user(["pgbackrest", f"--config={self.config}", f"--stanza={self.stanza}", *args])
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if done.returncode:
            raise RuntimeError(f"pgbackrest {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout


def primary(base: Path, port: int, backups_dir: Path | None = None) -> tuple[Node, Backups | None]:
    """A primary with deploy/postgresql/koprogo.conf.in (WAL archived to pgBackRest when backups_dir)."""
    node = Node(base, port=port)
    node.ensure()
    backups = Backups(backups_dir, node) if backups_dir else None
    conf = node.pgdata / "koprogo.conf"
    text = render_file(HERE / "postgresql/koprogo.conf.in",
                       BACKUP_CONFIG=str(backups.config) if backups else "/nonexistent", STANZA="koprogo")
    if backups is None:
        text = text.replace("archive_mode = on", "archive_mode = off")
    conf.write_text(text)
    give(conf)
    with open(node.pgdata / "postgresql.conf", "a") as out:
        out.write("\ninclude = 'koprogo.conf'\n")
    node.start()
    if backups is not None:
        backups.run("stanza-create")
        backups.run("check")
    return node, backups


def standby(of: Node, base: Path, port: int) -> Node:
    """A hot standby streaming from `of` (pg_basebackup -R), started."""
    node = Node(base, port=port)
    node.datadir.mkdir(parents=True, exist_ok=True)
    node.sockdir.mkdir(exist_ok=True)
    give(node.datadir)
    give(node.sockdir)
    subprocess.run(as_server_user([str(node.bindir / "pg_basebackup"), "-D", str(node.pgdata), "-R", "-X", "stream",
                                   "-c", "fast", "-h", str(of.sockdir), "-p", str(of.port), "-U", "postgres"]),
                   check=True, capture_output=True)
    with open(node.pgdata / "postgresql.auto.conf", "a") as out:
        out.write(f"\nport = {port}\nunix_socket_directories = '{node.sockdir}'\narchive_mode = off\n")
    node.start()
    return node


def restore_to(backups: Backups, base: Path, port: int, target: str | None) -> tuple[Node, float]:
    """Restore the repository into a new cluster (to `target` time, or to the end of the archive), start it and
    wait until it is open for writes; returns the node and the seconds the whole restore took."""
    started = time.monotonic()
    node = Node(base, port=port)
    node.datadir.mkdir(parents=True, exist_ok=True)
    node.sockdir.mkdir(exist_ok=True)
    give(node.datadir)
    give(node.sockdir)
    args = ["restore", f"--pg1-path={node.pgdata}", "--archive-mode=off"]
    if target:
        args += ["--type=time", f"--target={target}", "--target-action=promote"]
    backups.run(*args)
    with open(node.pgdata / "postgresql.auto.conf", "a") as out:
        out.write(f"\nport = {port}\nunix_socket_directories = '{node.sockdir}'\narchive_mode = off\n")
    node.start()
    wait_for(lambda: node.psql("SELECT pg_is_in_recovery()") == "f", 300, "restored cluster open for writes")
    return node, time.monotonic() - started


class PgBouncer:
    """PgBouncer with deploy/pgbouncer/pgbouncer.ini.in in front of `node`'s database koprogo."""

    def __init__(self, base: Path, port: int, node: Node, password: str) -> None:
        self.base, self.port, self.password = base, port, password
        base.mkdir(parents=True, exist_ok=True)
        give(base)
        (base / "userlist.txt").write_text(f'"koprogo" "{password}"\n')
        give(base / "userlist.txt").chmod(0o600)
        self.ini = base / "pgbouncer.ini"
        self.point_at(node, reload=False)
        self.proc = subprocess.Popen(as_server_user(["pgbouncer", str(self.ini)]), stdout=subprocess.DEVNULL,
                                     stderr=open(base / "stderr.log", "w"))  # noqa: SIM115
        wait_for(lambda: socket.create_connection(("127.0.0.1", port), 0.2).close() is None, 15, "pgbouncer")

    def point_at(self, node: Node, reload: bool = True) -> None:
        """(Re)write the config for `node` and, when running, reload it (the failover step)."""
        self.ini.write_text(render_file(
            HERE / "pgbouncer/pgbouncer.ini.in", PG_HOST=str(node.sockdir), PG_PORT=str(node.port),
            PGBOUNCER_PORT=str(self.port), PGBOUNCER_RUN_DIR=str(self.base), PGBOUNCER_DIR=str(self.base),
            PGBOUNCER_LOG=str(self.base / "pgbouncer.log"), PGBOUNCER_POOL_SIZE="20"))
        give(self.ini)
        if reload:
            self.proc.send_signal(signal.SIGHUP)

    def url(self) -> str:
        return f"postgresql://koprogo:{self.password}@127.0.0.1:{self.port}/koprogo"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Nginx:
    """nginx with deploy/nginx/koprogo.conf.in (inside a minimal http block, as Debian's nginx.conf does)."""

    def __init__(self, base: Path, https_port: int, http_port: int, app_ports: list[int], cert: Path,
                 key: Path) -> None:
        self.base, self.https_port, self.http_port = base, https_port, http_port
        (base / "logs").mkdir(parents=True, exist_ok=True)
        site = render_file(HERE / "nginx/koprogo.conf.in", SERVER_NAME="localhost", HTTP_PORT=str(http_port),
                           HTTPS_PORT=str(https_port), TLS_CERT=str(cert), TLS_KEY=str(key),
                           LOG_DIR=str(base / "logs"), APP_ROOT=str(ROOT), APP_PORTS=" ".join(map(str, app_ports)))
        (base / "koprogo.conf").write_text(site)
        (base / "nginx.conf").write_text(
            f"worker_processes 1;\npid {base}/nginx.pid;\nerror_log {base}/logs/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  sendfile on;\n  client_body_temp_path {base}/body;\n  proxy_temp_path {base}/proxy;\n"
            f"  fastcgi_temp_path {base}/fcgi;\n  uwsgi_temp_path {base}/uwsgi;\n  scgi_temp_path {base}/scgi;\n"
            f"  include {base}/koprogo.conf;\n}}\n")
        test = subprocess.run(["nginx", "-t", "-p", str(base), "-c", str(base / "nginx.conf")],
                              capture_output=True, text=True)
        if test.returncode:
            raise RuntimeError(f"nginx -t: {test.stderr}")
        self.proc = subprocess.Popen(["nginx", "-p", str(base), "-c", str(base / "nginx.conf"), "-g", "daemon off;"],
                                     stdout=subprocess.DEVNULL, stderr=open(base / "stderr.log", "w"))  # noqa: SIM115
        wait_for(lambda: socket.create_connection(("127.0.0.1", https_port), 0.2).close() is None, 15, "nginx")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGQUIT)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Supervised:
    """One process kept running: restarted when it exits, as systemd's Restart=always (RestartSec=`delay`)."""

    def __init__(self, name: str, cmd: list[str], env: dict[str, str], log: Path, delay: float = 0.5) -> None:
        self.name, self.cmd, self.env, self.log, self.delay = name, cmd, env, log, delay
        self.restarts = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()
        self._started = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()
        self._started.wait(10)

    def _spawn(self) -> None:
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen(self.cmd, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)

    def _loop(self) -> None:
        self._spawn()
        self._started.set()
        while not self._stop.is_set():
            assert self.proc is not None
            if self.proc.poll() is not None and not self._stop.is_set():
                time.sleep(self.delay)
                if self._stop.is_set():
                    break
                self.restarts += 1
                self._spawn()
            time.sleep(0.05)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def kill(self) -> int:
        """SIGKILL the process (a crash); returns its pid."""
        pid = self.pid
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        self._stop.set()
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.thread.join(5)


def app_env(database_url: str, listen_url: str, smtp_port: int, ca_file: Path, var: Path,
            public_url: str, **extra: str) -> dict[str, str]:
    """The production settings of the stack's app and worker processes."""
    var.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOPROGO_") and k != "DATABASE_URL"}
    env.update({"DATABASE_URL": database_url, "KOPROGO_LISTEN_URL": listen_url, "KOPROGO_STATEMENT_CACHE": "0",
                "KOPROGO_PUBLIC_URL": public_url, "KOPROGO_TRUSTED_PROXIES": "127.0.0.1, ::1",
                "KOPROGO_SMTP_HOST": "127.0.0.1", "KOPROGO_SMTP_PORT": str(smtp_port),
                "KOPROGO_SMTP_STARTTLS": "1", "KOPROGO_SMTP_USER": "koprogo",
                "KOPROGO_SMTP_PASSWORD": "smtp-secret-2026", "KOPROGO_SMTP_CA_FILE": str(ca_file),
                "KOPROGO_MAIL_FROM": "syndic@koprogo.test", "KOPROGO_VAR": str(var), "KOPROGO_WORKERS": "1",
                "KOPROGO_POOL_MIN": "2", "KOPROGO_POOL_MAX": "10", "PYTHONUNBUFFERED": "1"})
    env.update(extra)
    return env


def web_process(port: int, env: dict[str, str], log: Path) -> Supervised:
    """One web process (`python -m web.serve web`) on 127.0.0.1:port, supervised."""
    return Supervised(f"web:{port}", [PYTHON, "-m", "web.serve", "web"], {**env, "KOPROGO_BIND": f"127.0.0.1:{port}"},
                      log)


def worker_process(env: dict[str, str], log: Path) -> Supervised:
    """The worker (`python -m web.worker`), supervised."""
    return Supervised("worker", [PYTHON, "-m", "web.worker"], env, log)


def http_ok(url: str, **kw: Any) -> bool:
    import requests
    return requests.get(url, timeout=2, **kw).status_code == 200
