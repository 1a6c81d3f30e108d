"""The reminder letter as a syndic sends it: the letterhead (the firm with its address, the association, the
building's address), the owner's postal address where a window envelope shows it, the items, how to pay (the
working fund's account and the owner's structured communication), the signature."""
from __future__ import annotations

import os
import subprocess
from datetime import date
from typing import Any

from domain.calls import calls, funds
from domain.collection import ladder
from tests.factories import (
    actor,
    browser_login,
    give_right,
    make_building,
    make_org,
    make_owner,
    make_unit,
    make_user,
)
from web.app import create_app
from web.documents.reminders import compose_letter

OUT = os.environ.get("LETTER_PDF_OUT")  # set to keep the PDF and look at it


def pdf_text(data: bytes, *extra: str) -> str:
    return subprocess.run(["pdftotext", "-layout", *extra, "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode()


async def _world(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn, "Syndic Lambert SRL")
    await conn.execute("UPDATE organizations SET address = $2, phone = $3, email = $4 WHERE id = $1", org.id,
                       "Avenue Louise 54, 1050 Bruxelles", "+32 2 555 01 02", "contact@lambert.example")
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Résidence Les Tilleuls",
                                   address="Rue des Tilleuls 12", postal_code="1180", city="Uccle",
                                   association_number="0845.123.456")
    unit = await make_unit(conn, org, building, "A1", quota=1000)
    owner = await make_owner(conn, org, "Dupont", email="dupont@example.test", first_name="Marie",
                             address="Chaussée de Waterloo 1000\nBoîte 3", postal_code="1180", city="Uccle")
    await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions T1 2026", "total": "480.00", "call_date": "2026-01-05",
        "due_date": "2026-01-31"})
    view = await calls.issue_call(conn, syndic, made.id)
    return syndic, building, owner["id"], view.references[owner["id"]]


async def test_the_letter_a_syndic_sends(conn) -> None:
    syndic, building, owner, reference = await _world(conn)
    kept: dict[str, Any] = {}

    async def compose(letter):  # type: ignore[no-untyped-def]
        kept["out"] = out = await compose_letter(letter)
        return out

    async with create_app().app_context():
        await ladder.run_now(conn, syndic, building.id, [owner], date(2026, 2, 16), compose)
    _subject, _body, _name, data = kept["out"]
    if OUT:
        with open(OUT, "wb") as fh:
            fh.write(data)
    text = pdf_text(data)
    for expected in ("Syndic Lambert SRL", "Avenue Louise 54, 1050 Bruxelles", "Résidence Les Tilleuls",
                     "0845.123.456", "Rue des Tilleuls 12, 1180 Uccle", "Marie Dupont",
                     "Chaussée de Waterloo 1000", "Boîte 3", "1180 Uccle", "Provisions T1 2026", "480,00",
                     "BE68 5390 0754 7034", "Pour le syndic,"):
        assert expected in text, expected
    ogm = f"{reference:010d}{reference % 97 or 97:02d}"
    assert f"+++{ogm[:3]}/{ogm[3:7]}/{ogm[7:]}+++" in text
    # the address block sits in the window: 110–190 mm from the left, 50–90 mm from the top of an A4 page
    box = pdf_text(data, "-x", "312", "-y", "142", "-W", "227", "-H", "113")  # in points (1 mm = 2.835 pt)
    assert "Dupont" in box and "Chaussée de Waterloo 1000" in box and "1180 Uccle" in box
    assert "Provisions" not in box


async def test_the_letters_to_post_of_a_run(client, conn) -> None:
    org, user, csrf = await browser_login(client, conn)
    syndic = actor(user, org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Le Parc")
    for name, email, lang in (("Papier", None, "nl"), ("Courriel", "courriel@example.test", "fr")):
        unit = await make_unit(conn, org, building, name, quota=500)
        owner = await make_owner(conn, org, name, email=email, language=lang, address=f"Rue {name} 7",
                                 postal_code="1000", city="Bruxelles")
        await give_right(conn, org, unit, owner)
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions", "total": "200.00", "call_date": "2026-01-05",
        "due_date": "2026-01-31"})
    await calls.issue_call(conn, syndic, made.id)
    owners = [r["id"] for r in await conn.fetch("SELECT id FROM owners WHERE organization_id = $1", org.id)]
    run_day = date(2026, 2, 16)
    async with create_app().app_context():
        sent = await ladder.run_now(conn, syndic, building.id, owners, run_day, compose_letter)
    assert len(sent) == 2
    screen = await (await client.get(f"/buildings/{building.id}/arrears")).get_data(as_text=True)
    link = f"/buildings/{building.id}/reminders/to-post.pdf?day=2026-02-16"
    assert f'href="{link}"' in screen and "Étape lancée le 16/02/2026 : 1 à poster" in screen
    r = await client.get(link)
    assert r.status_code == 200 and r.content_type == "application/pdf"
    text = pdf_text(await r.get_data())
    assert "Rue Papier 7" in text and "Betalingsherinnering (1)" in text  # in the owner's language
    assert "Courriel" not in text  # the one reached by e-mail is not in the batch
    assert (await client.get(f"/buildings/{building.id}/reminders/to-post.pdf?day=demain")).status_code == 422
