"""Revoking a member ends their session in another process at once: a real server runs in a child process
(its own token cache, kept 300 s so that only the database's notification can evict it); the syndic revokes
here, and the member's very next request there is refused."""
from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from domain.platform import members
from queries.db import connect
from tests.factories import actor, make_org, make_user, token

_SERVER = """
import asyncio, sys
from hypercorn.asyncio import serve
from hypercorn.config import Config as Hyper
from web.app import create_app
from web.config import Config
config = Config()
config.database_url = sys.argv[1]
hyper = Hyper()
hyper.bind = [f"127.0.0.1:{sys.argv[2]}"]
asyncio.run(serve(create_app(config), hyper))
"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(url: str, headers: dict[str, str]) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=5) as resp:
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


async def test_a_revoked_session_fails_in_another_process_at_once(clone_db):
    url = clone_db("koprogo_members_revocation")
    writer = await connect(url)
    port = _port()
    env = {**os.environ, "KOPROGO_TOKEN_CACHE_SECONDS": "300", "DATABASE_URL": url}
    child = subprocess.Popen([sys.executable, "-c", _SERVER, url, str(port)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        org = await make_org(writer)
        syndic = await make_user(writer, org, "syndic")
        member = await make_user(writer, org, "accountant")
        session = await token(writer, member, org, "accountant", kind="session")
        cookie = {"Cookie": f"kg_session={session}"}
        me = f"http://127.0.0.1:{port}/api/v1/auth/me"
        start = time.monotonic()
        while True:  # the child is up and listening, and has cached the member's session
            try:
                if await asyncio.to_thread(_status, me, cookie) == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() - start < 30, "the server did not start"
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)  # its LISTEN connection is up (it answers from the cache from then on)
        assert await asyncio.to_thread(_status, me, cookie) == 200
        await members.revoke_access(writer, actor(syndic, org, "syndic"), member.id)
        revoked_at = time.monotonic()
        assert await asyncio.to_thread(_status, me, cookie) == 401
        assert time.monotonic() - revoked_at < 1
    finally:
        child.terminate()
        child.wait(10)
        await writer.close()
