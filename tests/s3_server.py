"""A real S3 API on loopback for the tests: moto's server mode (its own port, a bucket of our own)."""
from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from domain.storage import S3Storage


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def s3_server() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 (a thread of this process); yields its endpoint URL."""
    from moto.server import ThreadedMotoServer
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_storage(endpoint: str, bucket: str) -> S3Storage:
    """A store on a fresh bucket of that server."""
    store = S3Storage(bucket, endpoint_url=endpoint, region="eu-west-1", access_key="test", secret_key="test",
                      prefix="koprogo/")
    store.client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return store
