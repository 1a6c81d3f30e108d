"""A payer's name and account on the bank's statement lines are an owner's personal data: in their export, and
blanked at their erasure while the amounts, dates and references stay for the books."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from pathlib import Path

from domain.bank import statements as bank
from domain.calls import funds
from domain.privacy import erasure, personal_data
from domain.rules import coda
from domain.rules.bank_statement import CODA, Movement, Statement
from domain.storage import LocalStorage
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

IBAN = "BE68539007547034"
PAYER_IBAN = "BE71096123456769"


async def test_export_and_erasure_of_the_payer(conn, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, name="Le Parc")
    unit = await make_unit(conn, org, building, "1", quota=1000)
    owner = await make_owner(conn, org, "Zyxwvut")
    await give_right(conn, org, unit, owner, start=date(2010, 1, 1), end=date(2018, 6, 30))
    await give_right(conn, org, unit, await make_owner(conn, org, "Acheteur"), start=date(2018, 6, 30))
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN})
    day = date(2018, 3, 1)
    data = coda.write([Statement(CODA, IBAN, "EUR", 1, D("0"), day, D("75.00"), day, (
        Movement(1, day, day, D("75.00"), "A. Zyxwvut", PAYER_IBAN, free_communication="charges Zyxwvut"),),
        holder="ACP Le Parc")]).encode("cp850")
    [done] = await bank.import_statements(conn, syndic, building.id, data)
    [_s, [m]] = await bank.get_statement(conn, syndic, done.id)
    await bank.assign(conn, syndic, m.id, {"owner_id": str(owner["id"])})
    exported = await personal_data.export(conn, syndic, owner["id"])
    [line] = exported["bank_movements"]
    assert (line["counterparty_name"], line["counterparty_iban"], line["amount"]) == ("A. Zyxwvut", PAYER_IBAN,
                                                                                   D("75.00"))
    await erasure.erase_owner(conn, syndic, LocalStorage(tmp_path), owner["id"], today=date(2026, 12, 1))
    row = await conn.fetchrow("SELECT counterparty_name, counterparty_iban, free_communication, amount, state, "
                              "booking_date FROM bank_movements WHERE organization_id = $1 AND id = $2", org.id, m.id)
    assert (row["counterparty_name"], row["counterparty_iban"], row["free_communication"]) == ("", "", "")
    assert (row["amount"], row["state"], row["booking_date"]) == (D("75.00"), "matched", day)
    # the books are untouched: the owner's payment still credits their account
    assert await conn.fetchval("SELECT sum(credit - debit) FROM entry_lines WHERE organization_id = $1 "
                               "AND owner_id = $2", org.id, owner["id"]) == D("75.00")
