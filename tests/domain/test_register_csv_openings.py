"""The building's spreadsheet import takes over the owners' balances from the previous syndic's books: an owner's
account starts from them (statement, portal balance, handover); bad amounts are named; nothing twice."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.charges import owner_ledger
from domain.register import csv_import
from tests.factories import actor, make_building, make_org, make_user

CSV = ("N° lot;Quote-part;Nom;Prénom;E-mail;Solde d'ouverture;Date du solde\n"
       "1;600;Dupont;Marie;marie@example.test;125,50;2026-01-01\n"
       "2;400;Lambert;Jean;jean@example.test;-30;2026-01-01\n").encode()


async def _setup(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    return org, syndic, await make_building(conn, org, total_quota=1000)


async def test_opening_balances_start_the_owners_accounts(conn):
    org, syndic, building = await _setup(conn)
    result = await csv_import.confirm(conn, syndic, building.id, CSV)
    assert result.ok, [r.errors for r in result.rows]
    owners = {r["last_name"]: r["id"] for r in await conn.fetch(
        "SELECT id, last_name FROM owners WHERE organization_id = $1", org.id)}
    marie = await owner_ledger.statement(conn, syndic, owners["Dupont"], {"building": str(building.id),
                                                                         "from": "2026-01-01", "to": "2026-12-31"})
    assert marie.closing == Decimal("125.50") and [line.entry.kind for line in marie.lines] == ["opening"]
    later = await owner_ledger.statement(conn, syndic, owners["Lambert"], {"building": str(building.id),
                                                                          "from": "2026-02-01", "to": "2026-12-31"})
    assert later.opening == Decimal("-30.00") and later.closing == Decimal("-30.00")
    entry = await conn.fetchval("SELECT after FROM audit_log WHERE entity = 'building' AND action = 'import' "
                                "AND entity_id = $1", building.id)
    assert entry["opening_balances"] == 2
    assert date(2026, 1, 1) == await conn.fetchval("SELECT as_of FROM opening_balances WHERE owner_id = $1",
                                                   owners["Dupont"])


async def test_a_bad_amount_or_one_without_an_owner_is_named_and_nothing_is_written(conn):
    org, syndic, building = await _setup(conn)
    bad = ("N° lot;Quote-part;Nom;Solde d'ouverture\n1;600;Dupont;beaucoup\n2;400;;12\n").encode()
    result = await csv_import.preview(conn, syndic, building.id, bad)
    problems = [str(e) for r in result.rows for e in r.errors]
    assert not result.ok and any("solde d'ouverture" in p for p in problems)
    assert len(problems) >= 2
    result = await csv_import.confirm(conn, syndic, building.id, bad)
    assert await conn.fetchval("SELECT count(*) FROM opening_balances WHERE organization_id = $1", org.id) == 0
