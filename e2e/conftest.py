"""Playwright fixtures: a real server (hypercorn, in a thread) on a fresh database with the demo data, and
headless Debian Chromium pages (desktop, 360-px phone, JavaScript off)."""
from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.fixtures import run_in_thread

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(clone_db):
    """Base URL of a running app on a fresh database loaded with the demo data."""
    yield from _serve(clone_db)


@pytest.fixture
def own_server(clone_db):
    """Like live_server, but a server and demo database of the test's own (a journey that uses up demo data,
    such as the demo's one draft assembly, runs once with JavaScript and once without)."""
    yield from _serve(clone_db)


def _serve(clone_db):  # type: ignore[no-untyped-def]
    """A server on a fresh copy of the demo database: yields its base URL."""
    for base, _url in serving(clone_db, "koprogo_e2e"):
        yield base


def serving(clone_db, name: str):  # type: ignore[no-untyped-def]
    """A server of its own on a fresh copy `name` of the demo database: yields (base URL, database URL)."""
    from hypercorn.asyncio import serve
    from hypercorn.config import Config as HyperConfig

    from web.config import Config
    from web.serve import prepare

    url = clone_db(name)
    run_in_thread(prepare, url, True)
    config = Config()
    config.database_url = url
    port = _free_port()
    stop: dict[str, asyncio.Event] = {}

    def run() -> None:
        async def main() -> None:
            from web.app import create_app
            stop["event"] = asyncio.Event()
            hyper = HyperConfig()
            hyper.bind = [f"127.0.0.1:{port}"]
            hyper.accesslog = None
            await serve(create_app(config), hyper, shutdown_trigger=stop["event"].wait)  # type: ignore[arg-type]
        asyncio.run(main())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, url
    loop_event = stop.get("event")
    if loop_event is not None:
        loop_event._loop.call_soon_threadsafe(loop_event.set)  # type: ignore[attr-defined]
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium from Debian (browser downloads do not work here)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _page(browser, live_server, **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server, locale="fr-BE", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    return context, page


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def javascript(request) -> bool:  # type: ignore[no-untyped-def]
    """Every journey runs twice: with JavaScript (htmx) and without."""
    return bool(request.param)


@pytest.fixture
def page(browser, live_server, javascript):  # type: ignore[no-untyped-def]
    """A desktop page (1280×800), with JavaScript on or off (the `javascript` parameter)."""
    context, p = _page(browser, live_server, viewport={"width": 1280, "height": 800},
                       java_script_enabled=javascript)
    yield p
    context.close()


@pytest.fixture
def phone(browser, live_server, javascript):  # type: ignore[no-untyped-def]
    """A 360-pixel-wide phone page, with JavaScript on or off (the `javascript` parameter)."""
    context, p = _page(browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True,
                       has_touch=True, java_script_enabled=javascript)
    yield p
    context.close()


def whole(page) -> None:  # type: ignore[no-untyped-def]
    """After an action, the page is still a whole page: its header with the navigation, and its main content
    (a swap gone wrong leaves a bare fragment or a blank page)."""
    expect(page.locator("header.top")).to_be_visible()
    expect(page.locator("header.top .brand")).to_have_text("KoproGo")
    main = page.locator("main#main")
    expect(main).to_be_visible()
    expect(main.locator("h1").first).to_be_visible()
    assert page.locator("body > .page").count() == 1 and page.locator("main").count() == 1


@pytest.fixture
def nojs(browser, live_server):
    """A page with JavaScript disabled."""
    context, p = _page(browser, live_server, viewport={"width": 1280, "height": 800}, java_script_enabled=False)
    yield p
    context.close()


def login(page, base_url: str, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    """Log in through the login form."""
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/login" not in url)
    whole(page)
