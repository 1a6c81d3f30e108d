"""Settings: from the environment, or from one file of KEY=VALUE lines named by KOPROGO_CONFIG (the environment
wins over the file). `make run` (KOPROGO_DEV=1) gets the embedded-database defaults; a production start
(`python -m web.serve web`, `python -m web.worker`, `web.asgi:app`) calls `Config.production()`, which checks
every value and refuses to start with one clear message per missing or wrong setting.
"""
from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from domain.platform.sealing import BadKey, new_key, parse_key

ROOT = Path(__file__).resolve().parent.parent
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class ConfigError(RuntimeError):
    """The settings cannot run in production: one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("KoproGo refuses to start; fix these settings:\n" + "\n".join(f"  - {p}" for p in problems))
        self.problems = problems


def read_env_file(path: str | Path) -> dict[str, str]:
    """KEY=VALUE lines (blank lines and # comments skipped, optional quotes around the value)."""
    values: dict[str, str] = {}
    for number, raw in enumerate(Path(path).read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            raise ConfigError([f"{path}:{number}: expected KEY=VALUE, got {raw!r}"])
        key, value = line.split("=", 1)
        key, value = key.strip().removeprefix("export ").strip(), value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def environment(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings in force: the file named by KOPROGO_CONFIG, overridden by the environment."""
    env = dict(os.environ if env is None else env)
    path = env.get("KOPROGO_CONFIG")
    if not path:
        return env
    if not Path(path).is_file():
        raise ConfigError([f"KOPROGO_CONFIG={path}: no such file"])
    return {**read_env_file(path), **env}


def parse_networks(text: str) -> tuple[Network, ...]:
    """'127.0.0.1, 10.0.0.0/8, ::1' → networks (ValueError names the bad entry)."""
    out = []
    for item in (x.strip() for x in text.split(",")):
        if item:
            try:
                out.append(ipaddress.ip_network(item, strict=False))
            except ValueError as exc:
                raise ValueError(f"{item!r} is not an IP address or network") from exc
    return tuple(out)


def _int(text: str, default: int) -> int:
    try:
        return int(text) if text.strip() else default
    except ValueError:
        return default


def _networks(text: str) -> tuple[Network, ...]:
    try:
        return parse_networks(text)
    except ValueError:
        return ()  # check() reports it; Config() alone never raises


Env = Mapping[str, str]
# field name → how it is read from the settings (Config() reads os.environ; Config.from_env any mapping)
_READ: dict[str, Callable[[Env], Any]] = {
    "database_url": lambda e: e.get("DATABASE_URL") or None,
    "var_dir": lambda e: Path(e.get("KOPROGO_VAR") or ROOT / "var"),
    "secure_cookies": lambda e: e.get("KOPROGO_SECURE_COOKIES") == "1",
    "pool_min": lambda e: _int(e.get("KOPROGO_POOL_MIN", ""), 2),
    "pool_max": lambda e: _int(e.get("KOPROGO_POOL_MAX", ""), 10),
    "smtp_host": lambda e: e.get("KOPROGO_SMTP_HOST") or "127.0.0.1",
    "smtp_port": lambda e: _int(e.get("KOPROGO_SMTP_PORT", ""), 8025),
    "smtp_starttls": lambda e: e.get("KOPROGO_SMTP_STARTTLS") == "1",
    "smtp_user": lambda e: e.get("KOPROGO_SMTP_USER", ""),
    "smtp_password": lambda e: e.get("KOPROGO_SMTP_PASSWORD", ""),
    "smtp_ca_file": lambda e: e.get("KOPROGO_SMTP_CA_FILE", ""),
    "mail_from": lambda e: e.get("KOPROGO_MAIL_FROM") or "syndic@koprogo.local",
    "dev_pages": lambda e: e.get("KOPROGO_DEV") == "1",
    "bind": lambda e: e.get("KOPROGO_BIND") or "127.0.0.1:8080",
    "workers": lambda e: _int(e.get("KOPROGO_WORKERS", ""), 1),
    "public_url": lambda e: (e.get("KOPROGO_PUBLIC_URL") or "").rstrip("/"),
    "trusted_proxies": lambda e: _networks(e.get("KOPROGO_TRUSTED_PROXIES", "")),
    "metrics_token": lambda e: e.get("KOPROGO_METRICS_TOKEN", ""),
    "replica_url": lambda e: e.get("KOPROGO_REPLICA_URL") or None,
    "replica_max_lag": lambda e: float(e.get("KOPROGO_REPLICA_MAX_LAG") or 5) if _is_float(
        e.get("KOPROGO_REPLICA_MAX_LAG") or "5") else 5.0,
    "listen_url": lambda e: e.get("KOPROGO_LISTEN_URL") or None,
    "log_format": lambda e: e.get("KOPROGO_LOG_FORMAT") or "text",
    "statement_cache": lambda e: _int(e.get("KOPROGO_STATEMENT_CACHE", ""), 100),
    "secret_key": lambda e: e.get("KOPROGO_SECRET_KEY", "").strip(),
}


def _is_float(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def _from_os(name: str) -> Any:
    """A field read from the process's environment when the Config is made (a dataclass field: Any)."""
    read = _READ[name]
    return field(default_factory=lambda: read(os.environ))


@dataclass
class Config:
    database_url: str | None = _from_os("database_url")
    var_dir: Path = _from_os("var_dir")  # uploaded files (local storage)
    secure_cookies: bool = _from_os("secure_cookies")
    pool_min: int = _from_os("pool_min")
    pool_max: int = _from_os("pool_max")
    smtp_host: str = _from_os("smtp_host")
    smtp_port: int = _from_os("smtp_port")
    smtp_starttls: bool = _from_os("smtp_starttls")
    smtp_user: str = _from_os("smtp_user")
    smtp_password: str = _from_os("smtp_password")
    smtp_ca_file: str = _from_os("smtp_ca_file")  # a private CA for the mail server's certificate (tests)
    mail_from: str = _from_os("mail_from")
    dev_pages: bool = _from_os("dev_pages")
    bind: str = _from_os("bind")
    workers: int = _from_os("workers")
    public_url: str = _from_os("public_url")
    trusted_proxies: tuple[Network, ...] = _from_os("trusted_proxies")
    metrics_token: str = _from_os("metrics_token")
    replica_url: str | None = _from_os("replica_url")  # read-only reports (web/replica.py)
    replica_max_lag: float = _from_os("replica_max_lag")
    # a direct connection (not through PgBouncer) for LISTEN: token revocations seen by every process at once
    listen_url: str | None = _from_os("listen_url")
    log_format: str = _from_os("log_format")
    # asyncpg's prepared-statement cache per connection: 0 behind PgBouncer in transaction mode (1.18 cannot
    # follow named statements from one server connection to the next; unnamed ones are safe)
    statement_cache: int = _from_os("statement_cache")
    # the key sealing secrets at rest (TOTP): base64 of 32 bytes; empty: the key file var_dir/secret.key
    secret_key: str = _from_os("secret_key")
    run_workers: bool = True  # background tasks (outbox); tests turn them off and drive them directly
    enforce_production: bool = False  # set by production(): refuse a database holding the demo accounts

    def sealing_key(self) -> bytes:
        """The key sealing secrets at rest: KOPROGO_SECRET_KEY, else the key file under var_dir (made, readable
        by this account only, at the first start; one machine only — several must share KOPROGO_SECRET_KEY)."""
        if self.secret_key:
            return parse_key(self.secret_key)
        path = self.var_dir / "secret.key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(new_key() + "\n")
        return parse_key(path.read_text())

    @property
    def development(self) -> bool:
        """`make run`: demo data, the dev mail catch-all and its page."""
        return self.dev_pages

    @classmethod
    def from_env(cls, env: Env) -> Config:
        """The settings these values describe (unchecked: see check())."""
        return cls(**{name: read(env) for name, read in _READ.items()})

    @classmethod
    def production(cls, env: Env | None = None) -> Config:
        """The settings of a production process, every value checked (ConfigError lists every problem)."""
        values = environment(env)
        problems = check(values)
        if problems:
            raise ConfigError(problems)
        config = cls.from_env(values)
        if not config.development:
            config.enforce_production = True
            config.secure_cookies = config.secure_cookies or config.public_url.startswith("https://")
            config.log_format = values.get("KOPROGO_LOG_FORMAT") or "json"
        return config


def _check_bind(bind: str) -> str | None:
    if bind.startswith("unix:"):
        return None if len(bind) > 5 else "KOPROGO_BIND=unix: needs a socket path"
    host, sep, port = bind.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536 or not host:
        return f"KOPROGO_BIND={bind!r}: want HOST:PORT (e.g. 127.0.0.1:8080) or unix:/path"
    return None


def check(env: Mapping[str, str]) -> list[str]:
    """Every problem with these settings for the process they describe (production unless KOPROGO_DEV=1)."""
    problems: list[str] = []
    dev = env.get("KOPROGO_DEV") == "1"
    get = env.get

    def integer(name: str, low: int, high: int) -> None:
        value = get(name, "")
        if value and (not value.strip().isdigit() or not low <= int(value) <= high):
            problems.append(f"{name}={value!r}: want a whole number from {low} to {high}")

    def flag(name: str) -> None:
        if get(name, "") not in ("", "0", "1"):
            problems.append(f"{name}={get(name)!r}: want 1 (on) or 0 (off)")

    for name, low, high in (("KOPROGO_POOL_MIN", 0, 1000), ("KOPROGO_POOL_MAX", 1, 1000),
                            ("KOPROGO_SMTP_PORT", 1, 65535), ("KOPROGO_WORKERS", 1, 256),
                            ("KOPROGO_STATEMENT_CACHE", 0, 10000)):
        integer(name, low, high)
    for name in ("KOPROGO_SMTP_STARTTLS", "KOPROGO_SECURE_COOKIES", "KOPROGO_DEV"):
        flag(name)
    if get("KOPROGO_POOL_MIN", "").isdigit() and get("KOPROGO_POOL_MAX", "").isdigit() \
            and int(get("KOPROGO_POOL_MIN", "0")) > int(get("KOPROGO_POOL_MAX", "0")):
        problems.append("KOPROGO_POOL_MIN is larger than KOPROGO_POOL_MAX")
    if problem := _check_bind(get("KOPROGO_BIND", "127.0.0.1:8080")):
        problems.append(problem)
    try:
        parse_networks(get("KOPROGO_TRUSTED_PROXIES", ""))
    except ValueError as exc:
        problems.append(f"KOPROGO_TRUSTED_PROXIES: {exc}")
    lag = get("KOPROGO_REPLICA_MAX_LAG", "")
    try:
        if lag and float(lag) <= 0:
            raise ValueError
    except ValueError:
        problems.append(f"KOPROGO_REPLICA_MAX_LAG={lag!r}: want a number of seconds above 0")
    for name in ("DATABASE_URL", "KOPROGO_REPLICA_URL", "KOPROGO_LISTEN_URL"):
        url = get(name, "")
        if url and urlsplit(url).scheme not in ("postgresql", "postgres"):
            problems.append(f"{name}: want a postgresql://… URL")
    if get("KOPROGO_SECRET_KEY", "").strip():
        try:
            parse_key(get("KOPROGO_SECRET_KEY", ""))
        except BadKey as exc:
            problems.append(f"KOPROGO_SECRET_KEY: {exc} (make one: python -m web.serve new-secret-key)")
    if get("KOPROGO_LOG_FORMAT", "json") not in ("json", "text"):
        problems.append(f"KOPROGO_LOG_FORMAT={get('KOPROGO_LOG_FORMAT')!r}: want json or text")
    if dev:
        return problems
    # production only: what must be said, and said safely
    if not get("DATABASE_URL"):
        problems.append("DATABASE_URL is missing (postgresql://user:password@host:port/dbname)")
    public = get("KOPROGO_PUBLIC_URL", "")
    parts = urlsplit(public)
    if not public:
        problems.append("KOPROGO_PUBLIC_URL is missing: the address users reach (https://copro.example.be); "
                        "links in e-mails are built from it")
    elif parts.scheme not in ("https", "http") or not parts.hostname or parts.path not in ("", "/"):
        problems.append(f"KOPROGO_PUBLIC_URL={public!r}: want https://host[:port] with no path")
    elif parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        problems.append(f"KOPROGO_PUBLIC_URL={public!r}: must be https:// (http only for a loopback test)")
    if not get("KOPROGO_SMTP_HOST"):
        problems.append("KOPROGO_SMTP_HOST is missing: the mail server the outbox sends through")
    elif get("KOPROGO_SMTP_HOST") not in LOOPBACK_HOSTS and get("KOPROGO_SMTP_STARTTLS", "") != "1":
        problems.append("KOPROGO_SMTP_STARTTLS must be 1 for a mail server that is not on this machine "
                        "(legal notices must not cross the network in clear)")
    if bool(get("KOPROGO_SMTP_USER")) != bool(get("KOPROGO_SMTP_PASSWORD")):
        problems.append("KOPROGO_SMTP_USER and KOPROGO_SMTP_PASSWORD go together (both or neither)")
    if get("KOPROGO_SMTP_USER") and get("KOPROGO_SMTP_STARTTLS", "") != "1":
        problems.append("KOPROGO_SMTP_USER is set without KOPROGO_SMTP_STARTTLS=1: the password would be sent in clear")
    if get("KOPROGO_SMTP_CA_FILE") and not Path(get("KOPROGO_SMTP_CA_FILE", "")).is_file():
        problems.append(f"KOPROGO_SMTP_CA_FILE={get('KOPROGO_SMTP_CA_FILE')}: no such file")
    mail_from = get("KOPROGO_MAIL_FROM", "")
    if "@" not in mail_from or mail_from.endswith(".local"):
        problems.append("KOPROGO_MAIL_FROM is missing or not a real address (the sender of every e-mail)")
    var = Path(get("KOPROGO_VAR", str(ROOT / "var")))
    if not var.is_dir():
        problems.append(f"KOPROGO_VAR={var}: the storage folder (uploaded invoices, documents) does not exist")
    elif not os.access(var, os.W_OK):
        problems.append(f"KOPROGO_VAR={var}: the storage folder is not writable by this user")
    token = get("KOPROGO_METRICS_TOKEN", "")
    if token and len(token) < 24:
        problems.append("KOPROGO_METRICS_TOKEN is shorter than 24 characters")
    return problems
