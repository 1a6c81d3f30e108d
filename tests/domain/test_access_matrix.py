"""The whole access policy walked through the use cases: every action × every role × a building in and out of
the actor's scope. An action's probe calls a use case that needs exactly that action; the outcome must be what
domain/access.py's table and scope rules say — refused (Forbidden) when the role may not, not found when the
building is out of the actor's reach, done otherwise."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from domain import access
from domain.access import Actor
from domain.accounting import books, closing, drafts, exports
from domain.bank import statements as bank_statements
from domain.board import decisions as bd
from domain.board import report as board_report
from domain.calls import budgets as call_budgets
from domain.calls import calls as call_calls
from domain.calls import cancel as call_cancel
from domain.calls import dues as call_dues
from domain.calls import funds as call_funds
from domain.calls import notary as call_notary
from domain.calls import reserve_rules as call_reserve_rules
from domain.calls import sale as call_sale
from domain.calls import settlement as call_settlement
from domain.charges import expense_lifecycle as life
from domain.charges import expenses, keys, owner_ledger
from domain.collection import arrears as coll_arrears
from domain.collection import ladder as coll_ladder
from domain.desk import desk
from domain.documents import library
from domain.errors import Conflict, Forbidden, Invalid, NotFound
from domain.handover import jobs as handover_jobs
from domain.handover.restore import import_archive
from domain.maintenance import contractors as mc
from domain.maintenance import quotes as mq
from domain.maintenance import tickets as mt
from domain.maintenance import works as mw
from domain.meetings import agenda_requests, ballots, meetings, minutes
from domain.notifications import notices
from domain.pagination import PageRequest
from domain.platform import invitations, mail, members, organizations, scopes
from domain.platform.users import authenticate
from domain.privacy import breaches, erasure, personal_data
from domain.register import buildings, units
from domain.rules import coda
from domain.rules.bank_statement import CODA, Movement, Statement
from domain.storage import LocalStorage
from tests.factories import actor as actor_of
from tests.factories import (
    give_right,
    make_building,
    make_org,
    make_owner,
    make_unit,
    make_user,
    sit_on_board,
    token,
)

ROLES = ("syndic", "accountant", "board_member", "owner", "superadmin")
SCOPED = {"accountant", "board_member", "owner"}  # in this world each of them reaches building A only
LEGACY = {"category": "Maintenance", "description": "Entretien", "amount": 100, "expense_date": "2026-03-01"}


@dataclass
class World:
    """Two buildings of one organisation: A (in every scoped actor's reach) and B (in none)."""
    org: Any
    users: dict[str, Any]
    actors: dict[str, Actor]
    ids: dict[str, dict[str, Any]]  # per building ("A", "B"): the ids the probes use


async def _building(conn, org, syndic, tag, owner_user):  # type: ignore[no-untyped-def]
    building = await make_building(conn, org, name=f"Immeuble {tag}")
    unit = await make_unit(conn, org, building, f"{tag}1", quota=1000)
    owner = await make_owner(conn, org, f"Proprio{tag}", user=owner_user, email=f"{tag.lower()}@example.test")
    await give_right(conn, org, unit, owner)
    draft = await expenses.create_expense(conn, syndic, {**LEGACY, "building_id": str(building.id)})
    approved = await expenses.create_expense(conn, syndic, {**LEGACY, "building_id": str(building.id)})
    await life.approve_expense(conn, syndic, approved.id)
    when = (date.today() + timedelta(days=40)).isoformat() + "T18:00"
    drafted = await meetings.create_meeting(conn, syndic, {"building_id": str(building.id), "title": "AG",
                                                           "meeting_type": "ordinary", "scheduled_date": when,
                                                           "location": "Salle"})
    convened = await meetings.create_meeting(conn, syndic, {"building_id": str(building.id), "title": "AG",
                                                            "meeting_type": "ordinary", "scheduled_date": when,
                                                            "location": "Salle"})
    await conn.execute("UPDATE meetings SET status = 'convened' WHERE id = $1", convened.id)
    owner_actor = actor_of(owner_user, org, "owner")
    request = await agenda_requests.ask_for_item(conn, owner_actor, building.id, {"title": "Un point"})
    ticket = await mt.report_ticket(conn, owner_actor, None, building.id, {"title": "Fuite", "description": "Eau"})
    firm = await mc.create_contractor(conn, syndic, {"company_name": f"Plombier {tag}"})
    await mt.triage_ticket(conn, syndic, ticket.id, {"urgency": "low", "contractor_id": str(firm.id)})
    work = await mw.create_work(conn, syndic, building.id, {"title": "Toiture"})
    [quote] = await mq.request_quotes(conn, syndic, work.id, {"contractor_ids": [str(firm.id)]})
    decision = await bd.add_decision(conn, syndic, building.id, {"title": "Repeindre le hall"})
    await call_funds.create_fund(conn, syndic, building.id, {"kind": "working", "iban": "BE68539007547034"})
    budget = await call_budgets.draft_budget(conn, syndic, building.id, {"year_start": "2027-01-01", "lines": [
        {"section": "ordinary", "account_code": "6100", "label": "Entretien", "amount": "100"}]})
    call = await call_calls.create_call(conn, syndic, building.id, {"kind": "working_fund", "call_date": "2027-02-01",
                                                                    "total": "100"})
    return {"building": building.id, "unit": unit["id"], "owner": owner["id"], "draft": draft.id,
            "approved": approved.id, "meeting_draft": drafted.id, "meeting": convened.id, "request": request.id,
            "year": await conn.fetchval("SELECT id FROM fiscal_years WHERE building_id = $1 ORDER BY starts_on LIMIT 1",
                                          building.id),
            "ticket": ticket.id, "contractor": firm.id, "work": work.id, "quote": quote.id, "decision": decision.id,
            "budget": budget.budget.id, "call": call.id,
            "movement": await _movement_in_suspense(conn, syndic, building.id)}


async def _movement_in_suspense(conn, syndic, building_id):  # type: ignore[no-untyped-def]
    day = date(2027, 1, 20)
    statement = Statement(CODA, "BE68539007547034", "EUR", 1, Decimal("0"), day, Decimal("10"), day,
                          (Movement(1, day, day, Decimal("10"), free_communication="?"),))
    await bank_statements.import_statements(conn, syndic, building_id, coda.write([statement]).encode())
    [movement] = await bank_statements.unmatched(conn, syndic, building_id)
    return movement.id


@pytest.fixture
async def world(conn) -> World:  # type: ignore[no-untyped-def]
    org = await make_org(conn)
    users = {role: await make_user(conn, org, *([role] if role != "superadmin" else []), superadmin=role == "superadmin")
             for role in ROLES}
    await make_user(conn, org, "board_member")  # someone a mandate can be given to
    syndic = actor_of(users["syndic"], org, "syndic")
    other_owner = await make_user(conn, org, "owner")
    ids = {"A": await _building(conn, org, syndic, "A", users["owner"]),
           "B": await _building(conn, org, syndic, "B", other_owner)}
    await sit_on_board(conn, org, users["board_member"], await buildings.get_building(conn, syndic, ids["A"]["building"]))
    await scopes.assign_accountant(conn, syndic, users["accountant"].id, [ids["A"]["building"]])
    actors = {}
    for role in ROLES:  # each actor as a request would carry it: read back through its token
        value = await token(conn, users[role], org, role)
        found = await authenticate(conn, value, "bearer")
        assert found is not None and found.role == role
        actors[role] = found
    return World(org, users, actors, ids)


# action -> (probe(conn, actor, ids of one building), whether the action is about a building)
def _probes() -> dict[str, Any]:
    async def manage_org(conn, a, i): await organizations.list_organizations(conn, a)
    async def compose(link: str, org_name: str, lang: str) -> tuple[str, str]:
        return "Invitation", link
    async def invite(conn, a, i):
        await invitations.invite(conn, a, invitations.NewInvitation("x@example.test", "owner"), "http://t", compose)
    async def scope(conn, a, i): await scopes.building_scopes(conn, a, i["building"])
    async def dev_mail(conn, a, i): mail.caught_messages(a)
    async def portal(conn, a, i): await agenda_requests.set_my_subscription(conn, a, True)
    async def read_building(conn, a, i): await buildings.get_building(conn, a, i["building"])
    async def manage_building(conn, a, i): await buildings.update_building(conn, a, i["building"], {"city": "Namur"})
    async def browse(conn, a, i):
        await units.lots_on(conn, a, await buildings.get_building(conn, a, i["building"]), date.today())
    async def read_register(conn, a, i): await units.get_unit(conn, a, i["unit"])
    async def manage_register(conn, a, i): await units.update_unit(conn, a, i["unit"], {"floor": 3})
    async def read_expense(conn, a, i): await expenses.get_expense(conn, a, i["draft"])
    async def draft(conn, a, i): await expenses.update_expense(conn, a, i["draft"], {"description": "Autre"})
    async def approve(conn, a, i): await life.approve_expense(conn, a, i["draft"])
    async def pay(conn, a, i): await life.mark_paid(conn, a, i["approved"], {})
    async def cancel(conn, a, i): await life.cancel_expense(conn, a, i["approved"], {"reason": "Erreur"})
    async def read_keys(conn, a, i): await keys.list_keys(conn, a, i["building"])
    async def edit_key(conn, a, i): await keys.create_key(conn, a, i["building"], {"name": "Ascenseur", "weights": {}})
    async def payments(conn, a, i): await owner_ledger.building_payments(conn, a, i["building"])
    async def record(conn, a, i):
        await owner_ledger.record_payment(conn, a, i["building"], {"owner_id": str(i["owner"]), "amount": "10",
                                                                     "paid_on": "2026-03-02"})
    async def statement(conn, a, i):
        await owner_ledger.statement(conn, a, i["owner"], {"building": str(i["building"])})
    async def read_meeting(conn, a, i): await meetings.get_meeting(conn, a, i["meeting"])
    async def read_drafts(conn, a, i): await meetings.get_meeting(conn, a, i["meeting_draft"])
    async def follow(conn, a, i): await agenda_requests.building_requests(conn, a, i["building"])
    async def manage_meeting(conn, a, i): await meetings.update_meeting(conn, a, i["meeting_draft"], {"location": "Hall"})
    async def mailings(conn, a, i): await minutes.mailings(conn, a, i["meeting"])
    async def vote(conn, a, i): await ballots.my_ballots(conn, a, i["meeting"])
    async def ask(conn, a, i): await agenda_requests.ask_for_item(conn, a, i["building"], {"title": "Un autre point"})
    async def handle(conn, a, i): await agenda_requests.answer_request(conn, a, i["request"], {"answer": "Non."})
    async def read_documents(conn, a, i):
        await library.list_documents(conn, a, i["building"], library.DocumentFilter(), PageRequest())
    async def manage_documents(conn, a, i): await library.addressees(conn, a, i["building"])
    async def export_data(conn, a, i): await personal_data.export(conn, a, i["owner"])
    async def rectify(conn, a, i): await personal_data.rectify_my_contact(conn, a, {"phone": "+32 2 000 00 00"})
    async def consent(conn, a, i): await personal_data.consents(conn, a, i["owner"])
    async def erase(conn, a, i): await erasure.erasure_status(conn, a, i["owner"])
    async def privacy(conn, a, i): await breaches.breach_log(conn, a)
    async def export_building(conn, a, i): await handover_jobs.recent_exports(conn, a, i["building"])
    async def import_(conn, a, i): await import_archive(conn, a, LocalStorage("/nonexistent"), a.org_id, b"")
    async def read_ledger(conn, a, i): await books.trial_balance(conn, a, i["building"], {})
    async def post_by_hand(conn, a, i): await books.post_manual_entry(conn, a, i["building"], {"label": "x"})
    async def close_year(conn, a, i): await closing.close_year(conn, a, i["year"])
    async def draft_entry(conn, a, i): await drafts.save_draft(conn, a, i["building"], {"label": "x"})
    async def export_books(conn, a, i): await exports.journal(conn, a, i["building"], {}, "csv")
    # desk, members and notifications
    async def read_desk(conn, a, i): await desk.charts(conn, a, i["building"])
    async def manage_members(conn, a, i): await members.list_members(conn, a)
    async def read_notices(conn, a, i): await notices.my_notices(conn, a, PageRequest())
    async def report_ticket(conn, a, i): await mt.report_ticket(conn, a, None, i["building"], {"title": "T"})
    async def read_ticket(conn, a, i): await mt.list_tickets(conn, a, i["building"])
    async def triage(conn, a, i): await mt.move_ticket(conn, a, i["ticket"], "start", {})
    async def read_contractor(conn, a, i): await mc.get_contractor(conn, a, i["contractor"])
    async def manage_contractor(conn, a, i): await mc.update_contractor(conn, a, i["contractor"], {"phone": "02"})
    async def read_quote(conn, a, i): await mq.get_quote(conn, a, i["quote"])
    async def manage_quote(conn, a, i): await mw.create_work(conn, a, i["building"], {"title": "Peinture"})
    async def read_decision(conn, a, i): await bd.list_decisions(conn, a, i["building"])
    async def manage_decision(conn, a, i): await bd.update_decision(conn, a, i["decision"], {"status": "done"})
    async def draft_report(conn, a, i): await board_report.board_report(conn, a, i["building"], 2026)
    # calls
    async def read_funds(conn, a, i): await call_funds.list_funds(conn, a, i["building"])
    async def manage_funds(conn, a, i):
        await call_funds.create_fund(conn, a, i["building"], {"kind": "reserve", "iban": "BE68539007547034"})
    async def read_budgets(conn, a, i): await call_budgets.get_budget(conn, a, i["budget"])
    async def draft_budget(conn, a, i): await call_budgets.draft_budget(conn, a, i["building"], {"year_start": "x"})
    async def approve_budget(conn, a, i):
        await call_budgets.approve_budget(conn, a, i["budget"], {"resolution_id": str(i["budget"])})
    async def read_call(conn, a, i): await call_calls.get_call(conn, a, i["call"])
    async def issue_call(conn, a, i): await call_calls.issue_call(conn, a, i["call"])
    async def cancel_call(conn, a, i): await call_cancel.cancel_call(conn, a, i["call"], {"reason": "Erreur"})
    async def read_dues(conn, a, i): await call_dues.owner_dues(conn, a, i["owner"])
    async def read_notary(conn, a, i): await call_notary.notary_statement(conn, a, i["unit"], {"date": "2027-05-15"})
    async def manage_reserve_rules(conn, a, i):
        await call_reserve_rules.set_rules(conn, a, i["building"], {"provisional_acceptance_on": "2024-01-01"})
    async def settle_sale(conn, a, i):
        await call_sale.settle_sale(conn, a, i["unit"], {"transfer_date": "2027-05-15", "seller_id": str(i["owner"]),
                                                         "buyer_id": str(i["building"])})
    async def post_settlement(conn, a, i):
        await call_settlement.post_settlement(conn, a, i["building"], {"from": "2031-01-01", "to": "2031-03-31"})
    # bank
    async def read_bank(conn, a, i): await bank_statements.building_statements(conn, a, i["building"])
    async def import_bank(conn, a, i): await bank_statements.import_statements(conn, a, i["building"], b"?" * 200)
    async def unmatch_movement(conn, a, i): await bank_statements.unmatch(conn, a, i["movement"])
    async def read_arrears(conn, a, i): await coll_arrears.arrears(conn, a, date.today(), i["building"])
    async def read_policy(conn, a, i): await coll_ladder.get_policy(conn, a, i["building"])
    async def manage_policy(conn, a, i): await coll_ladder.set_policy(conn, a, i["building"], {"steps": []})
    async def run_reminder(conn, a, i):
        await coll_ladder.run_now(conn, a, i["building"], [], date.today(), _no_letter)
    async def manage_hold(conn, a, i): await coll_arrears.add_hold(conn, a, i["owner"], {}, date.today())
    return {
        "organization.manage": (manage_org, False), "member.invite": (invite, False), "member.scope": (scope, True),
        "dev_mail.read": (dev_mail, False), "portal.use": (portal, False),
        "building.read": (read_building, True), "building.manage": (manage_building, True),
        "register.browse": (browse, True), "register.read": (read_register, True),
        "register.manage": (manage_register, True),
        "expense.read": (read_expense, True), "expense.draft": (draft, True), "expense.approve": (approve, True),
        "expense.pay": (pay, True), "expense.cancel": (cancel, True),
        "key.read": (read_keys, True), "key.edit": (edit_key, True),
        "payment.read": (payments, True), "payment.record": (record, True), "statement.read": (statement, True),
        "meeting.read": (read_meeting, True), "meeting.read_drafts": (read_drafts, True),
        "meeting.follow": (follow, True), "meeting.manage": (manage_meeting, True),
        "meeting.mailings": (mailings, True), "meeting.vote": (vote, True),
        "agenda_request.ask": (ask, True), "agenda_request.handle": (handle, True),
        "document.read": (read_documents, True), "document.manage": (manage_documents, True),
        "personal_data.export": (export_data, True), "personal_data.rectify": (rectify, False),
        "consent.manage": (consent, True), "personal_data.erase": (erase, True),
        "privacy.manage": (privacy, False), "handover.export": (export_building, True),
        "handover.import": (import_, False),
        "ledger.read": (read_ledger, True), "entry.post": (post_by_hand, True), "year.close": (close_year, True),
        "entry.draft": (draft_entry, True),
        "books.export": (export_books, True),
        # desk, members and notifications
        "desk.read": (read_desk, True), "member.manage": (manage_members, False),
        "notification.read": (read_notices, False),
        "ticket.report": (report_ticket, True), "ticket.read": (read_ticket, True), "ticket.triage": (triage, True),
        "contractor.read": (read_contractor, True), "contractor.manage": (manage_contractor, False),
        "quote.read": (read_quote, True), "quote.manage": (manage_quote, True),
        "decision.read": (read_decision, True), "decision.manage": (manage_decision, True),
        "board_report.draft": (draft_report, True),
        # calls
        "fund.read": (read_funds, True), "fund.manage": (manage_funds, True),
        "budget.read": (read_budgets, True), "budget.draft": (draft_budget, True),
        "budget.approve": (approve_budget, True), "call.read": (read_call, True), "call.issue": (issue_call, True),
        "call.cancel": (cancel_call, True),
        "dues.read": (read_dues, True), "notary_statement.read": (read_notary, True), "sale.settle": (settle_sale, True),
        "reserve_rules.manage": (manage_reserve_rules, True),
        "settlement.post": (post_settlement, True),
        # bank
        "bank_statement.read": (read_bank, True), "bank_statement.import": (import_bank, True),
        "bank_movement.assign": (unmatch_movement, True),
        # collection
        "arrears.read": (read_arrears, True), "reminder_policy.read": (read_policy, True),
        "reminder_policy.manage": (manage_policy, True), "reminder.run": (run_reminder, True),
        "hold.manage": (manage_hold, True),
    }


async def _no_letter(letter: Any) -> tuple[str, str, str, bytes]:
    return "", "", "", b""


PROBES = _probes()
# Where a role that may read a kind of thing may not see some of them, the use case answers "not found" rather
# than "forbidden" (never say it exists): action -> the reading it refines.
HIDDEN = {"meeting.read_drafts": "meeting.read"}


def test_every_action_of_the_policy_has_a_probe() -> None:
    assert set(PROBES) == set(access.POLICY)


async def _outcome(conn, probe, actor: Actor, ids: dict[str, Any]) -> str:  # type: ignore[no-untyped-def]
    tr = conn.transaction()
    await tr.start()
    try:
        await probe(conn, actor, ids)
        return "done"
    except Forbidden:
        return "forbidden"
    except NotFound:
        return "not found"
    except (Invalid, Conflict):
        return "done"  # allowed: the use case went past the policy and judged the input or the state
    finally:
        await tr.rollback()


def _expected(action: str, role: str, building: str, about_a_building: bool) -> set[str]:
    out_of_reach = about_a_building and building == "B" and role in SCOPED
    if role not in access.POLICY[action]:
        # refused either way: out of reach, the thing may be "not found" before the role is even asked
        if action in HIDDEN and role in access.POLICY[HIDDEN[action]]:
            return {"not found"}
        return {"forbidden", "not found"} if out_of_reach else {"forbidden"}
    return {"not found"} if out_of_reach else {"done"}


@pytest.mark.parametrize("role", ROLES)
async def test_the_matrix(conn, world: World, role: str) -> None:
    problems = []
    for action, (probe, about_a_building) in PROBES.items():
        for building in ("A", "B") if about_a_building else ("A",):
            got = await _outcome(conn, probe, world.actors[role], world.ids[building])
            want = _expected(action, role, building, about_a_building)
            if got not in want:
                problems.append((action, building, got, want))
    assert problems == []


async def test_a_board_member_without_a_mandate_reaches_no_building(conn, world: World) -> None:
    board = world.actors["board_member"]
    alone = replace(board, buildings=frozenset())
    for building in ("A", "B"):
        assert await _outcome(conn, PROBES["building.read"][0], alone, world.ids[building]) == "not found"
    listed = await buildings.list_buildings(conn, board, None, PageRequest())
    assert [b.id for b in listed.items] == [world.ids["A"]["building"]]


async def test_an_ended_mandate_ends_the_reach(conn, world: World) -> None:
    syndic = world.actors["syndic"]
    [mandate] = [s for s in await scopes.building_scopes(conn, syndic, world.ids["A"]["building"])
                 if s.role == "board_member"]
    await scopes.end_scope(conn, syndic, mandate.id, date.today() - timedelta(days=1))
    again = await authenticate(conn, await token(conn, world.users["board_member"], world.org, "board_member"),
                               "bearer")
    assert again is not None and again.buildings == frozenset()
    assert await _outcome(conn, PROBES["building.read"][0], again, world.ids["A"]) == "not found"


async def test_an_accountant_without_assignment_reaches_the_whole_firm(conn, world: World) -> None:
    syndic = world.actors["syndic"]
    accountant = world.actors["accountant"]
    await scopes.assign_accountant(conn, syndic, accountant.user_id, [])
    whole = replace(accountant, buildings=None)
    assert await _outcome(conn, PROBES["expense.read"][0], whole, world.ids["B"]) == "done"
