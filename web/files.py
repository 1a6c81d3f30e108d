"""The app's file store and how a stored file is sent back, shared by the pages and the API."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import quote

from quart import Response, current_app

from domain.storage import Storage, storage_from_env


def document_store() -> Storage:
    """The app's file store (invoices, documents, generated PDFs, exports): var/files on disk, or the S3 bucket
    of `KOPROGO_STORAGE=s3` (domain.storage.storage_from_env), unless the app was given another (tests)."""
    if current_app.config.get("STORAGE") is None:
        current_app.config["STORAGE"] = storage_from_env(Path(current_app.config["KOPROGO"].var_dir))
    store: Storage = current_app.config["STORAGE"]
    return store


invoice_storage = document_store  # the name the charges area has used since invoices came first


def safe_filename(name: str, fallback: str = "document") -> str:
    """An ASCII file name for the header (accents folded; no quote, slash or control character)."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in folded if c.isalnum() or c in "._- ")[:100].strip() or fallback


def file_response(name: str, content_type: str, data: bytes) -> Response:
    """A stored file to download: always an attachment of the type its bytes were recognised as, never sniffed
    (`nosniff`), named from the stored name (the UTF-8 name in filename*), never served from a path."""
    ascii_name = safe_filename(name)
    return Response(data, content_type=content_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name[:150])}",
        "X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"})
