"""A fake clock walks the reminder ladder: the daily job run day after day sends each step on its day (the e-mails
reach the test SMTP server, the PDF attached, in the owner's language), never twice; the registered letter waits
for its deposit; a payment or a hold stops it; the step's cost lands on the owner's account. The arrears screen's
buckets and its agreement with the pure rule."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D

import pytest

from domain.calls import calls, funds
from domain.charges import owner_ledger
from domain.collection import arrears, ladder
from domain.platform import mail, outbox
from domain.rules.collection import Item, apply_credits
from queries.collection import arrears as qa
from tests.domain.test_outbox import free_port
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user
from tests.mailserver import PASSWORD, USER, start_provider
from tests.tls import self_signed
from web import daily
from web.app import create_app
from web.documents.reminders import compose_letter

IBAN_W = "BE68539007547034"


@pytest.fixture(scope="module")
def provider(tmp_path_factory):  # type: ignore[no-untyped-def]
    cert, key = self_signed(tmp_path_factory.mktemp("tls"))
    port = free_port()
    controller, handler = start_provider(port, cert, key)
    yield mail.smtp_sender("127.0.0.1", port, "syndic@example.test", starttls=True, username=USER,
                           password=PASSWORD, ca_file=str(cert)), handler
    controller.stop()


@pytest.fixture
async def world(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic = actor(await make_user(conn, org, "syndic"), org, "syndic")
    building = await make_building(conn, org, total_quota=1000, name="Les Tilleuls")
    owners = {}
    for name, quota, lang in (("Late", 500, "nl"), ("Payer", 300, "fr"), ("Held", 200, "fr")):
        unit = await make_unit(conn, org, building, name, quota=quota)
        owner = await make_owner(conn, org, name, email=f"{name.lower()}@example.test", language=lang)
        await give_right(conn, org, unit, owner)
        owners[name] = owner["id"]
    await funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": IBAN_W})
    made = await calls.create_call(conn, syndic, building.id, {
        "kind": "ordinary", "label": "Provisions T1", "total": "1000.00", "call_date": "2026-01-05",
        "due_date": "2026-01-31"})
    await calls.issue_call(conn, syndic, made.id)
    return org, syndic, building, owners


async def _sent_to(conn, org) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    rows = await conn.fetch("SELECT recipient, subject FROM outbox WHERE organization_id = $1 ORDER BY created_at, id",
                            org.id)
    return [(r["recipient"], r["subject"]) for r in rows]


async def test_the_ladder_walked_day_by_day(conn, world, provider) -> None:
    org, syndic, building, owners = world
    send, handler = provider
    await arrears.add_hold(conn, syndic, owners["Held"], {"kind": "dispute", "reason": "Conteste la clé",
                                                          "ends_on": "2026-12-31"}, date(2026, 1, 1))
    days: dict[date, list[tuple[int, str]]] = {}
    app = create_app()
    day = date(2026, 2, 1)
    async with app.app_context():
        while day <= date(2026, 4, 10):
            if day == date(2026, 2, 20):  # the payer pays after the first reminder
                await owner_ledger.record_payment(conn, syndic, building.id, {
                    "owner_id": str(owners["Payer"]), "amount": "300.00", "paid_on": "2026-02-20"})
            if day == date(2026, 3, 20):  # the syndic records the registered letter's deposit
                [registered] = [r for r in await ladder.building_reminders(conn, syndic, building.id)
                                if r.channel == "registered"]
                await ladder.record_registered(conn, syndic, registered.id, {"registered_on": "2026-03-18",
                                                                             "tracking_number": "RR123456789BE"})
            for _ in range(2):  # run twice a day: the second run sends nothing
                now = datetime(day.year, day.month, day.day, 6, tzinfo=UTC)
                for r in [r for r in await ladder.run_building(conn, arrears.system_member(org.id), building.id,
                                                               now.date(), compose_letter)]:
                    days.setdefault(day, []).append((r.step, "Late" if r.owner_id == owners["Late"] else "Payer"))
            before = len(handler.raw)
            await outbox.drain(conn, send, datetime.now(UTC) + timedelta(minutes=1))  # queued at the real time
            assert len(handler.raw) - before == len(days.get(day, []))
            day += timedelta(days=1)
    assert {d: sorted(v) for d, v in days.items()} == {
        date(2026, 2, 15): [(1, "Late"), (1, "Payer")], date(2026, 3, 2): [(2, "Late")],
        date(2026, 3, 17): [(3, "Late")], date(2026, 4, 1): [(4, "Late")]}
    sent = await _sent_to(conn, org)
    assert sorted(r for r, _s in sent) == ["late@example.test"] * 4 + ["payer@example.test"]
    late = sorted(subject.split(" — ")[0] for r, subject in sent if r == "late@example.test")
    assert late == ["Betalingsherinnering (1)", "Betalingsherinnering (2)", "Ingebrekestelling",  # in Dutch
                    "Overdracht aan een advocaat of gerechtsdeurwaarder"]
    assert [subject for r, subject in sent if r == "payer@example.test"] == [
        "Rappel de paiement (1) — Les Tilleuls — 15/02/2026"]
    raw = handler.raw[-4]
    assert b"application/pdf" in raw
    # the registered step's default cost (15.00) is on the late owner's account: 500 + 15
    owed = await conn.fetchval("SELECT sum(debit - credit) FROM entry_lines WHERE organization_id = $1 "
                               "AND owner_id = $2", org.id, owners["Late"])
    assert owed == D("515.00")


async def test_the_daily_job_is_wired_and_idempotent(conn, world) -> None:
    org, _syndic, _building, _owners = world
    now = datetime(2026, 2, 16, 6, tzinfo=UTC)
    first = await daily.send_reminders(conn, now)
    again = await daily.send_reminders(conn, now)
    assert first.startswith("3 ") and again == "0 reminders"


async def test_arrears_buckets_and_the_rule_agree(conn, world) -> None:
    org, syndic, building, owners = world
    await owner_ledger.record_payment(conn, syndic, building.id, {
        "owner_id": str(owners["Payer"]), "amount": "100.00", "paid_on": "2026-02-20"})
    lines = await arrears.arrears(conn, syndic, date(2026, 3, 15), building.id)
    by = {x.row.owner_name.split()[-1]: x for x in lines}
    assert by["Late"].row.total == D("500.00") and by["Late"].row.d60 == D("500.00")  # 43 days late
    assert by["Payer"].row.total == D("200.00") and by["Held"].row.on_hold is False
    assert by["Late"].next_step is not None and by["Late"].next_step.number == 1
    assert not by["Late"].privilege_at_risk
    firm = await arrears.arrears(conn, syndic, date(2027, 6, 1))  # older than the previous year? not yet
    assert sum(x.row.total for x in firm) == D("900.00")
    at_risk = await arrears.arrears(conn, syndic, date(2028, 1, 2))
    assert all(x.privilege_at_risk for x in at_risk)
    items = await qa.open_items(conn, org.id, building.id, owner_id=owners["Payer"])
    rule = apply_credits([Item(i.entry_id, i.due_date, i.amount) for i in items], D("100.00"))
    assert [o.outstanding for o in rule] == [D("200.00")] == [i.outstanding for i in items]


async def test_the_desk_lists_the_buildings_with_a_step_due(conn, world) -> None:
    from domain.access import require
    from domain.collection.desk import reminders_desk
    _org, syndic, building, _owners = world
    member = require(syndic, "desk.read")
    assert await reminders_desk(conn, member, date(2026, 2, 14)) == []
    [item] = await reminders_desk(conn, member, date(2026, 2, 16))
    assert (item.kind, item.count, item.building_id, item.due) == ("collection.step_due", 3, building.id,
                                                                   date(2026, 2, 15))


async def test_a_reminder_leaves_the_owner_an_in_app_notice(conn, world) -> None:
    from datetime import date

    from domain.collection.arrears import system_member
    from domain.collection.ladder import run_building
    org, _syndic, building, owners = world
    login = await make_user(conn, org, "owner")
    await conn.execute("UPDATE owners SET user_id = $2 WHERE id = $1", owners["Late"], login.id)

    async def letter(_letter):  # type: ignore[no-untyped-def]
        return "Rappel", "Un montant reste dû.", "rappel.pdf", b"%PDF-1.4\n%%EOF\n"
    await run_building(conn, system_member(org.id), building.id, date(2026, 2, 20), letter)
    [notice] = await conn.fetch("SELECT kind, template, params FROM notices WHERE organization_id = $1 AND "
                                "user_id = $2", org.id, login.id)
    assert notice["kind"] == "reminder.sent" and "restent dus" in notice["template"]
    assert "500" in str(notice["params"])  # Late's half of the 1,000 € call, still due
