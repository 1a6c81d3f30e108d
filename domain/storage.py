"""The file store and what may go in it.

Every stored file (an expense's invoice, a library document and its versions, a generated PDF, a handover ZIP)
lives behind one interface, `Storage` (`put` / `get` / `delete` by key). Keys are generated here, never built from
user text: `<folder>/<organisation>/<random hex>.<extension detected from the bytes>`. Two backends pass the same
tests (tests/domain/test_storage.py): `LocalStorage` (a folder on disk, the default) and `S3Storage` (any
S3-compatible bucket, so several app machines share the files), chosen by `storage_from_env`.

What may be uploaded is decided by the file's first bytes, never by its name or declared type: `check_upload`
(invoices: PDF, PNG, JPEG, WebP) and `check_document` (the library: those plus office files, whose ZIP container
is opened and measured so that a zip bomb is refused before anything unpacks it).
"""
from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from domain.errors import Invalid
from domain.i18n import _

MAX_BYTES = 10 * 1024 * 1024  # an invoice
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # a library document (under the app's 12 MB request limit)
ZIP_MAX_UNPACKED = 100 * 1024 * 1024  # an office file's parts, unpacked
ZIP_MAX_RATIO = 100  # unpacked ÷ packed: text compresses 5-20×, a bomb thousands of times
ZIP_MAX_ENTRIES = 2000
EXTENSIONS = ("pdf", "png", "jpg", "webp", "docx", "xlsx", "pptx", "odt", "ods", "doc", "xls", "zip")
_KEY = re.compile(r"^[a-z0-9][a-z0-9/_-]{0,120}\.(" + "|".join(EXTENSIONS) + r")$")
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls (Office 97-2003)
_OOXML = {"word/": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
          "xl/": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
          "ppt/": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation")}
_ODF = {"application/vnd.oasis.opendocument.text": "odt", "application/vnd.oasis.opendocument.spreadsheet": "ods"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "webp": "image/webp",
                 "doc": "application/msword", "xls": "application/vnd.ms-excel", "zip": "application/zip",
                 **{ext: ctype for ext, ctype in _OOXML.values()}, **{ext: ctype for ctype, ext in _ODF.items()}}


def check_key(key: str) -> str:
    """A key this module generated (folder, organisation, random name, known extension), or ValueError."""
    if not _KEY.match(key) or ".." in key or "//" in key:
        raise ValueError(f"bad storage key: {key!r}")
    return key


def new_key(folder: str, org_id: object, extension: str) -> str:
    """A fresh, unguessable key in the organisation's folder."""
    return check_key(f"{folder}/{org_id}/{secrets.token_hex(16)}.{extension}")


class Storage(Protocol):
    """Where files live: the local disk by default, an S3-compatible bucket in production."""

    async def put(self, key: str, data: bytes) -> None: ...
    async def get(self, key: str) -> bytes | None: ...
    async def delete(self, key: str) -> None: ...


class LocalStorage:
    """Files under a folder on disk (var/files by default); keys are generated, never user text."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    async def put(self, key: str, data: bytes) -> None:
        """Write a file (atomically: a temporary file renamed)."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(path.suffix + f".{secrets.token_hex(4)}.part")
        tmp.write_bytes(data)
        tmp.replace(path)

    async def get(self, key: str) -> bytes | None:
        """A file's bytes, or None when it is gone."""
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    async def delete(self, key: str) -> None:
        """Remove a file if it is there."""
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """Files in an S3-compatible bucket (AWS, MinIO, Ceph, Scaleway …) through boto3; boto3 blocks, so each
    call runs in a thread. `prefix` lets several installations share one bucket."""

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None, prefix: str = "") -> None:
        import boto3  # imported when configured: the disk store needs none of it
        from botocore.config import Config as BotoConfig
        self.bucket, self.prefix = bucket, prefix
        self.client: Any = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region or "us-east-1", aws_access_key_id=access_key,
            aws_secret_access_key=secret_key,
            config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30))

    def _key(self, key: str) -> str:
        return self.prefix + check_key(key)

    async def put(self, key: str, data: bytes) -> None:
        """Upload a file (S3 writes an object whole or not at all)."""
        await asyncio.to_thread(self.client.put_object, Bucket=self.bucket, Key=self._key(key), Body=data)

    async def get(self, key: str) -> bytes | None:
        """A file's bytes, or None when it is gone."""
        def read() -> bytes | None:
            try:
                body: bytes = self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
            except self.client.exceptions.NoSuchKey:
                return None
            return body
        return await asyncio.to_thread(read)

    async def delete(self, key: str) -> None:
        """Remove a file (S3 answers the same whether it was there or not)."""
        await asyncio.to_thread(self.client.delete_object, Bucket=self.bucket, Key=self._key(key))


def storage_from_env(var_dir: Path, env: dict[str, str] | None = None) -> Storage:
    """The configured store: `KOPROGO_STORAGE=s3` with `KOPROGO_S3_BUCKET`, `KOPROGO_S3_ENDPOINT`,
    `KOPROGO_S3_REGION`, `KOPROGO_S3_ACCESS_KEY`, `KOPROGO_S3_SECRET_KEY`, `KOPROGO_S3_PREFIX`; otherwise
    `var_dir/files` on disk."""
    env = dict(os.environ) if env is None else env
    if env.get("KOPROGO_STORAGE", "local") == "s3":
        return S3Storage(env["KOPROGO_S3_BUCKET"], endpoint_url=env.get("KOPROGO_S3_ENDPOINT") or None,
                         region=env.get("KOPROGO_S3_REGION") or None,
                         access_key=env.get("KOPROGO_S3_ACCESS_KEY") or None,
                         secret_key=env.get("KOPROGO_S3_SECRET_KEY") or None, prefix=env.get("KOPROGO_S3_PREFIX", ""))
    return LocalStorage(Path(var_dir) / "files")


@dataclass(frozen=True)
class Upload:
    """A checked file ready to store: its (cleaned) name, its type and extension as its bytes say."""
    name: str
    content_type: str
    data: bytes
    extension: str

    def new_key(self, org_id: object, folder: str = "invoices") -> str:
        """A fresh, unguessable storage key in the organisation's folder."""
        return new_key(folder, org_id, self.extension)

    @property
    def sha256(self) -> str:
        """The file's SHA-256, hex."""
        return hashlib.sha256(self.data).hexdigest()


def _sniff_image_or_pdf(data: bytes) -> tuple[str, str] | None:
    for magic, content_type, extension in _SIGNATURES:
        if data.startswith(magic):
            return content_type, extension
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp", "webp"
    return None


def check_upload(filename: str | None, data: bytes, field: str = "invoice_file") -> Upload:
    """Accept a PDF, PNG or JPEG (by its first bytes, not its name) of at most 10 MB."""
    if not data:
        raise Invalid({field: _("Le fichier est vide.")})
    if len(data) > MAX_BYTES:
        raise Invalid({field: _("Le fichier dépasse 10 Mo.")})
    found = _sniff_image_or_pdf(data)
    if found is None:
        raise Invalid({field: _("Seuls les fichiers PDF, PNG, JPEG ou WebP sont acceptés.")})
    content_type, extension = found
    name = Path((filename or "").replace("\\", "/")).name[:200] or f"facture.{extension}"
    return Upload(name, content_type, data, extension)


def _sniff_office(data: bytes, field: str) -> tuple[str, str] | None:
    """An office file (OOXML or OpenDocument: a ZIP; or the older OLE2 format), measured before anything unpacks."""
    if data.startswith(_OLE2):
        return None  # .doc or .xls: the caller tells them apart by the name's extension
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, NotImplementedError):
        raise Invalid({field: _("Ce fichier bureautique est endommagé.")}) from None
    unpacked = sum(e.file_size for e in entries)
    if len(entries) > ZIP_MAX_ENTRIES or unpacked > ZIP_MAX_UNPACKED or unpacked > ZIP_MAX_RATIO * max(len(data), 1):
        raise Invalid({field: _("Ce fichier se décompresse en un volume démesuré (bombe de décompression) : "
                                "refusé.")})
    names = {e.filename for e in entries}
    if "mimetype" in names:
        kind = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
        if kind in _ODF:
            return kind, _ODF[kind]
    if "[Content_Types].xml" in names:
        for folder, (extension, content_type) in _OOXML.items():
            if any(n.startswith(folder) for n in names):
                return content_type, extension
    return None


def _clean_name(filename: str | None, field: str) -> str:
    """The name the user gave, refused when it carries a path or control characters (we never use it as one)."""
    name = (filename or "").strip()
    if "/" in name or "\\" in name or ".." in name:
        raise Invalid({field: _("Le nom du fichier ne peut pas contenir de chemin (/, \\ ou ..).")})
    if any(ord(c) < 32 for c in name) or len(name) > 200:
        raise Invalid({field: _("Nom de fichier invalide (200 caractères au plus, sans caractère de contrôle).")})
    return name


def check_document(filename: str | None, data: bytes, field: str = "file",
                   max_bytes: int = DOCUMENT_MAX_BYTES) -> Upload:
    """Accept a library document — PDF, image, office file — by its bytes, of at most `max_bytes`; a name whose
    extension says otherwise than the bytes is refused (a script named .pdf never gets in)."""
    name = _clean_name(filename, field)
    if not data:
        raise Invalid({field: _("Le fichier est vide.")})
    if len(data) > max_bytes:
        raise Invalid({field: _("Le fichier dépasse la taille permise (%(mb)s Mo).", mb=max_bytes // (1024 * 1024))})
    found = _sniff_image_or_pdf(data) or _sniff_office(data, field)
    given_ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if found is None and data.startswith(_OLE2) and given_ext in ("doc", "xls"):
        found = CONTENT_TYPES[given_ext], given_ext
    if found is None:
        raise Invalid({field: _("Type de fichier refusé : seuls les PDF, images (PNG, JPEG, WebP) et documents "
                                "bureautiques (Word, Excel, PowerPoint, OpenDocument) sont acceptés, reconnus à "
                                "leur contenu.")})
    content_type, extension = found
    same = {extension, "jpeg"} if extension == "jpg" else {extension}
    if given_ext and given_ext not in same:
        raise Invalid({field: _("Le contenu du fichier (%(kind)s) ne correspond pas à son extension .%(ext)s.",
                                kind=extension.upper(), ext=given_ext)})
    return Upload(name or f"document.{extension}", content_type, data, extension)
