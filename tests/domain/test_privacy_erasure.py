"""Erasure with retention: refused for a current owner and while the accounting period runs (with the date and
the law); once it has run, an erased person's contact data is gone from every table, the audit log included,
and their name stays only where the law keeps it (the ledger's owner record). The daily job does the same."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from domain.charges import expense_lifecycle as life
from domain.charges import expenses
from domain.documents.filing import Generated, file_generated
from domain.errors import Conflict
from domain.privacy import erasure, personal_data
from domain.register import owners
from domain.storage import LocalStorage
from queries.platform import outbox
from queries.platform import users as qa
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user

NAME, EMAIL, LOGIN = "Zyxwvut", "zyx.secret@example.test", "zyx.login@example.test"
CONTACT = (EMAIL, LOGIN, "99 88 77", "Rue Secrète 42", "7799")
# where the law keeps the name: the owner record the ledgers and the minutes name (owners), the minutes' results
LAW_KEEPS_NAME = {"owners", "agenda_items", "attendance"}


async def _tables_containing(conn, text: str) -> set[str]:  # type: ignore[no-untyped-def]
    """Every table of the schema whose rows, as text, contain `text` (names come from the catalogue; not the
    migrations' own table, whose hexadecimal checksums hold any four digits sooner or later)."""
    # each table's probe written by PostgreSQL itself (format's %I quotes the catalogue's name); the text is $1
    probes = await conn.fetch(
        "SELECT table_name, format('SELECT count(*) FROM %I t WHERE t::text ILIKE $1', table_name) AS probe "
        "FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
        "AND table_name <> 'schema_migrations'")
    return {r["table_name"] for r in probes if await conn.fetchval(r["probe"], f"%{text}%")}


async def _former_owner(conn, org, syndic, storage, ended: date, jurisdiction: str = "BE"):  # type: ignore[no-untyped-def]
    """An owner with a login, a full record, activity in the accounts, a consent, a message and a document; their
    lot sold on `ended`."""
    building = await make_building(conn, org, jurisdiction=jurisdiction)
    unit = await make_unit(conn, org, building, quota=1000)
    user = await make_user(conn, org, "owner", email=LOGIN)
    await conn.execute("UPDATE users SET full_name = $2 WHERE id = $1", user.id, f"Alex {NAME}")
    created = await owners.create_owner(conn, syndic, owners.OwnerInput.parse({
        "first_name": "Alex", "last_name": NAME, "email": EMAIL, "phone": "+32 470 99 88 77",
        "address": "Rue Secrète 42", "city": "Ixelles", "postal_code": "7799", "country": "Belgique",
        "user_id": str(user.id)}))
    await owners.update_owner(conn, syndic, created.id, {"phone": "+32 470 99 88 77 (soir)"})
    await owners.view_owner(conn, syndic, created.id)
    owner = {"id": created.id}
    buyer = await make_owner(conn, org, "Acheteur")
    await give_right(conn, org, unit, owner, start=date(2010, 1, 1), end=ended)
    await give_right(conn, org, unit, buyer, start=ended)
    expense = await expenses.create_expense(conn, syndic, {"building_id": str(building.id), "category": "Maintenance",
                                                           "description": "Toiture", "amount": 500,
                                                           "expense_date": date(ended.year, 1, 15).isoformat()})
    await life.approve_expense(conn, syndic, expense.id)
    me = actor(user, org, "owner")
    await personal_data.give_consent(conn, me, created.id, {"method": "portal"})
    await personal_data.export(conn, me, created.id)
    await outbox.enqueue(conn, org.id, EMAIL, "Convocation", f"Madame {NAME}, Rue Secrète 42")
    await conn.execute("INSERT INTO login_attempts (email, ip, succeeded) VALUES ($1, '127.0.0.1', true)", LOGIN)
    await file_generated(conn, actor_of_syndic(syndic), storage, Generated(
        f"statement:{created.id}", building.id, "statement", f"Décompte {NAME}", "decompte.pdf",
        f"%PDF-1.4 {NAME} Rue Secrète 42".encode(), "owner", owner_id=created.id))
    return created, building


def actor_of_syndic(syndic):  # type: ignore[no-untyped-def]
    from domain.access import require
    return require(syndic, "document.manage")


@pytest.fixture
async def world(conn, tmp_path: Path):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    return org, syndic, LocalStorage(tmp_path), tmp_path


async def test_an_erased_persons_data_is_gone_from_everything_but_what_the_law_keeps(conn, world):
    org, syndic, storage, folder = world
    owner, _building = await _former_owner(conn, org, syndic, storage, date(2015, 7, 1))
    assert "audit_log" not in await _tables_containing(conn, NAME)  # never there: the log keeps ids
    assert "audit_log" not in await _tables_containing(conn, EMAIL)
    assert await _tables_containing(conn, EMAIL) >= {"owners", "outbox"}
    assert list(folder.rglob("*.pdf"))

    erased = await erasure.erase_owner(conn, syndic, storage, owner.id, today=date(2026, 12, 1))

    assert erased.anonymized_at is not None and erased.email is None and erased.user_id is None
    for text in CONTACT:
        assert await _tables_containing(conn, text) == set(), text
    assert await _tables_containing(conn, NAME) <= LAW_KEEPS_NAME
    assert await _tables_containing(conn, NAME) == {"owners"}  # the ledger still names who paid what
    assert not list(folder.rglob("*.pdf"))  # the statement addressed to them is gone from the store
    user = await conn.fetchrow("SELECT email, full_name FROM users WHERE email LIKE 'erased-%'")
    assert user is not None and NAME not in user["full_name"]
    lines = await conn.fetchval("SELECT count(*) FROM charge_lines WHERE owner_id = $1", owner.id)
    assert lines == 1  # the accounting entries stay
    entry = await conn.fetchrow("SELECT after FROM audit_log WHERE entity = 'owner' AND action = 'erase'")
    assert entry is not None and "email" in entry["after"]["erased"]


async def test_a_current_owner_cannot_be_erased(conn, world):
    org, syndic, storage, _folder = world
    building = await make_building(conn, org)
    owner = await make_owner(conn, org, "Actuel")
    await give_right(conn, org, await make_unit(conn, org, building), owner)
    with pytest.raises(Conflict) as refused:
        await erasure.erase_owner(conn, syndic, storage, owner["id"])
    assert "actuel" in refused.value.reason


@pytest.mark.parametrize(("jurisdiction", "until", "law"), [("BE", "01/01/2023", "III.88"),
                                                            ("FR", "01/01/2026", "L123-22")])
async def test_erasure_waits_for_the_retention_of_the_jurisdiction(conn, world, jurisdiction, until, law):
    org, syndic, storage, _folder = world
    owner, _building = await _former_owner(conn, org, syndic, storage, date(2015, 7, 1), jurisdiction)
    with pytest.raises(Conflict) as refused:
        await erasure.erase_owner(conn, syndic, storage, owner.id, today=date(2022, 6, 1))
    assert until in refused.value.reason and law in refused.value.reason
    assert (await conn.fetchval("SELECT email FROM owners WHERE id = $1", owner.id)) == EMAIL


async def test_the_daily_job_erases_whose_retention_ended_and_logs_it(conn, world):
    org, syndic, storage, _folder = world
    old, _b = await _former_owner(conn, org, syndic, storage, date(2012, 3, 1))
    recent = await make_owner(conn, org, "Recent", email="recent@example.test")
    building = await make_building(conn, org)
    unit = await make_unit(conn, org, building)
    await give_right(conn, org, unit, recent, start=date(2020, 1, 1), end=date(2025, 1, 1))
    await give_right(conn, org, unit, await make_owner(conn, org, "Suivant"), start=date(2025, 1, 1))
    report = await erasure.erase_expired(conn, storage, today=date(2026, 12, 1))
    assert (org.id, old.id) in report.erased and report.waiting >= 1
    assert await conn.fetchval("SELECT email FROM owners WHERE id = $1", recent["id"]) == "recent@example.test"
    entry = await conn.fetchrow("SELECT user_id, role FROM audit_log WHERE entity_id = $1 AND action = 'erase'", old.id)
    assert entry is not None and (entry["user_id"], entry["role"]) == (None, "system")
    again = await erasure.erase_expired(conn, storage, today=date(2026, 12, 1))
    assert (org.id, old.id) not in again.erased


async def test_a_user_with_another_role_keeps_their_account(conn, world):
    org, syndic, storage, _folder = world
    owner, _building = await _former_owner(conn, org, syndic, storage, date(2015, 7, 1))
    user_id = await conn.fetchval("SELECT id FROM users WHERE email = $1", LOGIN)
    await qa.add_membership(conn, org.id, user_id, "board_member")
    await erasure.erase_owner(conn, syndic, storage, owner.id, today=date(2026, 12, 1))
    assert await conn.fetchval("SELECT email FROM users WHERE id = $1", user_id) == LOGIN
    roles = [r["role"] for r in await conn.fetch("SELECT role FROM memberships WHERE user_id = $1", user_id)]
    assert roles == ["board_member"]
