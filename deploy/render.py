#!/usr/bin/env python3
"""Render one of deploy/'s templates (*.in): every @@NAME@@ replaced by its value, from deploy/defaults.env,
then an optional file of KEY=VALUE lines (--values), then KEY=VALUE arguments. A name left without a value stops
the rendering. Standard library only, so it runs on a bare machine:

    python3 deploy/render.py deploy/nginx/koprogo.conf.in --values /etc/koprogo/deploy.env > koprogo.conf
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_NAME = re.compile(r"@@([A-Z0-9_]+)@@")


def read_values(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip().strip("'\"")
    return values


def derived(values: dict[str, str]) -> dict[str, str]:
    """Values made from others: the upstream lines from APP_PORTS."""
    out = dict(values)
    if "UPSTREAM_SERVERS" not in out and out.get("APP_PORTS"):
        out["UPSTREAM_SERVERS"] = "\n    ".join(f"server 127.0.0.1:{port} max_fails=1 fail_timeout=2s;"
                                               for port in out["APP_PORTS"].split())
    return out


def render(template: str, values: dict[str, str]) -> str:
    values = derived(values)
    missing = sorted({name for name in _NAME.findall(template) if name not in values})
    if missing:
        raise SystemExit(f"no value for {', '.join(missing)}")
    return _NAME.sub(lambda m: values[m.group(1)], template)


def render_file(template: Path, **overrides: str) -> str:
    """The template with deploy/defaults.env and `overrides` (what the deploy test calls)."""
    return render(Path(template).read_text(), {**read_values(HERE / "defaults.env"), **overrides})


def main(argv: list[str]) -> None:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return
    values = read_values(HERE / "defaults.env")
    args = argv[1:]
    while args:
        arg = args.pop(0)
        if arg == "--values":
            values.update(read_values(Path(args.pop(0))))
        elif "=" in arg:
            key, value = arg.split("=", 1)
            values[key] = value
        else:
            raise SystemExit(f"unexpected argument {arg!r}")
    sys.stdout.write(render(Path(argv[0]).read_text(), values))


if __name__ == "__main__":
    main(sys.argv[1:])
