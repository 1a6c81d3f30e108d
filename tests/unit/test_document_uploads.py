"""Hostile uploads are refused clearly, by their bytes: a script named .pdf, a zip bomb, a path in the name,
0 bytes, over the limit; office files are recognised."""
from __future__ import annotations

import io
import zipfile

import pytest

from domain.errors import Invalid
from domain.storage import check_document, check_upload

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF"


def _zip(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buf.getvalue()


def _message(exc: pytest.ExceptionInfo[Invalid]) -> str:
    return str(exc.value.errors["file"])


def test_a_pdf_is_accepted_with_its_hash() -> None:
    up = check_document("Acte de base.pdf", PDF)
    assert (up.content_type, up.extension, up.name) == ("application/pdf", "pdf", "Acte de base.pdf")
    assert len(up.sha256) == 64


@pytest.mark.parametrize("data", [b"#!/bin/sh\nrm -rf /\n", b"<script>alert(1)</script>", b"MZ\x90\x00",
                                  b"<svg onload=alert(1)>"])
def test_a_script_named_pdf_is_refused(data: bytes) -> None:
    with pytest.raises(Invalid) as exc:
        check_document("facture.pdf", data)
    assert "reconnus à leur contenu" in _message(exc)


def test_a_png_named_pdf_is_refused_as_a_mismatch() -> None:
    with pytest.raises(Invalid) as exc:
        check_document("plan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert "ne correspond pas" in _message(exc)


def test_a_zip_bomb_is_refused_before_unpacking() -> None:
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\x00" * (150 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    with pytest.raises(Invalid) as exc:
        check_document("contrat.docx", bomb)
    assert "bombe" in _message(exc)


def test_a_plain_zip_is_not_an_office_file() -> None:
    with pytest.raises(Invalid):
        check_document("archive.docx", _zip({"evil.sh": b"echo"}))


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "C:\\Users\\x\\acte.pdf", "dir/acte.pdf"])
def test_a_path_in_the_filename_is_refused(name: str) -> None:
    with pytest.raises(Invalid) as exc:
        check_document(name, PDF)
    assert "chemin" in _message(exc)


def test_empty_and_over_the_limit_are_refused() -> None:
    with pytest.raises(Invalid) as exc:
        check_document("vide.pdf", b"")
    assert "vide" in _message(exc)
    with pytest.raises(Invalid) as exc:
        check_document("gros.pdf", PDF + b"\x00" * 2048, max_bytes=1024)
    assert "taille" in _message(exc)


def test_office_files_are_recognised() -> None:
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
    assert check_document("contrat.docx", docx).extension == "docx"
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
    assert check_document("budget.xlsx", xlsx).extension == "xlsx"
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"},
               zipfile.ZIP_STORED)
    assert check_document("lettre.odt", odt).extension == "odt"
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100
    assert check_document("ancien.doc", ole).content_type == "application/msword"


def test_the_invoice_check_still_takes_a_browser_path() -> None:
    assert check_upload("C:\\fakepath\\facture.pdf", PDF).name == "facture.pdf"
