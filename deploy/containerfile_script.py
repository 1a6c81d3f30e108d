#!/usr/bin/env python3
"""Run deploy/Containerfile's steps as a script, without a container engine (there is none on this machine).

Each stage's WORKDIR, COPY, ENV and RUN run for real inside a scratch folder that stands for the image's root
(every absolute path of the Containerfile is moved under it); `COPY --from=stage` copies from that stage's
folder. Two things cannot happen outside a container and are checked instead: `apt-get install` runs as a
simulation (`-s`: every package must exist in Debian), and `useradd` only checks its arguments. Then the
image's command is started the way the image would: `python -m web.serve check-config` from its WORKDIR with
its venv. Usage: python3 deploy/containerfile_script.py [SCRATCH_DIR]
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line = pending + line
        pending = ""
        word, _, rest = line.partition(" ")
        out.append((word.upper(), rest.strip()))
    return out


def run(containerfile: Path, scratch: Path) -> list[str]:
    """Every step run or checked; returns what was done, one line per step."""
    log: list[str] = []
    stages: dict[str, Path] = {}
    root = cwd = scratch
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOPROGO_", "VIRTUAL_ENV"))}
    env.pop("DATABASE_URL", None)

    def moved(text: str, base: Path | None = None) -> str:  # absolute image paths → under a stage's root
        return re.sub(r"(?<![\w.$/-])/(opt|var|srv|app)/", lambda m: f"{base or root}/{m.group(1)}/", text)

    for word, args in instructions(containerfile.read_text()):
        if word == "FROM":
            image, _, name = args.partition(" AS ")
            root = scratch / (name.strip() or f"stage{len(stages)}")
            root.mkdir(parents=True, exist_ok=True)
            stages[name.strip()] = root
            cwd = root
            log.append(f"FROM {image} → {root}")
        elif word == "WORKDIR":
            cwd = Path(moved(args))
            cwd.mkdir(parents=True, exist_ok=True)
        elif word == "ENV":
            for key, value in re.findall(r"(\w+)=(\S+)", args):
                env[key] = moved(value.replace("$PATH", env.get("PATH", "")))
        elif word == "COPY":
            parts = shlex.split(args)
            source_root = ROOT
            if parts[0].startswith("--from="):
                source_root = stages[parts.pop(0)[7:]]
                srcs = [Path(moved(p, source_root)) for p in parts[:-1]]
            else:
                parts = [p for p in parts if not p.startswith("--")]
                srcs = [source_root / p for p in parts[:-1]]
            dest = parts[-1]
            target = Path(moved(dest)) if dest.startswith("/") else cwd / dest
            for src in srcs:
                if not src.exists():
                    raise SystemExit(f"COPY {src}: missing")
                final = target if not dest.endswith("/") or src.is_dir() else target / src.name
                if src.is_dir():
                    shutil.copytree(src, final, dirs_exist_ok=True, symlinks=True,
                                    ignore=shutil.ignore_patterns("__pycache__"))
                else:
                    final.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, final)
            log.append(f"COPY {' '.join(parts)}")
        elif word == "RUN":
            script = moved(args)
            script = script.replace("apt-get update", "true").replace("rm -rf /var/lib/apt/lists/*", "true")
            script = re.sub(r"apt-get install -y", "apt-get install -s -y", script)
            script = re.sub(r"\buseradd\b([^&]*)", lambda m: f"echo would useradd{m.group(1)}", script)
            script = script.replace("chown koprogo", "echo would chown koprogo")
            done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=env,
                                  capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"RUN {args[:80]}…: exit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
            if "apt-get install -s" in script:
                missing = re.findall(r"E: Unable to locate package (\S+)", done.stdout + done.stderr)
                if missing:
                    raise SystemExit(f"packages not in Debian: {missing}")
            log.append(f"RUN {args[:100]}")
        elif word in ("USER", "EXPOSE", "HEALTHCHECK", "CMD", "LABEL", "ARG"):
            log.append(f"{word} {args[:100]} (checked)")
    # the image's command, as the image would start it (settings checked, nothing served)
    check = subprocess.run([str(stages["runtime"] / "opt/koprogo/venv/bin/python"), "-m", "web.serve", "check-config"],
                           cwd=stages["runtime"] / "opt/koprogo/app", capture_output=True, text=True,
                           env={**env, "KOPROGO_DEV": "1"})
    if check.returncode:
        raise SystemExit(f"the image's python cannot start the app: {check.stderr[-2000:]}")
    log.append("python -m web.serve check-config: " + check.stdout.strip())
    return log


def main() -> None:
    scratch = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="koprogo-image-"))
    for line in run(HERE / "Containerfile", scratch):
        print(line)
    if len(sys.argv) < 2:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
