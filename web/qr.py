"""QR codes drawn on the server (segno): inline SVG for pages, a PNG data URI for PDFs. Error correction M, as the
EPC payment code asks; the text is encoded in UTF-8 (never shortened: segno picks the smallest version)."""
from __future__ import annotations

import base64
import io

import segno
from markupsafe import Markup


def _code(text: str) -> segno.QRCode:
    return segno.make_qr(text, error="m", encoding="utf-8", boost_error=False)


def svg(text: str, label: str, scale: int = 4) -> Markup:
    """An inline SVG of the code, with `label` as its accessible name."""
    out = io.BytesIO()
    _code(text).save(out, kind="svg", scale=scale, border=4, xmldecl=False, svgns=True, title=label,
                     svgclass="qr", lineclass=None)
    return Markup(out.getvalue().decode())  # noqa: S704 — segno's own SVG; the label is escaped by segno


def png(text: str, scale: int = 6) -> bytes:
    """The code as a PNG image."""
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def png_data_uri(text: str, scale: int = 6) -> str:
    """The PNG as a data: URI, for an <img> in a PDF template."""
    return "data:image/png;base64," + base64.b64encode(png(text, scale)).decode()
