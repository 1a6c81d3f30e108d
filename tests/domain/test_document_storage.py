"""The document store: the disk and an S3-compatible bucket (moto's server on loopback) pass the same tests."""
from __future__ import annotations

import asyncio
import hashlib
import itertools
from pathlib import Path

import pytest

from domain.storage import LocalStorage, S3Storage, new_key, storage_from_env
from tests.s3_server import s3_server, s3_storage

_buckets = itertools.count(1)


@pytest.fixture(scope="module")
def s3_endpoint():
    with s3_server() as endpoint:
        yield endpoint


@pytest.fixture(params=["disk", "s3"])
def store(request, tmp_path: Path):
    if request.param == "disk":
        return LocalStorage(tmp_path)
    return s3_storage(request.getfixturevalue("s3_endpoint"), f"koprogo-test-{next(_buckets)}")


async def test_put_get_delete_round_trip(store) -> None:
    key = new_key("documents", "org-1", "pdf")
    data = b"%PDF-1.4 " + bytes(range(256)) * 100
    await store.put(key, data)
    back = await store.get(key)
    assert back is not None and hashlib.sha256(back).hexdigest() == hashlib.sha256(data).hexdigest()
    await store.delete(key)
    assert await store.get(key) is None
    await store.delete(key)  # deleting what is gone is not an error


async def test_a_missing_key_is_none(store) -> None:
    assert await store.get(new_key("documents", "org-1", "png")) is None


async def test_overwrite_replaces_the_whole_file(store) -> None:
    key = new_key("exports", "org-2", "zip")
    await store.put(key, b"first version, longer than the second")
    await store.put(key, b"second")
    assert await store.get(key) == b"second"


@pytest.mark.parametrize("key", ["../etc/passwd.pdf", "documents/x/../../y.pdf", "/abs/path.pdf",
                                 "documents/x/y.html", "documents/x/y", "Documents/X.pdf"])
async def test_keys_not_generated_here_are_refused(store, key: str) -> None:
    with pytest.raises(ValueError):
        await store.put(key, b"%PDF-")
    with pytest.raises(ValueError):
        await store.get(key)


async def test_concurrent_writes_of_different_keys(store) -> None:
    keys = [new_key("documents", "org-3", "pdf") for _ in range(8)]
    await asyncio.gather(*(store.put(k, f"%PDF-{i}".encode()) for i, k in enumerate(keys)))
    assert [await store.get(k) for k in keys] == [f"%PDF-{i}".encode() for i in range(8)]


def test_the_store_is_chosen_by_the_environment(tmp_path: Path, s3_endpoint: str) -> None:
    assert isinstance(storage_from_env(tmp_path, {}), LocalStorage)
    s3 = storage_from_env(tmp_path, {"KOPROGO_STORAGE": "s3", "KOPROGO_S3_BUCKET": "b",
                                     "KOPROGO_S3_ENDPOINT": s3_endpoint})
    assert isinstance(s3, S3Storage) and s3.bucket == "b"
