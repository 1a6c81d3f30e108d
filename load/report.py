"""The one table `make bench` prints (and the README's performance section quotes), from the JSON report."""
from __future__ import annotations

from typing import Any

REFERENCE = {"rps": 287, "p50": 69, "p99": 752, "success": "99.74 %", "machine": "1 vCPU, 128 MB"}
# The carbon figure's assumptions (stated beside it; --watts-per-core and --grid-g-per-kwh change them): a busy
# server core draws about 10 W at the wall once its share of the machine and the data centre's cooling are
# counted (a 2-socket server at ~350 W for 32 cores, PUE ~1.2), and Belgium's grid emitted about 150 g of CO2
# per kWh in 2024 (France ~ 50, the EU ~ 250).
CARBON = {"watts_per_core": 10.0, "grid_g_per_kwh": 150.0}
TARGETS = {"rps": 1200, "p99": 40, "ratio": 0.60, "fixed_p99": 10, "rss_mb": 120, "cpu_ms": 1.0}


def render(report: dict[str, Any]) -> str:
    """A plain-text table: one line per mode, then the ratio, the targets and the page weights."""
    s, m = report["settings"], report["machine"]
    lines = [(f"KoproGo benchmark, {report['started']} — {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
             f"Python {m['python']}, PostgreSQL {m['postgresql']}"),
             (f"app: {s['workers']} hypercorn worker(s) -k uvloop on core {s['app_cores']}; load generator on core "
             f"{s['load_cores']}; PostgreSQL on core {s['pg_cores']}; {s['connections']} connections; "
             f"{s['warmup']} s warm-up + {s['duration']} s per mode"),
             "",
             (f"{'mode':<30}{'tool':<8}{'req/s':>9}{'P50 ms':>9}{'P90 ms':>9}{'P99 ms':>9}{'max ms':>9}"
             f"{'errors':>8}{'app CPU':>9}{'PG CPU':>8}{'RSS MB':>8}{'gen CPU':>9}"),
             (f"{'':<30}{'':<8}{'':>9}{'':>9}{'':>9}{'':>9}{'':>9}{'':>8}{'ms/req':>9}{'ms/req':>8}"
             f"{'peak':>8}{'%':>9}")]
    for name, r in report["runs"].items():
        rss = "/".join(f"{x:.0f}" for x in r["peak_rss_mb"])
        lines.append(f"{name:<30}{r['tool']:<8}{r['rps']:>9.1f}{r['p50']:>9.1f}{r['p90']:>9.1f}{r['p99']:>9.1f}"
                     f"{r['max']:>9.1f}{r['errors']:>8}{r['app_cpu_ms_per_req']:>9.3f}{r['pg_cpu_ms_per_req']:>8.3f}"
                     f"{rss:>8}{r['loadgen_cpu_pct']:>9.0f}")
    ref = REFERENCE
    lines += [(f"{'reference (published)':<30}{'?':<8}{ref['rps']:>9.1f}{ref['p50']:>9.1f}{'':>9}{ref['p99']:>9.1f}"
              f"{'':>9}{'0.26 %':>8}   ({ref['machine']}, {ref['success']} success)"), ""]
    if "interleaved" in report:
        i = report["interleaved"]
        lines.append(f"koprogo mix / bare ceiling db mix, {i['slices']} alternating {i['seconds_each']} s slices of each "
                     f"(wrk): {i['koprogo_rps']:.0f} / {i['ceiling_rps']:.0f} req/s = {i['ratio']:.0%}")
    lines.append("CPU of other processes on this machine during each mode (100 % = one core; not the app, "
                 "PostgreSQL or the load generator): "
                 + ", ".join(f"{k} {r.get('other_processes_cpu_pct', 0):.0f} %" for k, r in report["runs"].items()))
    lines.append("app worker busy (100 % = its core): "
                 + ", ".join(f"{k} {r.get('app_core_busy_pct', 0):.0f} %" for k, r in report["runs"].items()))
    lines += _stack(report)
    lines += _carbon(report)
    lines += _targets(report)
    if report.get("pg_top_queries"):
        lines.append("")
        lines.append("PostgreSQL, most time during the wrk mix (pg_stat_statements):")
        for q in report["pg_top_queries"][:5]:
            lines.append(f"  {q['calls']:>7} calls {q['total_ms']:>9} ms  {q['mean_ms']:>7} ms/call  {q['query'][:80]}")
    if report.get("pages"):
        lines.append("")
        lines.append("page weights (gzip asked; HTML + every /static asset it references, empty cache):")
        for name, p in report["pages"].items():
            ok = "ok" if p["ok"] else "OVER"
            lines.append(f"  {name:<28}{p['path'][:38]:<40}{p['total_bytes'] / 1024:>7.1f} KB "
                         f"(limit {p['limit_bytes'] // 1024} KB, {p['kind']}, {p['encoding']}) {ok}")
    return "\n".join(lines)


def _targets(report: dict[str, Any]) -> list[str]:
    runs, t = report["runs"], TARGETS
    mix = runs.get("koprogo mix, max")
    fixed = next((r for n, r in runs.items() if n.startswith("koprogo mix, ") and "max" not in n), None)
    if not mix:
        return []
    checks = [("mixed load ≥ 1,200 req/s", mix["rps"] >= t["rps"], f"{mix['rps']:.0f}"),
              ("0 errors", mix["errors"] == 0, str(mix["errors"])),
              ("P99 ≤ 40 ms", mix["p99"] <= t["p99"], f"{mix['p99']:.1f} ms"),
              ("≥ 60 % of the ceiling", report.get("ratio_to_ceiling", 0) >= t["ratio"],
               f"{report.get('ratio_to_ceiling', 0):.0%}"),
              ("CPU ≤ 1 ms per request", mix["app_cpu_ms_per_req"] <= t["cpu_ms"], f"{mix['app_cpu_ms_per_req']:.3f}"),
              ("peak RSS ≤ 120 MB per worker", max(mix["peak_rss_mb"] or [0]) <= t["rss_mb"],
               f"{max(mix['peak_rss_mb'] or [0]):.0f} MB")]
    if fixed:
        checks.append((f"P99 ≤ 10 ms at {fixed['rps']:.0f} req/s (wrk, paced)", fixed["p99"] <= t["fixed_p99"],
                       f"{fixed['p99']:.1f} ms"))
    return ["targets (wrk mix unless said): " + "; ".join(f"{name}: {value} {'✓' if ok else '✗'}"
                                                          for name, ok, value in checks)]


def grams_per_request(cpu_ms: float, watts_per_core: float, grid_g_per_kwh: float) -> float:
    """CO2 of one request: CPU time × power of a busy core × the grid's intensity."""
    kwh = cpu_ms / 1000 / 3600 * watts_per_core / 1000
    return kwh * grid_g_per_kwh


def _carbon(report: dict[str, Any]) -> list[str]:
    mix = report["runs"].get("koprogo mix, max")
    if not mix:
        return []
    a = {**CARBON, **report.get("carbon_assumptions", {})}
    cpu = mix["app_cpu_ms_per_req"] + mix["pg_cpu_ms_per_req"]
    grams = grams_per_request(cpu, a["watts_per_core"], a["grid_g_per_kwh"])
    return [f"carbon: {cpu:.2f} ms of CPU per request (app {mix['app_cpu_ms_per_req']:.2f} + PostgreSQL "
            f"{mix['pg_cpu_ms_per_req']:.2f}) × {a['watts_per_core']:g} W per busy core × {a['grid_g_per_kwh']:g} "
            f"g CO2/kWh = {grams * 1e6:.2f} µg CO2 per request, {grams * 1e6:.2f} g per million requests "
            "(CPU only: the network, storage and idle servers are not counted)"]


def _stack(report: dict[str, Any]) -> list[str]:
    runs = report["runs"]
    direct, front = runs.get("koprogo mix, max"), runs.get("koprogo mix via nginx+PgBouncer")
    if not direct or not front:
        return []
    bouncer = runs.get("koprogo mix via PgBouncer only")
    base = direct["app_cpu_ms_per_req"]

    def part(name: str, r: dict[str, Any], against: float) -> str:
        return (f"{name} {r['app_cpu_ms_per_req']:.3f} ms at {r['rps']:.0f} req/s "
                f"({r['app_cpu_ms_per_req'] / against - 1:+.0%})")
    lines = ["app CPU per request, same run, closed loop: " + ", ".join(
        [f"direct {base:.3f} ms at {direct['rps']:.0f} req/s"] + ([part("through PgBouncer", bouncer, base)]
                                                                   if bouncer else [])
        + [part("through nginx (TLS) and PgBouncer", front, base)])
        + f"; PostgreSQL {direct['pg_cpu_ms_per_req']:.3f} → {front['pg_cpu_ms_per_req']:.3f} ms"]
    paced = next((r for n, r in runs.items() if n.startswith("koprogo mix, ") and "max" not in n), None)
    paced_front = next((r for n, r in runs.items() if n.startswith("via nginx+PgBouncer, ")), None)
    if paced and paced_front:
        ratio = paced_front["app_cpu_ms_per_req"] / paced["app_cpu_ms_per_req"]
        lines.append(f"at the same rate: direct {paced['app_cpu_ms_per_req']:.3f} ms at {paced['rps']:.0f} req/s, "
                     f"through nginx and PgBouncer {paced_front['app_cpu_ms_per_req']:.3f} ms at "
                     f"{paced_front['rps']:.0f} req/s ({ratio - 1:+.0%}); target within 15 % "
                     f"{'✓' if ratio <= 1.15 else '✗'}; errors through the front: {front['errors'] + paced_front['errors']}")
    return lines
