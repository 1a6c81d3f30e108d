"""The app's file store and how a stored file is sent back, shared by the pages and the API."""
from __future__ import annotations

from pathlib import Path

from quart import Response, current_app

from domain.storage import LocalStorage, Storage


def invoice_storage() -> Storage:
    """The app's file store: var/files on disk unless the app was given another (tests, S3)."""
    if current_app.config.get("STORAGE") is None:
        current_app.config["STORAGE"] = LocalStorage(Path(current_app.config["KOPROGO"].var_dir) / "files")
    return current_app.config["STORAGE"]


def file_response(name: str, content_type: str, data: bytes) -> Response:
    """A stored file with a safe filename: images shown inline, PDFs downloaded (no active content runs here)."""
    safe = "".join(c for c in name if c.isalnum() or c in "._- ")[:100] or "facture"
    disposition = "inline" if content_type.startswith("image/") else "attachment"
    return Response(data, content_type=content_type, headers={
        "Content-Disposition": f'{disposition}; filename="{safe}"', "X-Content-Type-Options": "nosniff"})
