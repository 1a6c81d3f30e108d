"""The personal-data export as a readable PDF (the same data as the JSON)."""
from __future__ import annotations

from typing import Any

from web.documents import pdf


async def personal_data_pdf(data: dict[str, Any]) -> bytes:
    """Everything held about a person, laid out for reading."""
    return await pdf("privacy/personal_data_pdf.html", data=data)
