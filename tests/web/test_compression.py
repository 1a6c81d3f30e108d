"""gzip of pages, fragments, JSON and static files (web/compression.py)."""
from __future__ import annotations

import gzip

from tests.factories import api_user, browser_login, make_building

GZ = {"Accept-Encoding": "gzip, deflate"}


async def test_page_is_gzipped_when_accepted_and_plain_otherwise(client):
    plain = await client.get("/login")
    packed = await client.get("/login", headers=GZ)
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed.headers["Vary"]
    body = await packed.get_data(as_text=False)
    assert gzip.decompress(body) == await plain.get_data(as_text=False)
    assert int(packed.headers["Content-Length"]) == len(body) < len(await plain.get_data(as_text=False))


async def test_static_files_are_gzipped_once_and_keep_long_cache(client):
    first = await client.get("/static/htmx.min.js", headers=GZ)
    again = await client.get("/static/htmx.min.js", headers=GZ)
    body = await first.get_data(as_text=False)
    assert first.headers["Content-Encoding"] == "gzip" and len(body) < 20_000
    assert await again.get_data(as_text=False) == body
    assert "immutable" in first.headers["Cache-Control"]
    assert first.headers["ETag"].endswith('-gzip"')
    plain = await client.get("/static/htmx.min.js")
    assert gzip.decompress(body) == await plain.get_data(as_text=False)


async def test_json_list_is_gzipped_and_small_json_is_not(client, conn):
    org, _, auth = await api_user(conn)
    for i in range(12):
        await make_building(conn, org, name=f"Résidence {i:02d}")
    big = await client.get("/api/v1/buildings", headers={**auth, **GZ})
    assert big.headers["Content-Encoding"] == "gzip"
    assert b'"pagination"' in gzip.decompress(await big.get_data(as_text=False))
    small = await client.get("/api/v1/health", headers=GZ)
    assert "Content-Encoding" not in small.headers


async def test_refused_gzip_and_ranges_stay_plain(client):
    refused = await client.get("/login", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "Content-Encoding" not in refused.headers
    ranged = await client.get("/static/htmx.min.js", headers={**GZ, "Range": "bytes=0-99"})
    assert "Content-Encoding" not in ranged.headers


async def test_htmx_fragment_is_gzipped_too(client, conn):
    org, _, _ = await browser_login(client, conn)
    for i in range(15):
        await make_building(conn, org, name=f"Immeuble {i:02d}", city="Namur")
    resp = await client.get("/buildings", headers={"HX-Request": "true", **GZ})
    html = gzip.decompress(await resp.get_data(as_text=False)).decode()
    assert resp.headers["Content-Encoding"] == "gzip" and "<html" not in html and "Immeuble 00" in html
