"""The handover: the demo building exported as a job (progress, manifest, README, JSON and CSV, files) and
imported into a new, empty organisation — balances, vote results and file hashes identical; a tampered archive
or a non-empty organisation refused; every exporter's column list matches the schema."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from domain.demo import load_demo
from domain.documents import library
from domain.errors import Conflict, Invalid
from domain.handover import jobs
from domain.handover.exporters import EXPORTERS
from domain.handover.restore import import_archive
from domain.storage import LocalStorage, check_document
from tests.factories import actor, make_building, make_org, make_user

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"
_BALANCES = """
SELECT coalesce(o.company_name, o.first_name || ' ' || o.last_name) AS owner,
       coalesce((SELECT sum(amount) FROM charge_lines c WHERE c.owner_id = o.id AND c.building_id = b.id), 0)
       - coalesce((SELECT sum(amount) FROM owner_payments p WHERE p.owner_id = o.id AND p.building_id = b.id), 0)
  FROM owners o JOIN buildings b ON b.organization_id = o.organization_id AND b.name = 'Résidence Les Tilleuls'
 WHERE o.organization_id = $1
   AND o.id IN (SELECT owner_id FROM unit_owners uo JOIN units u ON u.id = uo.unit_id WHERE u.building_id = b.id)
 ORDER BY 1, 2
"""
_VOTES = """
SELECT m.title, ai.position, ai.adopted, ai.result->>'for_quota' AS f, ai.result->>'against_quota' AS a,
       ai.result->>'abstain_quota' AS ab, (SELECT array_agg(o.last_name ORDER BY o.last_name) FROM votes v
       JOIN owners o ON o.id = v.owner_id WHERE v.agenda_item_id = ai.id AND v.choice = 'for') AS voters_for
  FROM agenda_items ai JOIN meetings m ON m.id = ai.meeting_id
 WHERE ai.organization_id = $1 AND ai.majority IS NOT NULL ORDER BY 1, 2
"""


async def _held_meeting(conn, org_id, building_id) -> None:  # type: ignore[no-untyped-def]
    """A closed assembly with one counted resolution (its result names the voters by id)."""
    voters = await conn.fetch("""SELECT DISTINCT uo.owner_id FROM unit_owners uo JOIN units u ON u.id = uo.unit_id
                                 WHERE u.building_id = $1 LIMIT 2""", building_id)
    syndic = await conn.fetchval("SELECT user_id FROM memberships WHERE organization_id = $1 AND role = 'syndic'",
                                 org_id)
    meeting = await conn.fetchval("""INSERT INTO meetings (organization_id, building_id, meeting_type, title,
        scheduled_at, location, status, convened_on, closed_at, quorum_met)
        VALUES ($1, $2, 'ordinary', 'AG 2025', '2025-05-20 18:00', 'Salle', 'closed', '2025-04-20', now(), true)
        RETURNING id""", org_id, building_id)
    ids = [str(v["owner_id"]) for v in voters]
    result = {"adopted": True, "for_quota": 700, "against_quota": 0, "abstain_quota": 0,
              "for": [{"id": i} for i in ids], "against": [], "abstain": []}
    item = await conn.fetchval("""INSERT INTO agenda_items (organization_id, meeting_id, position, title,
        draft_resolution, majority, vote_status, adopted, result) VALUES ($1, $2, 1, 'Comptes 2024', 'Approuve.',
        'absolute', 'closed', true, $3) RETURNING id""", org_id, meeting, result)
    for voter in voters:
        await conn.execute("""INSERT INTO attendance (organization_id, meeting_id, owner_id, status)
                              VALUES ($1, $2, $3, 'present')""", org_id, meeting, voter["owner_id"])
        await conn.execute("""INSERT INTO votes (organization_id, meeting_id, agenda_item_id, owner_id, choice, quota,
                              cast_by) VALUES ($1, $2, $3, $4, 'for', 350, $5)""", org_id, meeting, item,
                           voter["owner_id"], syndic)


@pytest.fixture
async def demo(conn, tmp_path: Path):  # type: ignore[no-untyped-def]
    storage = LocalStorage(tmp_path / "store")
    assert await load_demo(conn, storage)
    org = await conn.fetchrow("SELECT id, name FROM organizations WHERE name = 'Syndic Démo SRL'")
    building = await conn.fetchval("SELECT id FROM buildings WHERE organization_id = $1 AND name = "
                                   "'Résidence Les Tilleuls'", org["id"])
    user = await conn.fetchrow("SELECT u.* FROM users u JOIN memberships m ON m.user_id = u.id WHERE "
                               "m.organization_id = $1 AND m.role = 'syndic'", org["id"])
    from queries.platform.users import User
    from queries.rows import reader
    syndic = actor(reader(User)(user), type("O", (), {"id": org["id"], "name": org["name"]})(), "syndic")
    invoices = await conn.fetchval("SELECT count(*) FROM expenses WHERE building_id = $1 AND file_key IS NOT NULL",
                                   building)
    assert invoices >= 3  # the demo's approved expenses carry their invoice
    doc = await library.upload_document(conn, syndic, storage, building, {
        "title": "Acte de base", "category": "bylaws", "visibility": "owners"}, check_document("acte.pdf", PDF))
    await library.new_version(conn, syndic, storage, doc.id, check_document("acte-2.pdf", PDF + b"% v2"))
    await _held_meeting(conn, org["id"], building)
    return org, building, syndic, storage


async def _export(conn, syndic, storage, building):  # type: ignore[no-untyped-def]
    job = await jobs.request_export(conn, syndic, building)
    assert job.status == "pending"
    assert await jobs.run_next_export(conn, conn, storage) == job.id
    done = await jobs.get_job(conn, syndic, job.id)
    assert (done.status, done.progress, done.error) == ("done", done.total, None) and done.total > 10
    assert done.expires_at is not None and done.expires_at - datetime.now(UTC) > timedelta(days=6)
    name, data = await jobs.export_file(conn, syndic, storage, job.id)
    assert name.endswith(".zip") and hashlib.sha256(data).hexdigest() == done.result_sha256
    return data


async def _new_org(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn, "Nouveau Syndic SPRL")
    return org, actor(await make_user(conn, org, "syndic"), org, "syndic")


async def _file_hashes(conn, org_id, storage) -> list[str]:  # type: ignore[no-untyped-def]
    keys = [r["k"] for r in await conn.fetch(
        "SELECT storage_key AS k FROM document_versions WHERE organization_id = $1 UNION ALL "
        "SELECT file_key FROM expenses WHERE organization_id = $1 AND file_key IS NOT NULL", org_id)]
    return sorted([hashlib.sha256(await storage.get(k)).hexdigest() for k in keys])


async def test_the_demo_building_survives_the_round_trip(conn, demo):
    org, building, syndic, storage = demo
    data = await _export(conn, syndic, storage, building)
    z = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(z.read("manifest.json"))
    votes = await conn.fetchval("SELECT count(*) FROM votes v JOIN meetings m ON m.id = v.meeting_id "
                                "WHERE m.building_id = $1", building)  # the demo's two, and its budget's assembly
    assert manifest["buildings"] == [str(building)] and manifest["counts"]["votes"] == votes > 2
    for path, digest in manifest["files"].items():
        assert hashlib.sha256(z.read(path)).hexdigest() == digest
    assert {"README.md", "data/units.csv", "data/expenses.json", "summary/balances.json", "members.json"} <= set(
        manifest["files"])
    assert sum(p.startswith("files/documents/") for p in manifest["files"]) == 2

    new_org, new_syndic = await _new_org(conn)
    report = await import_archive(conn, new_syndic, storage, new_org.id, data)
    invoices = await conn.fetchval("SELECT count(*) FROM expenses WHERE building_id = $1 AND file_key IS NOT NULL",
                                   building)
    assert report.counts["charge_lines"] > 0 and report.files == 2 + invoices
    assert any("owner" in m["roles"] for m in report.members)

    before = [tuple(r) for r in await conn.fetch(_BALANCES, org["id"])]
    after = [tuple(r) for r in await conn.fetch(_BALANCES, new_org.id)]
    assert after == before and len(before) >= 3 and sum(Decimal(r[1]) for r in after) != 0
    assert [tuple(r) for r in await conn.fetch(_VOTES, new_org.id)] == [tuple(r) for r in await conn.fetch(_VOTES, org["id"])]
    assert await _file_hashes(conn, new_org.id, storage) == await _file_hashes(conn, org["id"], storage)
    with pytest.raises(Conflict):  # the same archive cannot go into an organisation that now has the building
        await import_archive(conn, new_syndic, storage, new_org.id, data)


async def test_a_tampered_archive_is_refused(conn, demo):
    _org, building, syndic, storage = demo
    data = await _export(conn, syndic, storage, building)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "data/owner_payments.json":
                content = content.replace(b"1", b"9", 1)
            z.writestr(info, content)
    new_org, new_syndic = await _new_org(conn)
    with pytest.raises(Invalid) as refused:
        await import_archive(conn, new_syndic, storage, new_org.id, out.getvalue())
    assert "SHA-256" in refused.value.errors["file"]
    with pytest.raises(Invalid):
        await import_archive(conn, new_syndic, storage, new_org.id, b"PK\x03\x04 not a zip")
    assert await conn.fetchval("SELECT count(*) FROM buildings WHERE organization_id = $1", new_org.id) == 0


async def test_importing_into_another_organisation_or_a_non_empty_one_is_refused(conn, demo):
    org, building, syndic, storage = demo
    data = await _export(conn, syndic, storage, building)
    new_org, new_syndic = await _new_org(conn)
    await make_building(conn, new_org)
    with pytest.raises(Conflict):
        await import_archive(conn, new_syndic, storage, new_org.id, data)
    from domain.errors import NotFound
    with pytest.raises(NotFound):
        await import_archive(conn, new_syndic, storage, org["id"], data)


async def test_expired_exports_are_removed(conn, demo):
    _org, building, syndic, storage = demo
    job = await jobs.request_export(conn, syndic, building)
    await jobs.run_next_export(conn, conn, storage)
    assert await jobs.remove_expired_exports(conn, storage, datetime.now(UTC)) == 0
    assert await jobs.remove_expired_exports(conn, storage, datetime.now(UTC) + timedelta(days=8)) == 1
    assert (await jobs.get_job(conn, syndic, job.id)).status == "expired"
    from domain.errors import NotFound
    with pytest.raises(NotFound):
        await jobs.export_file(conn, syndic, storage, job.id)


async def test_every_exporter_column_list_matches_the_schema(conn):
    for exporter in EXPORTERS:
        for spec in exporter.tables:
            columns = [r["column_name"] for r in await conn.fetch(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 "
                "ORDER BY ordinal_position", spec.name)]
            assert tuple(columns) == spec.columns, spec.name


async def test_the_register_of_decisions_and_the_threshold_go_with_the_building(conn, demo):
    org, building, syndic, storage = demo
    data = await _export(conn, syndic, storage, building)
    new_org, new_syndic = await _new_org(conn)
    await import_archive(conn, new_syndic, storage, new_org.id, data)
    query = ("SELECT (SELECT array_agg(title || '|' || status || '|' || coalesce(due_on::text, '') ORDER BY title) "
             "FROM decisions WHERE organization_id = $1) AS register, (SELECT array_agg(amount::text || '|' || "
             "quotes_required) FROM competition_thresholds WHERE organization_id = $1) AS threshold")
    before, after = await conn.fetchrow(query, org["id"]), await conn.fetchrow(query, new_org.id)
    assert dict(after) == dict(before) and len(before["register"]) == 3


# each year's state and each entry with its lines, as a reader of the books sees them (ids aside)
_BOOKS = """
SELECT y.starts_on, y.state, j.code, e.number, e.entry_date, e.label, e.source_kind, a.code AS account,
       a.party LIKE 'o:%' AS owners, l.debit, l.credit
FROM journal_entries e
JOIN fiscal_years y ON y.organization_id = e.organization_id AND y.id = e.fiscal_year_id
JOIN journals j ON j.organization_id = e.organization_id AND j.id = e.journal_id
JOIN entry_lines l ON l.organization_id = e.organization_id AND l.entry_id = e.id
JOIN ledger_accounts a ON a.organization_id = l.organization_id AND a.id = l.account_id
WHERE e.organization_id = $1 ORDER BY y.starts_on, j.code, e.number, l.line_no
"""


async def test_the_books_go_with_the_building_manual_entries_drafts_and_closings_included(conn, demo):
    from domain.accounting import books, closing, drafts
    org, building, syndic, storage = demo
    await books.post_manual_entry(conn, syndic, building, {"entry_date": "2015-06-01", "label": "Frais 2015",
                                                            "lines": [{"account": "6160", "debit": "10.00"},
                                                                      {"account": "551", "credit": "10.00"}]})
    year = await conn.fetchval("SELECT id FROM fiscal_years WHERE building_id = $1 AND starts_on = '2015-01-01'",
                               building)
    await closing.close_year(conn, syndic, year)
    await drafts.save_draft(conn, syndic, building, {"entry_date": "2016-02-01", "label": "À finir",
                                                      "lines": [{"account": "6160", "debit": "3.00"}]})
    data = await _export(conn, syndic, storage, building)
    new_org, new_syndic = await _new_org(conn)
    await import_archive(conn, new_syndic, storage, new_org.id, data)
    before = [tuple(r) for r in await conn.fetch(_BOOKS, org["id"])]
    after = [tuple(r) for r in await conn.fetch(_BOOKS, new_org.id)]
    assert after == before and any(r[1] == "closed" and r[6] == "closing" for r in after)
    assert any(r[5] == "Frais 2015" for r in after) and any(r[6] == "opening" for r in after)
    [draft] = await conn.fetch("SELECT label, lines FROM entry_drafts WHERE organization_id = $1", new_org.id)
    assert draft["label"] == "À finir" and draft["lines"][0]["debit"] == "3.00"


# the calls with each owner's share and reference, and the bank's statements with what each movement matched, as the
# syndic reads them (ids aside)
_CALLS = """
SELECT c.kind, c.label, c.status, c.call_date, c.total, f.iban, o.last_name, s.unit_number, s.amount, r.reference,
       (SELECT array_agg(b.label || '|' || l.amount ORDER BY l.line_no) FROM budget_lines l
        JOIN budgets b ON b.organization_id = l.organization_id AND b.id = l.budget_id WHERE b.id = c.budget_id)
FROM calls c JOIN funds f ON f.organization_id = c.organization_id AND f.id = c.fund_id
JOIN call_shares s ON s.organization_id = c.organization_id AND s.call_id = c.id
JOIN owners o ON o.organization_id = s.organization_id AND o.id = s.owner_id
LEFT JOIN payment_references r ON r.organization_id = c.organization_id AND r.owner_id = s.owner_id
     AND r.fund_id = c.fund_id AND r.building_id = c.building_id
WHERE c.organization_id = $1 ORDER BY c.call_date, c.label, s.unit_number, o.last_name
"""
_BANK = """
SELECT st.iban, st.sequence, st.closing_balance, m.line_no, m.amount, m.state, m.rule, o.last_name, e.number,
       p.amount AS paid
FROM bank_movements m JOIN bank_statements st ON st.organization_id = m.organization_id AND st.id = m.statement_id
LEFT JOIN owners o ON o.organization_id = m.organization_id AND o.id = m.owner_id
LEFT JOIN journal_entries e ON e.organization_id = m.organization_id AND e.id = m.entry_id
LEFT JOIN owner_payments p ON p.organization_id = m.organization_id AND p.id = m.payment_id
WHERE m.organization_id = $1 ORDER BY st.sequence, m.line_no
"""


async def test_the_calls_and_the_bank_go_with_the_building(conn, demo):
    from domain.calls.dues import owner_dues
    from queries.collection import arrears as qa
    org, building, syndic, storage = demo
    data = await _export(conn, syndic, storage, building)
    new_org, new_syndic = await _new_org(conn)
    await import_archive(conn, new_syndic, storage, new_org.id, data)
    calls_before = [tuple(r) for r in await conn.fetch(_CALLS, org["id"])]
    assert calls_before and all(r[9] is not None for r in calls_before if r[2] == "issued")
    assert [tuple(r) for r in await conn.fetch(_CALLS, new_org.id)] == calls_before
    bank_before = [tuple(r) for r in await conn.fetch(_BANK, org["id"])]
    assert bank_before and any(r[5] == "matched" for r in bank_before)
    assert [tuple(r) for r in await conn.fetch(_BANK, new_org.id)] == bank_before
    # an owner's dues read the same in the new organisation: what was called, paid and is left
    old_owner, new_owner = [await conn.fetchval(
        "SELECT s.owner_id FROM call_shares s JOIN owners o ON o.id = s.owner_id WHERE s.organization_id = $1 "
        "ORDER BY o.last_name, o.first_name LIMIT 1", o) for o in (org["id"], new_org.id)]

    def shown(dues):  # type: ignore[no-untyped-def]
        return [(d.label, d.amount, d.communication, d.credit, d.net) for d in dues]
    assert shown(await owner_dues(conn, new_syndic, new_owner)) == shown(await owner_dues(conn, syndic, old_owner))
    # and the items owed: each call's share falls due on the call's due date (its lines came in before the calls)

    async def owed(org_id, building_id=None):  # type: ignore[no-untyped-def]
        return sorted((i.due_date, i.amount, i.outstanding, i.source_kind, i.label)
                      for i in await qa.open_items(conn, org_id, building_id))
    before = await owed(org["id"], building)
    assert any(i[3] == "call_for_funds" for i in before)
    assert await owed(new_org.id) == before


_COLLECTION = """
SELECT o.last_name, r.step, r.channel, r.sent_on, r.amount, r.cost, e.number AS cost_entry,
       (SELECT count(*) FROM reminder_items i WHERE i.organization_id = r.organization_id AND i.reminder_id = r.id),
       (SELECT array_agg(h.kind || '|' || h.reason || '|' || h.ends_on ORDER BY h.kind) FROM owner_holds h
        WHERE h.organization_id = r.organization_id AND h.owner_id = r.owner_id)
FROM reminders r JOIN owners o ON o.organization_id = r.organization_id AND o.id = r.owner_id
LEFT JOIN journal_entries e ON e.organization_id = r.organization_id AND e.id = r.cost_entry_id
WHERE r.organization_id = $1 ORDER BY 1, 2, 5, 8
"""


async def test_the_reminders_sent_and_the_holds_go_with_the_building(conn, demo):
    from datetime import date

    from domain.collection.arrears import add_hold, system_member
    from domain.collection.ladder import run_building
    org, building, syndic, storage = demo

    async def letter(_letter):  # type: ignore[no-untyped-def]
        return "Rappel", "Un montant reste dû.", "rappel.pdf", PDF
    sent = await run_building(conn, system_member(org["id"]), building, date(2027, 6, 1), letter)
    assert sent
    await add_hold(conn, syndic, sent[0].owner_id, {"kind": "dispute", "reason": "Conteste le décompte",
                                                    "ends_on": "2027-12-31"}, date(2027, 6, 1))
    data = await _export(conn, syndic, storage, building)
    new_org, new_syndic = await _new_org(conn)
    await import_archive(conn, new_syndic, storage, new_org.id, data)
    before = [tuple(r) for r in await conn.fetch(_COLLECTION, org["id"])]
    assert len(before) == len(sent) and any(r[8] for r in before)
    assert [tuple(r) for r in await conn.fetch(_COLLECTION, new_org.id)] == before
