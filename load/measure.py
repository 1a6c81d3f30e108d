"""What `make bench` observes besides the load generators: CPU and memory of the app's workers and of
PostgreSQL (sampled), and the weight of the pages a user first opens."""
from __future__ import annotations

import bisect
import gzip
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil
import requests


def tree(pid: int) -> list[psutil.Process]:
    """A process and all its descendants."""
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def cpu_seconds(procs: list[psutil.Process], seen: dict[tuple[int, float], float] | None = None) -> float:
    """User + system CPU of these processes. With `seen`, cumulative over every process ever sampled: one that
    has exited since (an autovacuum worker, a closed connection's backend) keeps its last reading."""
    total = 0.0
    for p in procs:
        try:
            t = p.cpu_times()
            if seen is None:
                total += t.user + t.system
            else:
                seen[(p.pid, p.create_time())] = t.user + t.system
        except psutil.NoSuchProcess:
            pass
    return total if seen is None else sum(seen.values())


def _cmdline(p: psutil.Process) -> list[str]:
    try:
        return p.cmdline()
    except psutil.Error:
        return []


def peak_rss_mb(pid: int) -> float:
    """The kernel's high-water mark of resident memory (VmHWM) of one process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def machine_busy_seconds() -> float:
    """CPU seconds spent not idle by all cores since boot (/proc/stat)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    ticks = [int(x) for x in fields]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def postmaster_pid(pgdata: Path) -> int:
    """The PostgreSQL server's pid, from postmaster.pid."""
    return int((pgdata / "postmaster.pid").read_text().split()[0])


def pin(pids: list[int], cores: str) -> None:
    """Pin processes (all their threads) to a CPU list such as "0" or "0-1"."""
    wanted = _cpu_list(cores)
    for pid in pids:
        try:
            psutil.Process(pid).cpu_affinity(wanted)
        except psutil.NoSuchProcess:
            pass


def _cpu_list(cores: str) -> list[int]:
    out: list[int] = []
    for part in cores.split(","):
        lo, _, hi = part.partition("-")
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


@dataclass
class Sampler:
    """Samples, every `every` seconds, the CPU of the app's workers and of PostgreSQL (cumulative)."""
    app_pid: int
    pg_pid: int
    every: float = 0.2
    times: list[float] = field(default_factory=list)
    app: list[float] = field(default_factory=list)
    pg: list[float] = field(default_factory=list)
    busy: list[float] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _app_seen: dict[tuple[int, float], float] = field(default_factory=dict)
    _pg_seen: dict[tuple[int, float], float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)

    def workers(self) -> list[psutil.Process]:
        """The processes serving requests: hypercorn's children, or hypercorn itself with none."""
        procs = tree(self.app_pid)
        workers = [p for p in procs[1:] if "resource_tracker" not in " ".join(_cmdline(p))]
        return workers or procs[:1]

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            time.sleep(self.every)

    def sample(self) -> None:
        """One reading now."""
        now = time.time()
        app, pg = cpu_seconds(tree(self.app_pid), self._app_seen), cpu_seconds(tree(self.pg_pid), self._pg_seen)
        self.app.append(app)
        self.pg.append(pg)
        self.busy.append(machine_busy_seconds())
        self.times.append(now)  # last: a reader never sees a time without its values

    def start(self) -> Sampler:
        """Sample in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop sampling."""
        self._stop.set()
        self._thread.join()

    def between(self, start: float, end: float) -> tuple[float, float, float]:
        """CPU seconds used by (the app, PostgreSQL, the whole machine) between two wall-clock times."""
        return tuple(_at(self.times, v, end) - _at(self.times, v, start)  # type: ignore[return-value]
                     for v in (self.app, self.pg, self.busy))

    def peak_rss(self) -> list[float]:
        """Peak resident memory of each worker so far, MB."""
        return [round(peak_rss_mb(p.pid), 1) for p in self.workers()]


def _at(times: list[float], values: list[float], t: float) -> float:
    i = bisect.bisect_left(times, t)
    if i <= 0:
        return values[0]
    if i >= len(times):
        return values[-1]
    t0, t1, v0, v1 = times[i - 1], times[i], values[i - 1], values[i]
    return v0 + (v1 - v0) * (t - t0) / (t1 - t0) if t1 > t0 else v1


_ASSET = re.compile(r'(?:href|src)="(/static/[^"?]+)')


def transferred(session: requests.Session, url: str, headers: dict[str, str] | None = None) -> tuple[int, int, str]:
    """(bytes on the wire, uncompressed bytes, content-encoding) of one response body, asking for gzip."""
    r = session.get(url, headers={"Accept-Encoding": "gzip", **(headers or {})}, stream=True, timeout=10)
    raw = r.raw.read(decode_content=False)
    encoding = r.headers.get("Content-Encoding", "")
    plain = gzip.decompress(raw) if encoding == "gzip" else raw
    r.close()
    return len(raw), len(plain), encoding


def page_weights(base: str, pages: dict[str, tuple[str, dict[str, str]]],
                 partials: dict[str, tuple[str, dict[str, str]]]) -> dict[str, dict[str, object]]:
    """First-open weight of each page (the HTML plus every /static asset it references, empty cache, gzip asked)
    and the weight of each htmx partial."""
    out: dict[str, dict[str, object]] = {}
    with requests.Session() as s:
        for name, (path, headers) in pages.items():
            html_wire, html_plain, enc = transferred(s, base + path, headers)
            body = s.get(base + path, headers=headers, timeout=10).text
            assets = {a: transferred(s, base + a) for a in sorted(set(_ASSET.findall(body)))}
            wire = html_wire + sum(w for w, _, _ in assets.values())
            out[name] = {"kind": "page", "path": path, "html_bytes": html_wire, "html_plain": html_plain,
                         "encoding": enc or "identity",
                         "assets": {a: w for a, (w, _, _) in assets.items()}, "total_bytes": wire,
                         "limit_bytes": 30 * 1024, "ok": wire <= 30 * 1024}
        for name, (path, headers) in partials.items():
            wire, plain, enc = transferred(s, base + path, {"HX-Request": "true", **headers})
            out[name] = {"kind": "partial", "path": path, "total_bytes": wire, "html_plain": plain,
                         "encoding": enc or "identity", "limit_bytes": 5 * 1024, "ok": wire <= 5 * 1024}
    return out
