"""`make bench`: the whole measurement on this machine, unattended, the same way every time.

1. A fresh PostgreSQL cluster of its own under var/bench (durable settings: fsync on), migrated and filled by
   load/seed.py into a template database, cloned for the run.
2. The app under hypercorn (-k uvloop, N workers) pinned with taskset to the app's cores; PostgreSQL pinned to its
   cores; the load generators to theirs (defaults: app on core 1, load and PostgreSQL on core 0).
3. The ceiling on the same core, same server: a bare Quart "hello" and a bare asyncpg JSON mix (load/ceiling.py).
4. For each mode, a warm-up then a fixed-duration run: wrk (Lua, closed loop, 20 connections) for raw throughput,
   locust (FastHttpUser, headless) for the realistic scenario at maximum and at the reference's fixed 287 req/s.
5. One table — req/s, P50/P90/P99/max, errors, CPU-ms per request (app and PostgreSQL), peak RSS per worker,
   and the page weights — printed and written as JSON under load/results/.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import requests

from load import measure
from load.report import render
from queries.cluster import Cluster

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEED_DB, RUN_DB = "bench_seed", "koprogo"
# A database server sized for its data (1.5 GB seeded) rather than initdb's defaults, durable (fsync on), with
# checkpoints spaced for a write-heavy load, and
# pg_stat_statements to name the queries that cost PostgreSQL the most in each run.
PG_SETTINGS = ["shared_buffers = 1GB", "effective_cache_size = 4GB", "work_mem = 8MB", "max_wal_size = 4GB",
               "checkpoint_timeout = 15min",
               "shared_preload_libraries = 'pg_stat_statements'", "pg_stat_statements.track = top"]
_TOP = """SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
       left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
ORDER BY total_exec_time DESC LIMIT 8"""


def bench_cluster(datadir: Path, fresh: bool, port: int = 54340) -> Cluster:
    """The benchmark's own cluster (durable: fsync on), started, with an empty `koprogo` database."""
    cluster = Cluster(datadir / "pg", port=port)
    if fresh:
        _stop_server_of(cluster)
        cluster.destroy()
    cluster.ensure()
    conf = cluster.pgdata / "postgresql.auto.conf"
    missing = [line for line in PG_SETTINGS if line not in conf.read_text()]
    if missing:
        cluster.stop()  # the settings need a restart
        with open(conf, "a") as out:
            out.write("\n".join(missing) + "\n")
    cluster.start()
    _createdb(cluster, RUN_DB, exist_ok=True)
    return cluster


def _stop_server_of(cluster: Cluster) -> None:
    """Make sure no server still runs on the folder about to be removed (fast shutdown, then wait)."""
    pidfile = cluster.pgdata / "postmaster.pid"
    if not pidfile.exists():
        return
    try:
        server = psutil.Process(int(pidfile.read_text().split()[0]))
        if "postgres" in server.name():
            server.send_signal(signal.SIGINT)
            server.wait(60)
    except (psutil.Error, ValueError, IndexError):
        pass


def _createdb(cluster: Cluster, name: str, template: str | None = None, exist_ok: bool = False) -> None:
    base = [str(cluster.bindir / "createdb"), "-h", str(cluster.sockdir), "-p", str(cluster.port), "-U", "postgres"]
    # file_copy: a clone through the WAL (PostgreSQL 15's default) would flood it and set off checkpoints in
    # the middle of the measurements
    copy = ["-T", template, "--strategy=file_copy"] if template else []
    done = subprocess.run([*base, *copy, name], check=False, capture_output=True, text=True)
    if done.returncode and not (exist_ok and "already exists" in done.stderr):
        raise RuntimeError(done.stderr)


def _dropdb(cluster: Cluster, name: str) -> None:
    subprocess.run([str(cluster.bindir / "dropdb"), "-h", str(cluster.sockdir), "-p", str(cluster.port),
                    "-U", "postgres", "--if-exists", "--force", name], check=True, capture_output=True)


async def _seed_template(cluster: Cluster, scale: float, scenario_path: Path) -> dict[str, Any]:
    from load.seed import Scale, counts, seed, write_scenario
    from queries.db import connect
    from queries.migrate import apply_all
    _dropdb(cluster, SEED_DB)
    _createdb(cluster, SEED_DB)
    conn = await connect(cluster.dsn(SEED_DB))
    try:
        await apply_all(conn)
        started = time.monotonic()
        scenario = await seed(conn, Scale.of(scale))
        info = {"seconds": round(time.monotonic() - started, 1), "rows": await counts(conn)}
    finally:
        await conn.close()
    write_scenario(scenario, scenario_path)
    (scenario_path.parent / "seed-info.json").write_text(json.dumps(info))
    return info


async def _migrate(url: str) -> None:
    """Pending migrations, statistics, and every table and index read into shared buffers once."""
    from queries.db import connect
    from queries.migrate import apply_all
    conn = await connect(url)
    try:
        await apply_all(conn)
        await conn.execute("ANALYZE")
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        await conn.execute("SELECT pg_prewarm(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                           "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')")
    finally:
        await conn.close()


async def _pg(url: str, query: str) -> list[dict[str, Any]]:
    from queries.db import connect
    conn = await connect(url)
    try:
        return [dict(r) for r in await conn.fetch(query)]
    finally:
        await conn.close()


class Server:
    """hypercorn serving one ASGI app, pinned to cores, until stopped."""

    def __init__(self, app: str, port: int, cores: str, workers: int, env: dict[str, str]) -> None:
        self.port = port
        cmd = ["taskset", "-c", cores, str(BIN / "hypercorn"), "-k", "uvloop", "-w", str(workers),
               "-b", f"127.0.0.1:{port}", "--backlog", "1024", app]
        self.log = open(ROOT / "var/bench" / f"server-{port}.log", "w")  # noqa: SIM115 - closed by stop()
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
                                     stderr=self.log)

    def wait(self, path: str) -> None:
        """Return once `path` answers."""
        for _ in range(300):
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server on port {self.port} exited (see var/bench/server-{self.port}.log)")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}{path}", timeout=1).status_code < 500:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server on port {self.port} did not answer {path}")

    def stop(self) -> None:
        """SIGTERM, then wait."""
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def _child_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def wrk(url: str, script: str, args: list[str], seconds: int, connections: int, cores: str) -> dict[str, Any]:
    """One wrk run (one thread, closed loop); its JSON summary plus the wall-clock window."""
    cmd = ["taskset", "-c", cores, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s",
           "-s", script, url, "--", *args]
    before, start = _child_cpu(), time.time()
    out = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    end = time.time()
    line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
    data = json.loads(line[8:])
    lat = data["latency_us"]
    errors = sum(data["errors"].values())
    return {"tool": "wrk", "requests": data["requests"], "rps": data["requests"] / (data["duration_us"] / 1e6),
            "p50": lat["p50"] / 1000, "p90": lat["p90"] / 1000, "p99": lat["p99"] / 1000, "max": lat["max"] / 1000,
            "mean": lat["mean"] / 1000,
            "errors": errors, "statuses": data["statuses"], "window": (start, end),
            "loadgen_cpu_pct": round(100 * (_child_cpu() - before) / (end - start), 1)}


def locust(host: str, scenario: Path, users: int, seconds: int, warmup: int, rate: float,
           cores: str) -> dict[str, Any]:
    """One headless locust run (FastHttpUser); the locustfile resets its stats after the warm-up and writes a
    JSON report with its measured window."""
    report = ROOT / "var/bench/locust-report.json"
    report.unlink(missing_ok=True)
    env = {**os.environ, "LOAD_SCENARIO": str(scenario), "LOAD_WARMUP": str(warmup), "LOAD_RATE": str(rate),
           "LOAD_REPORT": str(report), "LOAD_USERS": str(users)}
    cmd = ["taskset", "-c", cores, str(BIN / "locust"), "-f", "load/locustfile.py", "--headless", "-u", str(users),
           "-r", str(users), "-t", f"{seconds + warmup + 3}s", "--host", host, "--only-summary",
           "--stop-timeout", "2", "--loglevel", "WARNING"]
    before, start = _child_cpu(), time.time()
    subprocess.run(cmd, check=False, cwd=ROOT, env=env, capture_output=True, text=True)
    end = time.time()
    data = json.loads(report.read_text())
    data["loadgen_cpu_pct"] = round(100 * (_child_cpu() - before) / (end - start), 1)
    data["window"] = tuple(data["window"])
    return {"tool": "locust", **data}


def _finish(result: dict[str, Any], sampler: measure.Sampler) -> dict[str, Any]:
    start, end = result.pop("window")
    app_cpu, pg_cpu, busy = sampler.between(start, end)
    n, seconds = max(result["requests"], 1), max(end - start, 1e-6)
    others = busy - app_cpu - pg_cpu - result["loadgen_cpu_pct"] / 100 * seconds
    return {**result, "rps": round(result["rps"], 1), "app_cpu_ms_per_req": round(1000 * app_cpu / n, 3),
            "pg_cpu_ms_per_req": round(1000 * pg_cpu / n, 3), "peak_rss_mb": sampler.peak_rss(),
            "app_core_busy_pct": round(100 * app_cpu / seconds, 1),
            "other_processes_cpu_pct": round(max(0.0, 100 * others / seconds), 1)}


def wrk_data(scenario: dict[str, Any], path: Path) -> None:
    """The scenario as a Lua table for load/wrk/mixed.lua."""
    def org(o: dict[str, Any]) -> str:
        syndics = ",".join(f'"{s["token"]}"' for s in o["syndics"])
        owners = ",".join(f'{{token="{u["token"]}",owner_id="{u["owner_id"]}",building_id="{u["building_id"]}"}}'
                          for u in o["owner_users"])
        def quoted(ids: list[str]) -> str:
            return ",".join(f'"{x}"' for x in ids)
        buildings = ",".join(f'{{id="{b["id"]}",vat="{b["vat_rate"]}",owners={{{quoted(b["owners"])}}}}}'
                             for b in o["buildings"])
        return f"{{syndics={{{syndics}}},owner_users={{{owners}}},buildings={{{buildings}}}}}"
    path.write_text("DATA = {orgs = {" + ",\n".join(org(o) for o in scenario["organizations"]) + "}}\n")


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Everything, in order; returns the report."""
    work = ROOT / "var/bench"
    work.mkdir(parents=True, exist_ok=True)
    scenario_path, seed_info = work / "scenario.json", work / "seed-info.json"
    cluster = bench_cluster(work, fresh=not args.reuse)
    reuse = args.reuse and scenario_path.exists() and seed_info.exists()
    if reuse:
        print("Reusing the seeded template database (--reuse).", flush=True)
        info = json.loads(seed_info.read_text())
    else:
        print(f"Seeding (scale {args.scale}) …", flush=True)
        info = asyncio.run(_seed_template(cluster, args.scale, scenario_path))
    _dropdb(cluster, RUN_DB)
    _createdb(cluster, RUN_DB, template=SEED_DB)
    url = cluster.dsn(RUN_DB)
    asyncio.run(_migrate(url))
    pg_pid = measure.postmaster_pid(cluster.pgdata)
    measure.pin([p.pid for p in measure.tree(pg_pid)], args.pg_cores)
    scenario = json.loads(scenario_path.read_text())
    wrk_data(scenario, work / "wrk_data.lua")
    report: dict[str, Any] = {"started": datetime.now(UTC).isoformat(timespec="seconds"),
                              "machine": _machine(), "settings": vars(args), "seed": info, "runs": {}}
    (work / "files").mkdir(exist_ok=True)
    # the app runs with production settings (web.asgi checks them), on loopback
    env = {"DATABASE_URL": url, "CEILING_DATABASE_URL": url, "KOPROGO_POOL_MAX": str(args.pool),
           "KOPROGO_POOL_MIN": str(min(args.pool, 4)), "KOPROGO_PUBLIC_URL": "http://127.0.0.1:8772",
           "KOPROGO_SMTP_HOST": "127.0.0.1", "KOPROGO_MAIL_FROM": "bench@koprogo.test",
           "KOPROGO_VAR": str(work / "files"), "KOPROGO_DEV": "0"}
    d, w, c, lc = args.duration, args.warmup, args.connections, args.load_cores
    tag = format(int(time.time()) % 1_000_000, "x")
    ceiling = Server("load.ceiling:app", 8771, args.app_cores, args.workers, env)
    app = Server("web.asgi:app", 8772, args.app_cores, args.workers, env)
    base, lua = "http://127.0.0.1:8772", [str(work / "wrk_data.lua")]
    try:
        ceiling.wait("/hello")
        app.wait("/api/v1/health")
        sampler = measure.Sampler(ceiling.proc.pid, pg_pid).start()
        for name, path, script in (("ceiling hello", "/hello", "load/wrk/hello.lua"),
                                   ("ceiling db mix 70/30", "/db", "load/wrk/ceiling_mix.lua")):
            wrk(f"http://127.0.0.1:8771{path}", script, [], w, c, lc)
            report["runs"][name] = _finish(wrk(f"http://127.0.0.1:8771{path}", script, [], d, c, lc), sampler)
            print(f"  {name}: {report['runs'][name]['rps']} req/s", flush=True)
        sampler.stop()
        sampler = measure.Sampler(app.proc.pid, pg_pid).start()
        report["pages"] = _pages(base, scenario)
        wrk(f"{base}/", "load/wrk/mixed.lua", [*lua, tag + "w"], w, c, lc)
        asyncio.run(_pg(url, "SELECT pg_stat_statements_reset()"))
        report["runs"]["koprogo mix, max"] = _finish(
            wrk(f"{base}/", "load/wrk/mixed.lua", [*lua, tag + "m"], d, c, lc), sampler)
        report["pg_top_queries"] = asyncio.run(_pg(url, _TOP))
        print(f"  koprogo mix (wrk): {report['runs']['koprogo mix, max']['rps']} req/s", flush=True)
        # the reference's rate, paced by wrk: latency is what counts here; the warm-up's mean latency is taken
        # off each connection's pause so that the rate comes out near the target
        period = 1000 * c / args.rate
        trial = wrk(f"{base}/", "load/wrk/mixed_paced.lua", [*lua, tag + "q", str(round(period))], w, c, lc)
        pause = max(0, round(period - trial["mean"]))
        report["runs"][f"koprogo mix, {args.rate:g} req/s"] = _finish(
            wrk(f"{base}/", "load/wrk/mixed_paced.lua", [*lua, tag + "p", str(pause)], d, c, lc), sampler)
        report["interleaved"] = _interleaved(base, lua, tag, args)
        print(f"  interleaved ratio: {report['interleaved']['ratio']:.0%}", flush=True)
        if args.stack:
            sampler.stop()
            report["stack"] = _via_stack(cluster, url, env, base, lua, tag, args, work)
            for name, result in report["stack"].pop("runs").items():
                report["runs"][name] = result
            sampler = measure.Sampler(app.proc.pid, pg_pid).start()
        if not args.no_locust:
            report["runs"]["koprogo scenario, max"] = _finish(
                locust(base, scenario_path, c, d, w, 0, lc), sampler)
            report["runs"][f"koprogo scenario, {args.rate:g} req/s"] = _finish(
                locust(base, scenario_path, c, d, w, args.rate, lc), sampler)
        sampler.stop()
    finally:
        app.stop()
        ceiling.stop()
        if not args.keep_db:
            cluster.stop()
    report["ratio_to_ceiling"] = report["interleaved"]["ratio"]
    report["carbon_assumptions"] = {"watts_per_core": args.watts_per_core, "grid_g_per_kwh": args.grid_g_per_kwh}
    return report


def _via_stack(cluster: Cluster, url: str, env: dict[str, str], base: str, lua: list[str], tag: str,
               args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """The same mix through the production front: nginx (TLS, deploy/nginx) → a second app server on the same
    core → PgBouncer (transaction pooling, deploy/pgbouncer; asyncpg without its statement cache) → the same
    PostgreSQL; then that server straight through PgBouncer only, and the direct app again. The figure is the
    app's CPU per request (this machine has two cores: throughput would measure nginx and PgBouncer's share
    of them)."""
    from deploy.stack import Nginx, PgBouncer, free_port
    from tests.tls import self_signed
    stack_dir = work / "stack"
    shutil.rmtree(stack_dir, ignore_errors=True)
    stack_dir.mkdir(parents=True)
    os.chmod(stack_dir, 0o755)
    asyncio.run(_pg(url, "DO $$ BEGIN CREATE ROLE koprogo LOGIN SUPERUSER; "
                         "EXCEPTION WHEN duplicate_object THEN NULL; END $$"))
    bouncer = PgBouncer(stack_dir / "pgbouncer", free_port(), cluster, "bench-bouncer")  # type: ignore[arg-type]
    https = free_port()
    stacked_env = {**env, "DATABASE_URL": bouncer.url(), "KOPROGO_STATEMENT_CACHE": "0", "KOPROGO_LISTEN_URL": url,
                   "KOPROGO_TRUSTED_PROXIES": "127.0.0.1, ::1", "KOPROGO_PUBLIC_URL": f"https://localhost:{https}"}
    app2 = Server("web.asgi:app", 8773, args.app_cores, args.workers, stacked_env)
    runs: dict[str, Any] = {}
    nginx = None
    try:
        app2.wait("/api/v1/health")
        cert, key = self_signed(stack_dir)
        nginx = Nginx(stack_dir / "nginx", https, free_port(), [8773], cert, key)
        measure.pin([p.pid for p in measure.tree(bouncer.proc.pid) + measure.tree(nginx.proc.pid)], args.load_cores)
        d, w, c, lc = args.duration, args.warmup, args.connections, args.load_cores
        sampler = measure.Sampler(app2.proc.pid, measure.postmaster_pid(cluster.pgdata)).start()
        front = f"https://localhost:{https}/"
        wrk(front, "load/wrk/mixed.lua", [*lua, tag + "sw"], w, c, lc)
        runs["koprogo mix via nginx+PgBouncer"] = _finish(wrk(front, "load/wrk/mixed.lua", [*lua, tag + "s"], d, c, lc),
                                                          sampler)
        runs["koprogo mix via PgBouncer only"] = _finish(
            wrk("http://127.0.0.1:8773/", "load/wrk/mixed.lua", [*lua, tag + "b"], d, c, lc), sampler)
        # at the paced mode's rate: CPU per request falls as load rises (more requests per loop turn), and the
        # front's own processes share core 0 with PostgreSQL, so the fair comparison is at the same rate
        period = 1000 * c / args.rate
        trial = wrk(front, "load/wrk/mixed_paced.lua", [*lua, tag + "sq", str(round(period))], w, c, lc)
        pause = max(0, round(period - trial["mean"]))
        runs[f"via nginx+PgBouncer, {args.rate:g} req/s"] = _finish(
            wrk(front, "load/wrk/mixed_paced.lua", [*lua, tag + "sp", str(pause)], d, c, lc), sampler)
        sampler.stop()
    finally:
        if nginx is not None:
            nginx.stop()
        app2.stop()
        bouncer.stop()
    return {"runs": runs}


def _interleaved(base: str, lua: list[str], tag: str, args: argparse.Namespace) -> dict[str, Any]:
    """Our mix and the ceiling's mix in alternating slices, so that whatever else the machine runs weighs on
    both alike: the ratio of their totals is the figure that stays meaningful on a noisy machine."""
    slices, seconds = 6, max(2, args.duration // 3)
    ours, bare = 0, 0
    for i in range(slices):
        bare += wrk("http://127.0.0.1:8771/db", "load/wrk/ceiling_mix.lua", [], seconds, args.connections,
                    args.load_cores)["requests"]
        ours += wrk(f"{base}/", "load/wrk/mixed.lua", [*lua, f"{tag}i{i}"], seconds, args.connections,
                    args.load_cores)["requests"]
    return {"slices": slices, "seconds_each": seconds, "koprogo_rps": round(ours / (slices * seconds), 1),
            "ceiling_rps": round(bare / (slices * seconds), 1), "ratio": round(ours / max(bare, 1), 3)}


def _pages(base: str, scenario: dict[str, Any]) -> dict[str, Any]:
    org = scenario["organizations"][0]
    syndic = {"Authorization": "Bearer " + org["syndics"][0]["token"]}
    owner = {"Authorization": "Bearer " + org["owner_users"][0]["token"]}
    building = org["buildings"][0]["id"]
    return measure.page_weights(
        base,
        {"login": ("/login", {}), "buildings (syndic)": ("/buildings", syndic),
         "building (syndic)": (f"/buildings/{building}", syndic), "portal (owner)": ("/portal", owner)},
        {"buildings list fragment": ("/buildings", syndic)})


def _machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(os.sysconf("SC_PAGE_SIZE")
            * os.sysconf("SC_PHYS_PAGES") / 2**30, 1), "kernel": platform.release(),
            "python": platform.python_version(), "postgresql": Cluster(ROOT / "var/bench/pg").bindir.parent.name}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=int, default=30, help="seconds measured per mode")
    p.add_argument("--warmup", type=int, default=5, help="seconds of warm-up before each mode")
    p.add_argument("--connections", type=int, default=20, help="closed-loop connections (locust: users)")
    p.add_argument("--rate", type=float, default=287, help="the fixed rate of the latency mode, req/s")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--app-cores", default="1")
    p.add_argument("--load-cores", default="0")
    p.add_argument("--pg-cores", default="0")
    p.add_argument("--pool", type=int, default=10, help="database connections per worker")
    p.add_argument("--scale", type=float, default=1.0, help="fraction of the seed's default volume")
    p.add_argument("--reuse", action="store_true", help="keep the cluster and its seeded template from last time")
    p.add_argument("--keep-db", action="store_true", help="leave the cluster running afterwards")
    p.add_argument("--no-locust", action="store_true")
    p.add_argument("--stack", action="store_true",
                   help="also the mix through nginx (TLS) and PgBouncer, deploy/'s configuration (app CPU per request)")
    p.add_argument("--watts-per-core", type=float, default=10.0, help="carbon figure: watts of a busy core")
    p.add_argument("--grid-g-per-kwh", type=float, default=150.0, help="carbon figure: grams of CO2 per kWh")
    p.add_argument("--out", default=str(ROOT / "load/results"))
    args = p.parse_args()
    report = run(args)
    text = render(report)
    print(text)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (out / name).write_text(json.dumps(report, indent=2, default=str) + "\n")
    (out / "latest.txt").write_text(text + "\n")
    print(f"Written: {out / f'bench-{stamp}.json'}")


if __name__ == "__main__":
    main()
