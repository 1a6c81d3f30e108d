"""Maintenance through its use cases on the real database: contractors' identifiers, a ticket's life and its
e-mails, the competition threshold at its boundary, the chain from the accepted quote to the expense, the board's
scope and other organisations kept out."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.errors import Conflict, Invalid, NotFound
from domain.maintenance import contractors, quotes, tickets, works
from domain.maintenance.tickets import check_photo
from domain.notifications.notices import set_my_preferences, unread_count
from domain.storage import LocalStorage
from tests.factories import actor, give_right, make_building, make_org, make_owner, make_unit, make_user, sit_on_board
from tests.maintenance_factories import PNG, make_contractor, make_ticket, make_work_with_quotes, read_actor


@pytest.fixture
async def world(conn):  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    syndic_user = await make_user(conn, org, "syndic")
    syndic = actor(syndic_user, org, "syndic")
    building = await make_building(conn, org)
    other = await make_building(conn, org)
    owner_user = await make_user(conn, org, "owner", email="reporter@example.test")
    unit = await make_unit(conn, org, building, "A1")
    await give_right(conn, org, unit, await make_owner(conn, org, user=owner_user))
    owner = await read_actor(conn, owner_user, org, "owner")
    board_user = await make_user(conn, org, "board_member")
    await sit_on_board(conn, org, board_user, building)
    board = await read_actor(conn, board_user, org, "board_member")
    return {"org": org, "syndic": syndic, "building": building, "other": other, "owner": owner, "unit": unit,
            "board": board}


async def _mails(conn, org, to):  # type: ignore[no-untyped-def]
    return await conn.fetch("SELECT subject, body FROM outbox WHERE organization_id = $1 AND recipient = $2 "
                            "ORDER BY created_at, id", org.id, to)


async def test_a_contractor_s_identifiers_are_checked_every_one_at_once(conn, world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid) as e:
        await contractors.create_contractor(conn, world["syndic"], {
            "company_name": "Toitures SA", "enterprise_number": "0403.170.702", "vat_number": "BE0403170702",
            "iban": "BE69 5390 0754 7034", "trades": ["roofing", "nonsense"]})
    assert set(e.value.errors) == {"enterprise_number", "vat_number", "iban", "trades"}
    made = await contractors.create_contractor(conn, world["syndic"], {
        "company_name": "Toitures SA", "enterprise_number": "0403.170.701", "vat_number": "BE 0403.170.701",
        "iban": "be68 5390 0754 7034", "trades": ["roofing"]})
    assert (made.enterprise_number, made.vat_number, made.iban) == ("0403170701", "BE0403170701", "BE68539007547034")
    french = await contractors.create_contractor(conn, world["syndic"], {
        "company_name": "Couvreurs SARL", "country": "FR", "enterprise_number": "732 829 320",
        "vat_number": "FR44732829320"})
    assert french.enterprise_number == "732829320"
    with pytest.raises(Invalid) as e:
        await contractors.create_contractor(conn, world["syndic"], {"company_name": "Bis",
                                                                    "enterprise_number": "0403170701"})
    assert "enterprise_number" in e.value.errors


async def test_a_ticket_s_life_and_the_reporter_s_mails(conn, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    storage = LocalStorage(tmp_path)
    ticket = await tickets.report_ticket(conn, world["owner"], storage, world["building"].id,
                                         {"title": "Fuite", "description": "Sous l'évier",
                                          "unit_id": str(world["unit"]["id"])}, check_photo("fuite.png", PNG))
    assert ticket.status == "new" and ticket.unit_number == "A1" and ticket.photo_type == "image/png"
    assert (await tickets.photo_file(conn, world["owner"], storage, ticket.id))[2] == PNG
    firm = await make_contractor(conn, world["syndic"])
    triaged = await tickets.triage_ticket(conn, world["syndic"], ticket.id,
                                          {"urgency": "high", "contractor_id": str(firm.id), "note": "Interne"},
                                          today=date(2026, 3, 1))
    assert (triaged.status, triaged.due_on, triaged.contractor_name) == ("assigned", date(2026, 3, 8),
                                                                          firm.company_name)
    for move in ("start", "finish", "close", "reopen"):
        await tickets.move_ticket(conn, world["syndic"], ticket.id, move, {"note": f"Étape {move}"})
    with pytest.raises(Conflict):
        await tickets.move_ticket(conn, world["syndic"], ticket.id, "finish", {})
    await tickets.comment_ticket(conn, world["syndic"], ticket.id, {"body": "Visible", "visibility": "public"})
    await tickets.comment_ticket(conn, world["syndic"], ticket.id, {"body": "Entre nous"})
    mails = await _mails(conn, world["org"], "reporter@example.test")
    assert len(mails) == 6  # assigned, started, done, closed, reopened, a public comment
    by_subject = {m["subject"]: m["body"] for m in mails}  # one transaction: one created_at, no order
    assert sorted(by_subject) == sorted([
        "Votre signalement « Fuite » est confié à un entrepreneur",
        "Les travaux de votre signalement « Fuite » ont commencé", "Votre signalement « Fuite » est terminé",
        "Votre signalement « Fuite » est clôturé", "Votre signalement « Fuite » est rouvert",
        "Nouveau message sur votre signalement « Fuite »"])
    assigned = by_subject["Votre signalement « Fuite » est confié à un entrepreneur"]
    assert firm.company_name in assigned and f"/tickets/{ticket.id}" in assigned
    assert "Étape close" in by_subject["Votre signalement « Fuite » est clôturé"]
    assert "Entre nous" not in "".join(m["body"] for m in mails)
    notices = await conn.fetch("SELECT kind, path FROM notices WHERE organization_id = $1 AND user_id = $2",
                               world["org"].id, world["owner"].user_id)
    assert [(n["kind"], n["path"]) for n in notices] == [("ticket.answered", f"/tickets/{ticket.id}")] * 6
    assert await unread_count(conn, world["owner"]) == 6
    seen = await tickets.ticket_detail(conn, world["owner"], ticket.id)
    assert "Entre nous" not in [c.body for c in seen.comments] and "Visible" in [c.body for c in seen.comments]
    staff = await tickets.ticket_detail(conn, world["board"], ticket.id)
    assert {"Entre nous", "Interne"} <= {c.body for c in staff.comments}


async def test_the_reporter_who_turned_the_e_mail_off_still_gets_the_notice(conn, world) -> None:  # type: ignore[no-untyped-def]
    ticket = await make_ticket(conn, world["owner"], world["building"].id)
    await set_my_preferences(conn, world["owner"], {"ticket.answered": False})
    await tickets.comment_ticket(conn, world["syndic"], ticket.id, {"body": "On passe jeudi", "visibility": "public"})
    assert await _mails(conn, world["org"], "reporter@example.test") == []
    assert await unread_count(conn, world["owner"]) == 1
    await tickets.comment_ticket(conn, world["syndic"], ticket.id, {"body": "Entre nous"})  # internal: no notice
    assert await unread_count(conn, world["owner"]) == 1


async def test_a_photo_is_checked_by_its_bytes(conn) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Invalid):
        check_photo("fuite.png", b"%PDF-1.4 not an image")
    with pytest.raises(Invalid):
        check_photo("fuite.png", b"<script>alert(1)</script>")


async def test_an_owner_reports_on_a_common_part_or_their_own_lot_only(conn, world) -> None:  # type: ignore[no-untyped-def]
    stranger = await make_unit(conn, world["org"], world["building"], "B9")
    with pytest.raises(Invalid):
        await make_ticket(conn, world["owner"], world["building"].id, unit_id=str(stranger["id"]))
    with pytest.raises(NotFound):
        await make_ticket(conn, world["owner"], world["other"].id)
    common = await make_ticket(conn, world["syndic"], world["building"].id, location="Cave")
    mine = await make_ticket(conn, world["owner"], world["building"].id, unit_id=str(world["unit"]["id"]))
    lot_of_other = await make_ticket(conn, world["syndic"], world["building"].id, unit_id=str(stranger["id"]))
    seen = {t.id: t for t in await tickets.list_tickets(conn, world["owner"])}
    assert set(seen) == {common.id, mine.id}  # their own, and the common parts of their building
    assert seen[common.id].reporter_name is None
    with pytest.raises(NotFound):
        await tickets.get_ticket(conn, world["owner"], lot_of_other.id)


async def test_the_threshold_at_its_boundary(conn, world) -> None:  # type: ignore[no-untyped-def]
    syndic, building = world["syndic"], world["building"]
    await quotes.set_threshold(conn, syndic, building.id, {"amount": "5000.00", "quotes_required": 3,
                                                           "decided_on": "2026-01-15", "reference": "AG 2026, pt 7"})
    equal, _quotes = await make_work_with_quotes(conn, syndic, building.id, ["5000.00"], rate="0")
    await quotes.accept_quote(conn, syndic, _quotes[0].id)
    assert (await works.place_order(conn, syndic, equal.id, {})).status == "ordered"
    above, offers = await make_work_with_quotes(conn, syndic, building.id, ["5000.01", "5200"], rate="0")
    await quotes.accept_quote(conn, syndic, offers[0].id)
    with pytest.raises(Conflict) as refused:
        await works.place_order(conn, syndic, above.id, {})
    assert "3.88" in refused.value.reason and "2 devis" in refused.value.reason
    third = await make_contractor(conn, syndic)
    asked = await quotes.request_quotes(conn, syndic, above.id, {"contractor_ids": [str(third.id)]})
    with pytest.raises(Conflict):  # asked is not received
        await works.place_order(conn, syndic, above.id, {})
    await quotes.record_quote(conn, syndic, next(q for q in asked if q.contractor_id == third.id).id,
                              {"amount_excl_vat": "5100", "vat_rate": "0"})  # the third answer comes in
    assert (await works.place_order(conn, syndic, above.id, {})).status == "ordered"


async def test_from_the_accepted_quote_to_the_expense(conn, world) -> None:  # type: ignore[no-untyped-def]
    syndic, building = world["syndic"], world["building"]
    work, offers = await make_work_with_quotes(conn, syndic, building.id, ["1200.00", "990.00"], rate="6")
    cheapest = min(offers, key=lambda q: q.total)
    assert cheapest.total == Decimal("1049.40")
    await quotes.accept_quote(conn, syndic, cheapest.id)
    detail = await works.work_detail(conn, syndic, work.id)
    assert [q.status for q in detail.quotes] == ["accepted", "rejected"] and detail.verdict and detail.verdict.allowed
    with pytest.raises(Conflict):
        await works.record_invoice(conn, syndic, work.id, {"invoice_number": "F1", "invoice_date": "2026-04-01"})
    await works.place_order(conn, syndic, work.id, {"order_reference": "BC-1"})
    await works.report_work(conn, syndic, work.id, {"work_report": "Gouttière remplacée"})
    await works.record_invoice(conn, syndic, work.id, {"invoice_number": "F-77", "invoice_date": "2026-04-01"})
    done = await works.make_expense(conn, syndic, work.id)
    expense = await conn.fetchrow("SELECT * FROM expenses WHERE id = $1", done.expense_id)
    assert done.status == "expensed" and expense["status"] == "draft"
    assert (expense["amount_excl_vat"], expense["total"], expense["supplier"], expense["invoice_number"]) == (
        Decimal("990.00"), Decimal("1049.40"), cheapest.contractor_name, "F-77")
    with pytest.raises(Conflict):
        await works.make_expense(conn, syndic, work.id)


async def test_the_board_sees_its_building_only(conn, world) -> None:  # type: ignore[no-untyped-def]
    syndic, board = world["syndic"], world["board"]
    here = await make_ticket(conn, syndic, world["building"].id)
    there = await make_ticket(conn, syndic, world["other"].id)
    at_work_here = await make_contractor(conn, syndic)
    elsewhere = await make_contractor(conn, syndic)
    await tickets.triage_ticket(conn, syndic, here.id, {"urgency": "low", "contractor_id": str(at_work_here.id)})
    await tickets.triage_ticket(conn, syndic, there.id, {"urgency": "low", "contractor_id": str(elsewhere.id)})
    work_there, offers_there = await make_work_with_quotes(conn, syndic, world["other"].id, ["100"])
    assert [t.id for t in await tickets.list_tickets(conn, board)] == [here.id]
    assert [c.id for c in await contractors.list_contractors(conn, board)] == [at_work_here.id]
    with pytest.raises(NotFound):
        await tickets.get_ticket(conn, board, there.id)
    with pytest.raises(NotFound):
        await contractors.get_contractor(conn, board, elsewhere.id)
    with pytest.raises(NotFound):
        await works.get_work(conn, board, work_there.id)
    with pytest.raises(NotFound):
        await quotes.get_quote(conn, board, offers_there[0].id)
    assert await quotes.list_quotes(conn, board) == []


async def test_another_organisation_sees_nothing(conn, world) -> None:  # type: ignore[no-untyped-def]
    stranger_org = await make_org(conn)
    stranger = actor(await make_user(conn, stranger_org, "syndic"), stranger_org, "syndic")
    ticket = await make_ticket(conn, world["syndic"], world["building"].id)
    firm = await make_contractor(conn, world["syndic"])
    work, offers = await make_work_with_quotes(conn, world["syndic"], world["building"].id, ["100"])
    for call in (tickets.get_ticket(conn, stranger, ticket.id), contractors.get_contractor(conn, stranger, firm.id),
                 works.get_work(conn, stranger, work.id), quotes.get_quote(conn, stranger, offers[0].id),
                 tickets.move_ticket(conn, stranger, ticket.id, "close", {}),
                 quotes.accept_quote(conn, stranger, offers[0].id),
                 contractors.update_contractor(conn, stranger, firm.id, {"phone": "1"})):
        with pytest.raises(NotFound):
            await call
    assert await tickets.list_tickets(conn, stranger) == []
    assert await contractors.list_contractors(conn, stranger) == []
    with pytest.raises(Invalid):
        await tickets.triage_ticket(conn, world["syndic"], ticket.id, {"urgency": "low", "contractor_id": str(
            (await make_contractor(conn, stranger)).id)})


async def test_a_lapsing_certificate_and_a_late_ticket_reach_the_desk(conn, world) -> None:  # type: ignore[no-untyped-def]
    from domain.desk.providers import PROVIDERS
    from domain.maintenance import desk
    syndic, today = world["syndic"], date.today()
    soon = await make_contractor(conn, syndic, insurance_expires_on=(today + timedelta(days=20)).isoformat())
    lapsed = await make_contractor(conn, syndic, insurance_expires_on=(today - timedelta(days=1)).isoformat())
    await make_contractor(conn, syndic, insurance_expires_on=(today + timedelta(days=31)).isoformat())
    from domain.access import require
    m = require(syndic, "contractor.read")
    items = await desk.expiring_certificates(conn, m, today)
    assert [i.path for i in items] == [f"/contractors/{lapsed.id}", f"/contractors/{soon.id}"]
    assert items[0].urgency(today) == "late" and "échue" in items[0].title
    late = await make_ticket(conn, syndic, world["building"].id)
    await tickets.triage_ticket(conn, syndic, late.id, {"urgency": "low", "due_on": "2020-01-01"})
    found = await desk.overdue_tickets(conn, m, today)
    assert [(i.kind, i.path, i.count) for i in found] == [("ticket.overdue", f"/tickets/{late.id}", 1)]
    assert desk.overdue_tickets in PROVIDERS
    assert await desk.overdue_tickets(conn, require(world["owner"], "ticket.read"), today) == []


async def test_the_syndic_is_not_mailed_about_their_own_moves(conn, world) -> None:  # type: ignore[no-untyped-def]
    ticket = await make_ticket(conn, world["syndic"], world["building"].id)  # reported on the phone's behalf
    await tickets.move_ticket(conn, world["syndic"], ticket.id, "close", {"note": "Réglé"})
    assert await _mails(conn, world["org"], world["syndic"].email) == []
