"""`make run`: the embedded PostgreSQL (unless DATABASE_URL is set), migrations, demo data, then the server
with the worker beside it (development only: KOPROGO_DEV=1).

Production: `python -m web.serve web` (hypercorn, KOPROGO_WORKERS processes on KOPROGO_BIND; the worker is
started separately: `python -m web.worker`), `python -m web.serve migrate` (the migrations, once per release),
`python -m web.serve check-config` (the settings checked, nothing started). Also `python -m web.serve stop-db`,
`python -m web.serve new-secret-key` (a value for KOPROGO_SECRET_KEY).
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from hypercorn.asyncio import serve
from hypercorn.config import Config as HyperConfig

from queries.cluster import Cluster
from queries.db import connect
from queries.migrate import apply_all
from web.config import Config, ConfigError
from web.observability import configure_logging

log = logging.getLogger("koprogo")


def embedded_cluster(config: Config) -> Cluster:
    """The private cluster under var/pg."""
    return Cluster(config.var_dir / "pg")


def database_url(config: Config) -> tuple[str, Cluster | None]:
    """DATABASE_URL, or the embedded cluster (created and started on first use)."""
    if config.database_url:
        return config.database_url, None
    cluster = embedded_cluster(config)
    first = not (cluster.pgdata / "PG_VERSION").exists()
    if first:
        print("Création du cluster PostgreSQL privé sous var/pg …", flush=True)
    cluster.start()
    if first:
        import subprocess
        subprocess.run([str(cluster.bindir / "createdb"), "-h", str(cluster.sockdir), "-p", str(cluster.port),
                        "-U", "postgres", "koprogo"], check=True)
    return cluster.dsn("koprogo"), cluster


async def prepare(url: str, demo: bool = True) -> None:
    """Migrations, then the demo data once."""
    conn = await connect(url)
    try:
        applied = await apply_all(conn)
        if applied:
            print(f"Migrations appliquées : {', '.join(applied)}", flush=True)
        if demo:
            from domain.demo import DEMO_LOGINS, load_demo
            from domain.storage import storage_from_env
            if await load_demo(conn, storage_from_env(Config().var_dir)):
                print("Données de démonstration chargées.", flush=True)
            print("\nComptes de démonstration :", flush=True)
            for role, email, password in DEMO_LOGINS:
                print(f"  {role:<22} {email:<36} {password}", flush=True)
    finally:
        await conn.close()


async def run_server(url: str, config: Config, bind: str) -> None:
    """Serve until SIGINT / SIGTERM."""
    from web.app import create_app
    config.database_url = url
    app = create_app(config)
    hyper = HyperConfig()
    hyper.bind = [bind]
    hyper.accesslog = None
    hyper.errorlog = logging.getLogger("hypercorn.error")  # through our handler (JSON in production), once
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    from web.sidecars import SIDECARS  # the dev SMTP catch-all and the worker (outbox, scheduled jobs)
    stoppers = [await start(config) for start in SIDECARS]
    print(f"\nKoproGo : http://{bind.replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost')}"
          "  (Ctrl-C pour arrêter)", flush=True)
    try:
        await serve(app, hyper, shutdown_trigger=stop.wait)
    finally:
        for stopper in stoppers:
            await stopper()


async def _refuse_demo(config: Config) -> None:
    from domain.demo import refuse_demo_database
    conn = await connect(config.database_url or "", config.statement_cache)
    try:
        await refuse_demo_database(conn)
    finally:
        await conn.close()


def web(config: Config) -> int:
    """The production web processes: hypercorn's master and KOPROGO_WORKERS workers on web.asgi:app (each
    worker checks the settings and the database again as it starts)."""
    from hypercorn.run import run

    from domain.demo import DemoDatabase
    if config.enforce_production:
        try:
            asyncio.run(_refuse_demo(config))
        except DemoDatabase as exc:
            print(exc, file=sys.stderr)
            return 3
    hyper = HyperConfig()
    hyper.bind = [config.bind]
    # one worker: served in this very process (no master), so that a process killed by the OOM killer or a
    # signal leaves no orphan still holding the socket; several: hypercorn's master and its children (under
    # systemd, which stops the whole control group when the master dies)
    hyper.workers = 0 if config.workers == 1 else config.workers
    hyper.worker_class = "uvloop"
    hyper.application_path = "web.asgi:app"
    hyper.accesslog = None  # nginx writes the access log
    hyper.errorlog = logging.getLogger("hypercorn.error")
    hyper.graceful_timeout = 10
    hyper.backlog = 1024
    print(f"KoproGo: {config.workers} web process(es) on {config.bind}", flush=True)
    return run(hyper)


def main(argv: list[str]) -> None:
    config = Config()
    command = argv[1] if len(argv) > 1 else "run"
    if command == "new-secret-key":  # a value for KOPROGO_SECRET_KEY
        from domain.platform.sealing import new_key
        print(new_key())
        return
    if command == "stop-db":
        embedded_cluster(config).stop()
        return
    if command in ("web", "check-config"):
        try:
            config = Config.production()
        except ConfigError as exc:
            print(exc, file=sys.stderr)
            raise SystemExit(2) from None
        if command == "check-config":
            print("Settings OK" + (" (development)" if config.development else " for production"))
            return
        raise SystemExit(web(config))
    configure_logging(config.log_format)
    if command == "run" and not config.development:
        print("`python -m web.serve run` is the development server (demo data, published passwords): it runs "
              "only with KOPROGO_DEV=1 (`make run` sets it). In production: `python -m web.serve web` and "
              "`python -m web.worker`.", file=sys.stderr)
        raise SystemExit(2)
    url, cluster = database_url(config)
    try:
        if command == "migrate":
            asyncio.run(prepare(url, demo=False))
            return
        asyncio.run(prepare(url, demo=True))
        asyncio.run(run_server(url, config, config.bind))
    finally:
        if cluster is not None:
            cluster.stop()
            print("PostgreSQL arrêté.", flush=True)


def web_main() -> None:
    """The `koprogo-web` console script."""
    main([sys.argv[0], "web"])


def migrate_main() -> None:
    """The `koprogo-migrate` console script."""
    main([sys.argv[0], "migrate"])


if __name__ == "__main__":
    main(sys.argv)
