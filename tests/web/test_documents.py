"""Documents a syndic can send, read as their recipients would: the PDF's text per page (pdftotext), each page
drawn to PNG (pdftoppm), and no block split across two pages (a block's first and last words on one page).
Convocation: the letterhead (the firm, the association's name and number), place and date, the syndic's
signature, the proxy form whole on its own page. Minutes: the chair, secretary and tellers chosen at the meeting
with a signature line each, no internal reminder. Statement: the syndic's header, the owner's name and postal
address, the issue date, the amount due, the due date, the IBAN and the structured communication, in the owner's
language with its dates and numbers."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

from domain.rules.payment_reference import reference_for, structured_communication
from tests.factories import api_user, give_right, make_building, make_owner, make_unit, the_day_comes
from tests.web.test_meetings_api import building_with_owners, convened

IBAN = "BE68539007547034"


def pages(pdf: bytes, tmp: Path) -> list[str]:
    """The text of each page; every page also drawn to PNG (tmp/page-N.png)."""
    path = tmp / "doc.pdf"
    path.write_bytes(pdf)
    count = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True,
                                                              text=True, check=True).stdout).group(1))
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp / "page")], check=True)
    assert len(list(tmp.glob("page-*.png"))) == count
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                           text=True, check=True).stdout for n in range(1, count + 1)]


def whole(texts: list[str], first: str, last: str) -> int:
    """The page on which a block starts with `first` and ends with `last` (both on that page)."""
    flat = [" ".join(t.split()) for t in texts]
    starts = [i for i, t in enumerate(flat) if first in t]
    assert starts, f"{first!r} not found"
    assert last in flat[starts[0]], f"block {first!r} … {last!r} split across pages"
    return starts[0]


async def test_the_convocation_has_a_letterhead_a_signature_and_a_whole_proxy_form(client, conn, tmp_path):
    org, user, headers = await api_user(conn)
    await conn.execute("UPDATE organizations SET address = 'Avenue Louise 54, 1050 Bruxelles', phone = '+32 2 555 01 01',"
                       " email = 'contact@syndic.example' WHERE id = $1", org.id)
    building, _owners = await building_with_owners(conn, org)
    await conn.execute("UPDATE buildings SET association_number = '0845.123.456' WHERE id = $1", building.id)
    mid = await convened(client, conn, headers, building)
    resp = await client.get(f"/meetings/{mid}/convocation.pdf", headers=headers)
    texts = pages(await resp.get_data(), tmp_path)
    flat = " ".join(" ".join(t.split()) for t in texts)
    assert org.name in texts[0] and "Avenue Louise 54" in texts[0] and "0845.123.456" in texts[0]
    assert "Association des copropriétaires" in texts[0]
    assert re.search(rf"{building.city}, le \d\d/\d\d/\d{{4}}", flat)
    assert user.full_name in flat  # signed by the syndic
    proxy = whole(texts, "Procuration", "Date et signature")
    assert proxy == len(texts) - 1 and "Ordre du jour" not in texts[proxy]  # a page of its own, whole


async def test_the_minutes_name_the_officers_with_signature_lines_and_no_reminder(client, conn, tmp_path):
    org, _user, headers = await api_user(conn)
    building, owners = await building_with_owners(conn, org)
    mid = await convened(client, conn, headers, building, items=1)
    for owner, _ in owners[:3]:
        await client.post(f"/api/v1/meetings/{mid}/attendance", headers=headers,
                          json={"owner_id": str(owner["id"]), "status": "present"})
    await the_day_comes(conn, mid)
    await client.post(f"/api/v1/meetings/{mid}/open", headers=headers)
    officers = {"chair": "Marie Dupont", "secretary": "Paul Lambert", "tellers": "Anne Claes, Luc Renard"}
    resp = await client.put(f"/api/v1/meetings/{mid}/officers", headers=headers, json=officers)
    assert resp.status_code == 200 and (await resp.get_json())["chair"] == "Marie Dupont"
    bad = await client.put(f"/api/v1/meetings/{mid}/officers", headers=headers, json={"chair": "A\nB"})
    assert bad.status_code == 422 and "chair" in (await bad.get_json())["errors"]
    await client.post(f"/api/v1/meetings/{mid}/close", headers=headers)
    texts = pages(await (await client.get(f"/meetings/{mid}/minutes.pdf", headers=headers)).get_data(), tmp_path)
    flat = " ".join(" ".join(t.split()) for t in texts)
    for name in ("Marie Dupont", "Paul Lambert", "Anne Claes, Luc Renard"):
        assert name in flat
    assert "au plus tard" not in flat and "(C. civ., art. 3.87, § 12)" not in flat  # no internal reminder
    whole(texts, "Signatures", "Scrutateurs")
    assert org.name in texts[0]


async def _statement_case(client, conn, language: str):  # type: ignore[no-untyped-def]
    """A building with its bank account, one lot held by one owner, who owes 1,234.56 € from an approved expense."""
    org, _user, headers = await api_user(conn)
    building = await make_building(conn, org, iban=IBAN, name="Résidence Les Ormes")
    unit = await make_unit(conn, org, building, quota=1000)
    owner = await make_owner(conn, org, last_name="Peeters", language=language, address="Kerkstraat 7",
                             postal_code="2000", city="Antwerpen")
    await give_right(conn, org, unit, owner)
    expense = await (await client.post("/api/v1/expenses", headers=headers, json={
        "building_id": str(building.id), "category": "Maintenance", "description": "Entretien", "amount": "1234.56",
        "expense_date": "2026-03-10"})).get_json()
    assert (await client.put(f"/api/v1/expenses/{expense['id']}/approve", headers=headers)).status_code == 200
    resp = await client.get(f"/owners/{owner['id']}/statement.pdf", headers=headers,
                            query_string={"building": str(building.id), "from": "2026-01-01", "to": "2026-12-31"})
    assert resp.status_code == 200
    return org, building, owner, await resp.get_data()


async def test_the_statement_pdf_asks_for_payment_in_the_owners_language(client, conn, tmp_path):
    org, building, owner, pdf = await _statement_case(client, conn, "nl")
    texts = pages(pdf, tmp_path)
    flat = " ".join(" ".join(t.split()) for t in texts)
    communication = structured_communication(reference_for(building.id, owner["id"]))
    assert org.name in texts[0] and "Kerkstraat 7" in texts[0] and "2000 Antwerpen" in texts[0]
    assert "1.234,56\u00a0€".replace("\u00a0", " ") in flat and "Te betalen" in flat  # Dutch, not the viewer's French
    assert "BE68 5390 0754 7034" in flat and communication in flat
    assert re.search(r"\d\d/\d\d/\d{4}", flat)
    whole(texts, "Te betalen", communication)


async def test_the_statement_pdf_in_french_formats_amounts_the_french_way(client, conn, tmp_path):
    _org, _building, _owner, pdf = await _statement_case(client, conn, "fr")
    flat = " ".join(" ".join(t.split()) for t in pages(pdf, tmp_path))
    assert re.search("1\\s234,56\\s€", flat) and "Montant à payer" in flat and "Communication structurée" in flat
