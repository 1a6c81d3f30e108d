"""`make run`: the embedded PostgreSQL (unless DATABASE_URL is set), migrations, demo data, then the server.

Also `python -m web.serve migrate` (migrations alone) and `python -m web.serve stop-db`.
"""
from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys

from hypercorn.asyncio import serve
from hypercorn.config import Config as HyperConfig

from queries.cluster import Cluster
from queries.db import connect
from queries.migrate import apply_all
from web.config import Config

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
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    from web.sidecars import SIDECARS  # the dev SMTP catch-all and the outbox worker
    stoppers = [await start(config) for start in SIDECARS]
    print(f"\nKoproGo : http://{bind.replace('0.0.0.0', 'localhost')}  (Ctrl-C pour arrêter)", flush=True)
    try:
        await serve(app, hyper, shutdown_trigger=stop.wait)
    finally:
        for stopper in stoppers:
            await stopper()


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for noisy in ("weasyprint", "fontTools", "weasyprint.progress"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    config = Config()
    command = argv[1] if len(argv) > 1 else "run"
    if command == "stop-db":
        embedded_cluster(config).stop()
        return
    url, cluster = database_url(config)
    try:
        if command == "migrate":
            asyncio.run(prepare(url, demo=False))
            return
        asyncio.run(prepare(url, demo=True))
        asyncio.run(run_server(url, config, os.environ.get("KOPROGO_BIND", "0.0.0.0:8080")))
    finally:
        if cluster is not None:
            cluster.stop()
            print("PostgreSQL arrêté.", flush=True)


if __name__ == "__main__":
    main(sys.argv)
