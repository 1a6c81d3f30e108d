"""Settings from the environment, with the embedded-database defaults of `make run`."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Config:
    database_url: str | None = field(default_factory=lambda: os.environ.get("DATABASE_URL"))
    var_dir: Path = field(default_factory=lambda: Path(os.environ.get("KOPROGO_VAR", ROOT / "var")))
    secure_cookies: bool = field(default_factory=lambda: os.environ.get("KOPROGO_SECURE_COOKIES", "") == "1")
    pool_min: int = field(default_factory=lambda: int(os.environ.get("KOPROGO_POOL_MIN", "2")))
    pool_max: int = field(default_factory=lambda: int(os.environ.get("KOPROGO_POOL_MAX", "10")))
    smtp_host: str = field(default_factory=lambda: os.environ.get("KOPROGO_SMTP_HOST", "127.0.0.1"))
    smtp_port: int = field(default_factory=lambda: int(os.environ.get("KOPROGO_SMTP_PORT", "8025")))
    mail_from: str = field(default_factory=lambda: os.environ.get("KOPROGO_MAIL_FROM", "syndic@koprogo.local"))
    dev_pages: bool = field(default_factory=lambda: os.environ.get("KOPROGO_DEV", "") == "1")
    run_workers: bool = True  # background tasks (outbox); tests turn them off and drive them directly
