"""Invoice files: what may be stored (PDF or image, checked by magic bytes, at most 10 MB) and where."""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from domain.errors import Invalid
from domain.i18n import _

MAX_BYTES = 10 * 1024 * 1024
_KEY = re.compile(r"^[a-z0-9][a-z0-9/_-]{0,120}\.(pdf|png|jpg|webp)$")
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)


class Storage(Protocol):
    """Where files live: the local disk by default, an S3-compatible bucket later."""

    async def put(self, key: str, data: bytes) -> None: ...
    async def get(self, key: str) -> bytes | None: ...
    async def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files under a folder on disk (var/files by default); keys are generated, never user text."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY.match(key) or ".." in key:
            raise ValueError(f"bad storage key: {key!r}")
        return self.root / key

    async def put(self, key: str, data: bytes) -> None:
        """Write a file (atomically: a temporary file renamed)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + ".part")
        tmp.write_bytes(data)
        tmp.replace(path)

    async def get(self, key: str) -> bytes | None:
        """A file's bytes, or None when it is gone."""
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    async def delete(self, key: str) -> None:
        """Remove a file if it is there."""
        self._path(key).unlink(missing_ok=True)


@dataclass(frozen=True)
class Upload:
    """A checked invoice file ready to store."""
    name: str
    content_type: str
    data: bytes
    extension: str

    def new_key(self, org_id: object) -> str:
        """A fresh, unguessable storage key in the organisation's folder."""
        return f"invoices/{org_id}/{secrets.token_hex(16)}.{self.extension}"


def check_upload(filename: str | None, data: bytes, field: str = "invoice_file") -> Upload:
    """Accept a PDF, PNG or JPEG (by its first bytes, not its name) of at most 10 MB."""
    if not data:
        raise Invalid({field: _("Le fichier est vide.")})
    if len(data) > MAX_BYTES:
        raise Invalid({field: _("Le fichier dépasse 10 Mo.")})
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            name = Path(filename or f"facture.{extension}").name[:200] or f"facture.{extension}"
            return Upload(name, content_type, data, extension)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Upload(Path(filename or "facture.webp").name[:200], "image/webp", data, "webp")
    raise Invalid({field: _("Seuls les fichiers PDF, PNG, JPEG ou WebP sont acceptés.")})
