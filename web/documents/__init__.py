"""Documents the product sends or files — PDFs from templates (WeasyPrint) and the messages around them —
written in one place for the pages, the API and the worker alike; each area has its module here."""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from quart import Response

from web import i18n
from web.htmx import render


def _no_fetch(url: str) -> dict[str, Any]:
    """Our PDF templates are self-contained: no network or file access while rendering."""
    raise ValueError(f"no external resource in a PDF: {url}")


def _write_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported on first use: 25 MB a worker need not hold otherwise
    data: bytes = HTML(string=html, url_fetcher=_no_fetch).write_pdf()
    return data


async def pdf(template: str, **context: object) -> bytes:
    """A PDF from a Jinja2 template (WeasyPrint is CPU-bound: it runs off the event loop)."""
    html = await render(template, **context)
    return await asyncio.to_thread(_write_pdf, html)


def _write_parts(parts: list[str]) -> bytes:
    from weasyprint import HTML
    documents = [HTML(string=part, url_fetcher=_no_fetch).render() for part in parts]
    if not documents:
        return _write_pdf("<p></p>")
    pages = [page for document in documents for page in document.pages]
    data: bytes = documents[0].copy(pages).write_pdf()
    return data


async def pdf_from_parts(parts: list[str]) -> bytes:
    """One PDF of several rendered HTML documents, page after page (letters each in their own language)."""
    return await asyncio.to_thread(_write_parts, parts)


def pdf_response(data: bytes, filename: str, inline: bool = False) -> Response:
    """A PDF to download (or to show in the browser, `inline`)."""
    disposition = "inline" if inline else "attachment"
    return Response(data, content_type="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


@contextmanager
def language(code: str) -> Iterator[None]:
    """Render in a recipient's language (French when there is no catalogue for it)."""
    token = i18n.current_locale.set(code if code in i18n.LANGUAGES else "fr")
    try:
        yield
    finally:
        i18n.current_locale.reset(token)
