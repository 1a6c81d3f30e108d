"""Journeys: the syndic files the bylaws visible to all owners; an owner on a phone opens them and the invoice
behind one of their charges; the syndic exports the building and downloads the ZIP — each with JavaScript on and
off. With KOPROGO_SHOTS=<folder> set, each journey also saves its screenshots there (for a person to look at)."""
from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

from playwright.sync_api import expect

from domain.demo import DEMO_PASSWORD
from e2e.conftest import login, whole

SYNDIC = "syndic@demo.koprogo.be"
OWNER = "proprietaire@demo.koprogo.be"
BYLAWS = "Acte de base et règlement de copropriété"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
SHOTS = os.environ.get("KOPROGO_SHOTS")


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _tilleuls(page, base: str) -> str:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/buildings")
    page.get_by_role("link", name="Résidence Les Tilleuls").click()
    expect(page.get_by_role("heading", name="Résidence Les Tilleuls")).to_be_visible()
    return page.url


def _upload_bylaws(page, base: str, title: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _tilleuls(page, base)
    page.get_by_role("link", name="Tous les documents").click()
    expect(page.get_by_role("heading", name=re.compile("^Documents"))).to_be_visible()
    page.get_by_label("Titre", exact=True).fill(title)
    page.get_by_label("Catégorie", exact=True).last.select_option("bylaws")
    page.get_by_label("Visible par").select_option("owners")
    pdf = tmp_path / "acte-de-base.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label(re.compile("^Fichier")).set_input_files(str(pdf))
    page.get_by_role("button", name="Déposer").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.get_by_text("Tous les copropriétaires de l'immeuble")).to_be_visible()


def test_the_syndic_files_the_bylaws_for_all_owners(page, live_server, tmp_path, javascript):
    mode = "js" if javascript else "nojs"
    login(page, live_server, SYNDIC, DEMO_PASSWORD)
    _upload_bylaws(page, live_server, f"{BYLAWS} ({mode})", tmp_path)
    _shot(page, f"document-{mode}")
    whole(page)
    page.get_by_role("link", name="Tous les documents").click()
    whole(page)
    expect(page.locator("#documents").get_by_role("link", name=f"{BYLAWS} ({mode})")).to_be_visible()
    _shot(page, f"documents-list-{mode}")
    bad = tmp_path / "script.pdf"
    bad.write_text("#!/bin/sh\necho pwned\n")
    page.get_by_label("Titre", exact=True).fill("Un script déguisé")
    page.get_by_label("Visible par").select_option("owners")
    page.get_by_label(re.compile("^Fichier")).set_input_files(str(bad))
    page.get_by_role("button", name="Déposer").click()
    expect(page.get_by_text(re.compile("reconnus à leur contenu"))).to_be_visible()
    expect(page.get_by_label("Titre", exact=True)).to_have_value("Un script déguisé")
    whole(page)


def test_an_owner_opens_the_bylaws_and_the_invoice_behind_a_charge(phone, browser, live_server, tmp_path, javascript):
    mode = "js" if javascript else "nojs"
    syndic_context = browser.new_context(base_url=live_server, locale="fr-BE")
    syndic = syndic_context.new_page()
    login(syndic, live_server, SYNDIC, DEMO_PASSWORD)
    _upload_bylaws(syndic, live_server, f"{BYLAWS} — {mode}", tmp_path)
    syndic_context.close()

    page = phone
    login(page, live_server, OWNER, DEMO_PASSWORD)
    page.goto(f"{live_server}/portal")
    whole(page)
    documents = page.locator("#my-documents")
    expect(documents.get_by_role("heading", name="Mes documents")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    _shot(page, f"portal-phone-{mode}")
    with page.expect_download() as got:
        documents.get_by_role("link", name=f"Télécharger {BYLAWS} — {mode}").click()
    assert Path(got.value.path()).read_bytes() == PDF
    page.locator("#my-charges").get_by_role("link", name="Pourquoi je dois ce montant ?").first.click()
    expect(page.get_by_role("heading", name="Pourquoi je dois ce montant ?")).to_be_visible()
    whole(page)
    _shot(page, f"why-{mode}")
    with page.expect_download() as got:
        page.get_by_role("link", name="Voir la facture").click()
    assert Path(got.value.path()).read_bytes().startswith(b"%PDF")


def test_the_syndic_exports_the_building_and_downloads_the_zip(page, live_server, javascript):
    mode = "js" if javascript else "nojs"
    login(page, live_server, SYNDIC, DEMO_PASSWORD)
    _tilleuls(page, live_server)
    page.get_by_role("link", name="Exporter le dossier de l'immeuble").click()
    page.get_by_role("button", name="Préparer l'export").click()
    expect(page.get_by_role("heading", name="Export du dossier")).to_be_visible()
    link = page.get_by_role("link", name="Télécharger l'archive ZIP")
    expect(link).to_be_visible(timeout=30_000)  # polled every second (htmx), or the page refreshes (no JS)
    whole(page)
    _shot(page, f"export-{mode}")
    with page.expect_download() as got:
        link.click()
    archive = zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes()))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["format"] == "koprogo.handover/1" and "data/expenses.csv" in manifest["files"]
    assert any(p.startswith("files/invoices/") for p in manifest["files"])
