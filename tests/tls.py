"""A throwaway self-signed certificate for loopback TLS tests (openssl from Debian)."""
from __future__ import annotations

import subprocess
from pathlib import Path


def self_signed(folder: Path, name: str = "localhost") -> tuple[Path, Path]:
    """(certificate, key) for localhost and 127.0.0.1, valid two days."""
    cert, key = folder / f"{name}.crt", folder / f"{name}.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    key.chmod(0o644)
    return cert, key
