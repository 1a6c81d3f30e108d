"""Production settings checked at start-up, the client's address and scheme from the proxy (only a trusted
one), /metrics kept private, the request id on the error page, and no demo data in production."""
from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from domain.demo import DemoDatabase, load_demo, refuse_demo_database
from tests.factories import PASSWORD, bearer, make_org, make_user, token
from tests.fixtures import OneConnectionPool
from web.app import create_app
from web.config import Config, ConfigError, check, environment
from web.proxy import TrustedProxies, client_from


def _good(tmp_path: Path) -> dict[str, str]:
    return {"DATABASE_URL": "postgresql://koprogo:secret@db:5432/koprogo", "KOPROGO_PUBLIC_URL": "https://copro.example.be",
            "KOPROGO_SMTP_HOST": "smtp.example.be", "KOPROGO_SMTP_PORT": "587", "KOPROGO_SMTP_STARTTLS": "1",
            "KOPROGO_SMTP_USER": "koprogo", "KOPROGO_SMTP_PASSWORD": "pw", "KOPROGO_MAIL_FROM": "syndic@example.be",
            "KOPROGO_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/24", "KOPROGO_VAR": str(tmp_path)}


def test_a_complete_production_setting_passes_and_is_read(tmp_path: Path) -> None:
    config = Config.production(_good(tmp_path))
    assert config.enforce_production and config.secure_cookies and config.log_format == "json"
    assert config.smtp_starttls and config.smtp_port == 587 and config.bind == "127.0.0.1:8080"
    assert ipaddress.ip_address("10.0.0.9") in config.trusted_proxies[1]


def test_every_missing_or_wrong_value_is_named_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        Config.production({"KOPROGO_SMTP_PORT": "smtp", "KOPROGO_TRUSTED_PROXIES": "nginx",
                           "KOPROGO_BIND": "8080", "KOPROGO_VAR": str(tmp_path / "missing")})
    text = str(caught.value)
    for name in ("DATABASE_URL is missing", "KOPROGO_PUBLIC_URL is missing", "KOPROGO_SMTP_PORT='smtp'",
                 "KOPROGO_TRUSTED_PROXIES: 'nginx' is not an IP", "KOPROGO_BIND='8080'", "KOPROGO_MAIL_FROM",
                 "KOPROGO_VAR="):
        assert name in text, name
    assert len(caught.value.problems) == 8  # the SMTP host as well (missing)


@pytest.mark.parametrize("change, expected", [
    ({"KOPROGO_SMTP_STARTTLS": "0"}, "KOPROGO_SMTP_STARTTLS must be 1"),
    ({"KOPROGO_SMTP_PASSWORD": ""}, "go together"),
    ({"KOPROGO_PUBLIC_URL": "http://copro.example.be"}, "must be https://"),
    ({"KOPROGO_PUBLIC_URL": "https://copro.example.be/app"}, "with no path"),
    ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL: want a postgresql"),
    ({"KOPROGO_METRICS_TOKEN": "short"}, "shorter than 24"),
    ({"KOPROGO_POOL_MIN": "20", "KOPROGO_POOL_MAX": "10"}, "POOL_MIN is larger"),
])
def test_unsafe_or_inconsistent_values_are_refused(tmp_path: Path, change: dict[str, str], expected: str) -> None:
    problems = check({**_good(tmp_path), **change})
    assert expected in problems[0], problems


def test_development_needs_nothing_and_a_file_is_read_under_the_environment(tmp_path: Path) -> None:
    assert check({"KOPROGO_DEV": "1"}) == []
    settings = tmp_path / "koprogo.env"
    settings.write_text("# production\nKOPROGO_BIND=0.0.0.0:9000\nexport KOPROGO_WORKERS='3'\nKOPROGO_DEV=0\n")
    values = environment({"KOPROGO_CONFIG": str(settings), "KOPROGO_WORKERS": "2"})
    assert values["KOPROGO_BIND"] == "0.0.0.0:9000" and values["KOPROGO_WORKERS"] == "2"
    with pytest.raises(ConfigError, match="no such file"):
        environment({"KOPROGO_CONFIG": str(tmp_path / "nope.env")})


def test_the_development_server_binds_loopback_by_default() -> None:
    assert Config.from_env({"KOPROGO_DEV": "1"}).bind == "127.0.0.1:8080"


NETS = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/24"))


@pytest.mark.parametrize("header, client", [
    ("203.0.113.7", "203.0.113.7"),
    ("198.51.100.1, 203.0.113.7", "203.0.113.7"),           # the left part is the client's own claim
    ("203.0.113.7, 10.0.0.3", "203.0.113.7"),               # through a second proxy of ours
    ("2001:db8::5", "2001:db8::5"),
    ("not-an-address", None),
])
def test_the_client_is_the_last_address_before_our_proxies(header: str, client: str | None) -> None:
    assert client_from(header, NETS) == client


async def _scope_through(peer: str, headers: list[tuple[bytes, bytes]]) -> dict:
    seen = {}

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        seen.update(scope)
    await TrustedProxies(app, NETS)({"type": "http", "client": (peer, 5000), "scheme": "http", "headers": headers},
                                    None, None)
    return seen


async def test_forwarded_headers_count_only_from_a_trusted_peer() -> None:
    headers = [(b"x-forwarded-for", b"203.0.113.7"), (b"x-forwarded-proto", b"https")]
    trusted = await _scope_through("127.0.0.1", headers)
    assert trusted["client"] == ("203.0.113.7", 0) and trusted["scheme"] == "https"
    stranger = await _scope_through("198.51.100.9", headers)
    assert stranger["client"] == ("198.51.100.9", 5000) and stranger["scheme"] == "http"


def _app(conn, **settings):  # type: ignore[no-untyped-def]
    config = Config()
    config.run_workers = False
    for name, value in settings.items():
        setattr(config, name, value)
    return create_app(config, pool=OneConnectionPool(conn))


async def test_the_login_throttle_and_the_secure_cookie_see_the_real_client(conn) -> None:
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    client = _app(conn, trusted_proxies=NETS).test_client()
    via_proxy = {"client": ("127.0.0.1", 4000)}
    for ip in ("203.0.113.7", "203.0.113.8"):
        r = await client.post("/api/v1/auth/login", json={"email": user.email, "password": "wrong-password"},
                              headers={"X-Forwarded-For": ip}, scope_base=via_proxy)
        assert r.status_code == 401
    r = await client.post("/api/v1/auth/login", json={"email": user.email, "password": "wrong-password"},
                          headers={"X-Forwarded-For": "192.0.2.1"}, scope_base={"client": ("198.51.100.9", 1)})
    ips = [r["ip"] for r in await conn.fetch("SELECT ip FROM login_attempts WHERE email = $1 ORDER BY id", user.email)]
    assert ips == ["203.0.113.7", "203.0.113.8", "198.51.100.9"]  # a stranger's header is ignored
    page = await client.get("/login", headers={"X-Forwarded-Proto": "https"}, scope_base=via_proxy)
    r = await client.post("/login", form={"email": user.email, "password": PASSWORD,
                                          "csrf_token": page.headers["Set-Cookie"].split("kg_csrf=")[1].split(";")[0]},
                          headers={"X-Forwarded-Proto": "https"}, scope_base=via_proxy)
    assert r.status_code == 303 and "Secure" in r.headers.get_all("Set-Cookie")[0]


async def test_metrics_answer_a_local_scrape_or_the_token_only(conn) -> None:
    secret = "m" * 32
    client = _app(conn, trusted_proxies=NETS, metrics_token=secret).test_client()
    await client.get("/api/v1/health", scope_base={"client": ("127.0.0.1", 1)})
    local = await client.get("/metrics", scope_base={"client": ("127.0.0.1", 1)})
    body = (await local.get_data()).decode()
    assert local.status_code == 200
    assert 'koprogo_http_request_duration_seconds_count{method="GET",route="/api/v1/health"}' in body
    assert "koprogo_outbox_pending 0.0" in body and "koprogo_outbox_oldest_pending_seconds" in body
    proxied = await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.7"},
                               scope_base={"client": ("127.0.0.1", 1)})
    assert proxied.status_code == 404
    remote = await client.get("/metrics", scope_base={"client": ("198.51.100.9", 1)})
    assert remote.status_code == 404
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer " + "x" * 32},
                             scope_base={"client": ("198.51.100.9", 1)})
    assert wrong.status_code == 404
    right = await client.get("/metrics", headers={"Authorization": "Bearer " + secret},
                             scope_base={"client": ("198.51.100.9", 1)})
    assert right.status_code == 200


async def test_the_error_page_shows_the_request_id_the_logs_carry(conn) -> None:
    org = await make_org(conn)
    user = await make_user(conn, org, "syndic")
    client = _app(conn, trusted_proxies=NETS).test_client()
    r = await client.get("/buildings/00000000-0000-0000-0000-000000000000",
                         headers=bearer(await token(conn, user, org, "syndic")))
    rid = r.headers["X-Request-ID"]
    assert r.status_code == 404 and len(rid) == 16
    assert f"Référence à communiquer au support : {rid}" in (await r.get_data()).decode()
    # nginx's id is kept when nginx (a trusted proxy) sends it
    r = await client.get("/nowhere", headers={"X-Request-ID": "abcdef0123456789abcdef0123456789"},
                         scope_base={"client": ("127.0.0.1", 1)})
    assert r.headers["X-Request-ID"] == "abcdef0123456789abcdef0123456789"


async def test_a_production_start_refuses_the_demo_database(conn) -> None:
    await refuse_demo_database(conn)  # an empty database is fine
    await load_demo(conn)
    with pytest.raises(DemoDatabase, match="syndic@demo.koprogo.be"):
        await refuse_demo_database(conn)


def test_the_development_server_refuses_to_run_outside_development(monkeypatch, capsys) -> None:
    from web import serve
    monkeypatch.delenv("KOPROGO_DEV", raising=False)
    with pytest.raises(SystemExit) as stopped:
        serve.main(["serve", "run"])
    assert stopped.value.code == 2 and "KOPROGO_DEV=1" in capsys.readouterr().err


def test_the_production_web_command_refuses_the_demo_database_before_starting(clone_db, monkeypatch, capsys,
                                                                              tmp_path) -> None:
    from tests.fixtures import run_in_thread
    from web import serve
    url = clone_db("koprogo_demo_refused")
    run_in_thread(serve.prepare, url, True)  # what `make run` leaves: the demo accounts
    for key, value in {"DATABASE_URL": url, "KOPROGO_PUBLIC_URL": "http://127.0.0.1:8080",
                       "KOPROGO_SMTP_HOST": "127.0.0.1", "KOPROGO_MAIL_FROM": "syndic@example.test",
                       "KOPROGO_VAR": str(tmp_path)}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("KOPROGO_DEV", raising=False)
    with pytest.raises(SystemExit) as stopped:
        serve.main(["serve", "web"])
    assert stopped.value.code == 3 and "demo accounts" in capsys.readouterr().err
