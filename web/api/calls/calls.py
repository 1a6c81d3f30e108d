"""/api/v1 for funds, budgets and calls for funds, and what an owner owes."""
from __future__ import annotations

from decimal import Decimal
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.calls import batch, budget_agenda, budgets, calls, cancel, dues, funds, regularisation, schedule, settlement
from domain.calls.calls import CallView
from domain.errors import Conflict
from domain.i18n import _
from domain.platform.organizations import letterhead
from domain.rules.payment_reference import structured_communication
from web import db
from web.api.calls.spec import SPEC as SPEC
from web.auth import current_actor
from web.documents import pdf_response
from web.documents.calls import compose_notice, compose_settlement, notices_pdf, settlement_pdf
from web.jsonapi import json_body, json_response, to_json

bp = Blueprint("api_calls", __name__, url_prefix="/api/v1")


def _preview() -> bool:
    return request.args.get("preview", "").lower() in ("1", "true", "yes")


def budget_json(view: budgets.BudgetView) -> dict[str, Any]:
    """A budget with its lines, totals and the reserve check."""
    body = to_json(view.budget)
    body["total"] = view.budget.total
    body["lines"] = [{**to_json(x), "actual": None if x.section == "reserve" else
                      view.actual.get(x.account_code, Decimal("0.00"))} for x in view.lines]
    c = view.reserve_check
    body["reserve_check"] = {"ok": c.ok, "required": c.required, "minimum": c.minimum,
                             "contribution": c.contribution, "shortfall": c.shortfall, "reasons": c.reasons}
    return body


def call_json(view: CallView) -> dict[str, Any]:
    """A call (or a previewed one: id null) with each owner's share and communication."""
    body = to_json(view.call)
    body["id"] = view.id
    body.setdefault("status", "preview")
    shares = []
    for s in view.shares:
        item = to_json(s)
        ref = view.references.get(s.owner_id)
        item["communication"] = structured_communication(ref) if ref is not None else None
        shares.append(item)
    body["shares"] = shares
    return body


def due_json(d: dues.Due) -> dict[str, Any]:
    """A due line: a call's share or a settlement's balance, with what is paid and left and how to pay it."""
    c = d.call
    mine = d.source == "call"
    return {"source": d.source, "call_id": d.call_id if mine else None, "settlement_id": None if mine else d.call_id,
            "building_id": d.building_id, "building_name": d.building_name, "kind": d.kind,
            "label": d.label, "period_start": c.period_start, "period_end": c.period_end, "call_date": c.call_date,
            "due_date": c.due_date, "lots": d.lots, "amount": d.amount, "beneficiary": c.holder or None,
            "iban": c.iban or None, "bic": c.bic, "communication": d.communication, "qr_payload": d.qr,
            "credit": d.credit, "to_pay": d.to_pay, "paid": d.paid, "remaining": d.remaining}


def posted_json(found: settlement.PostedSettlement) -> dict[str, Any]:
    """A posted settlement with each owner's provisions, charges and balance (negative: a credit)."""
    return {**to_json(found.settlement), "owners": [
        {k: v for k, v in to_json(x).items() if k not in ("settlement_id", "building_id", "building_name", "kind",
                                                           "period_start", "period_end")} for x in found.lines]}


@bp.get("/buildings/<uuid:building_id>/funds")
async def funds_index(building_id: UUID) -> ResponseReturnValue:
    found = await funds.list_funds(await db.conn(), current_actor(), building_id)
    return json_response({"data": [to_json(f) for f in found]})


@bp.post("/buildings/<uuid:building_id>/funds")
async def funds_create(building_id: UUID) -> ResponseReturnValue:
    fund = await funds.create_fund(await db.conn(), current_actor(), building_id, await json_body())
    return json_response(to_json(fund), 201)


@bp.post("/funds/<uuid:fund_id>/use")
async def funds_use(fund_id: UUID) -> ResponseReturnValue:
    fund = await funds.use_fund(await db.conn(), current_actor(), fund_id, await json_body())
    return json_response(to_json(fund))


@bp.get("/buildings/<uuid:building_id>/budgets")
async def budgets_index(building_id: UUID) -> ResponseReturnValue:
    found = await budgets.list_budgets(await db.conn(), current_actor(), building_id)
    return json_response({"data": [{**to_json(b), "total": b.total} for b in found]})


@bp.post("/buildings/<uuid:building_id>/budgets")
async def budgets_create(building_id: UUID) -> ResponseReturnValue:
    view = await budgets.draft_budget(await db.conn(), current_actor(), building_id, await json_body())
    return json_response(budget_json(view), 201)


@bp.get("/budgets/<uuid:budget_id>")
async def budgets_show(budget_id: UUID) -> ResponseReturnValue:
    return json_response(budget_json(await budgets.get_budget(await db.conn(), current_actor(), budget_id)))


@bp.post("/budgets/<uuid:budget_id>/approve")
async def budgets_approve(budget_id: UUID) -> ResponseReturnValue:
    view = await budgets.approve_budget(await db.conn(), current_actor(), budget_id, await json_body())
    return json_response(budget_json(view))


@bp.post("/budgets/<uuid:budget_id>/agenda")
async def budgets_agenda(budget_id: UUID) -> ResponseReturnValue:
    item = await budget_agenda.put_on_agenda(await db.conn(), current_actor(), budget_id, await json_body())
    return json_response(to_json(item), 201)


@bp.post("/budgets/<uuid:budget_id>/regularise")
async def budgets_regularise(budget_id: UUID) -> ResponseReturnValue:
    body = await json_body()
    found = await regularisation.regularise(await db.conn(), current_actor(), budget_id, body)
    preview = isinstance(body, dict) and str(body.get("preview", "")).lower() in ("1", "true", "yes", "on")
    return json_response({"mode": found.mode, "regularisation": [call_json(v) for v in found.regularisation],
                          "drafts": [call_json(v) for v in found.drafts]}, 200 if preview else 201)


@bp.get("/buildings/<uuid:building_id>/calls")
async def calls_index(building_id: UUID) -> ResponseReturnValue:
    found = await calls.list_calls(await db.conn(), current_actor(), building_id)
    return json_response({"data": [to_json(c) for c in found]})


@bp.post("/buildings/<uuid:building_id>/calls")
async def calls_create(building_id: UUID) -> ResponseReturnValue:
    conn, actor, body, preview = await db.conn(), current_actor(), await json_body(), _preview()
    if "budget_id" in body:
        views = await schedule.generate_calls(conn, actor, building_id, body, preview)
        return json_response({"data": [call_json(v) for v in views]}, 200 if preview else 201)
    view = await calls.create_call(conn, actor, building_id, body, preview)
    return json_response({"data": [call_json(view)]}, 200 if preview else 201)


@bp.post("/buildings/<uuid:building_id>/calls/issue")
async def calls_issue_batch(building_id: UUID) -> ResponseReturnValue:
    views = await calls.issue_batch(await db.conn(), current_actor(), building_id, await json_body(), compose_notice)
    return json_response({"data": [call_json(v) for v in views]})


@bp.post("/calls/issue")
async def calls_issue_quarter() -> ResponseReturnValue:
    """The firm's quarter: every building's calls up to `until` generated and issued in one transaction."""
    preview = _preview()
    done = await batch.issue_quarter(await db.conn(), current_actor(), await json_body(),
                                     None if preview else compose_notice, preview=preview)
    totals = {"buildings": sum(1 for b in done if b.calls), "generated": sum(b.generated for b in done),
              "calls": sum(b.calls for b in done), "shares": sum(b.shares for b in done),
              "emails": sum(b.emails for b in done), "total": sum((b.total for b in done), Decimal("0.00"))}
    return json_response({"data": [to_json(b) for b in done], "totals": totals, "preview": preview})


@bp.get("/calls/<uuid:call_id>")
async def calls_show(call_id: UUID) -> ResponseReturnValue:
    return json_response(call_json(await calls.get_call(await db.conn(), current_actor(), call_id)))


@bp.post("/calls/<uuid:call_id>/issue")
async def calls_issue(call_id: UUID) -> ResponseReturnValue:
    view = await calls.issue_call(await db.conn(), current_actor(), call_id, compose_notice)
    return json_response(call_json(view))


@bp.post("/calls/<uuid:call_id>/cancel")
async def calls_cancel(call_id: UUID) -> ResponseReturnValue:
    done = await cancel.cancel_call(await db.conn(), current_actor(), call_id, await json_body())
    return json_response({**to_json(done.call), "reason": done.reason, "reversal_entry_id": done.entry_id,
                          "reversal_date": done.entry_date, "owners_credited": done.owners})


@bp.get("/calls/<uuid:call_id>/notices.pdf")
async def calls_notices(call_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await calls.notices(conn, actor, call_id, request.args.get("printed") in ("1", "true"))
    if not found.owners:
        raise Conflict(_("Aucun avis à imprimer : chaque copropriétaire reçoit le sien par e-mail."), "printed")
    head = await letterhead(conn, actor, found.building)
    posted = await dues.postal_addresses(conn, actor, [o.id for o in found.owners])
    data = await notices_pdf(found.view, found.building, found.fund, found.owners, head, posted)
    return pdf_response(data, f"appel-{call_id}.pdf")


@bp.get("/buildings/<uuid:building_id>/settlement")
async def settlement_show(building_id: UUID) -> ResponseReturnValue:
    found = await settlement.settle(await db.conn(), current_actor(), building_id, dict(request.args))
    return json_response({"building_id": found.building_id, "from": found.first, "to": found.last,
                          "kind": found.kind, "provisions": found.provisions, "charges": found.charges,
                          "owners": [{**to_json(o), "balance": o.balance} for o in found.owners]})


@bp.get("/buildings/<uuid:building_id>/settlements")
async def settlements_index(building_id: UUID) -> ResponseReturnValue:
    found = await settlement.list_settlements(await db.conn(), current_actor(), building_id)
    return json_response({"data": [posted_json(s) for s in found]})


@bp.post("/buildings/<uuid:building_id>/settlements")
async def settlements_post(building_id: UUID) -> ResponseReturnValue:
    found = await settlement.post_settlement(await db.conn(), current_actor(), building_id, await json_body(),
                                             compose_settlement)
    return json_response(posted_json(found), 201)


@bp.get("/buildings/<uuid:building_id>/settlements/<uuid:settlement_id>/notices.pdf")
async def settlement_notices(building_id: UUID, settlement_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found = await settlement.notices(conn, actor, building_id, settlement_id)
    head = await letterhead(conn, actor, found.building)
    posted = await dues.postal_addresses(conn, actor, [o.id for o in found.owners])
    data = await settlement_pdf(found.found, found.building, found.owners, head, posted)
    return pdf_response(data, f"decompte-{settlement_id}.pdf")


@bp.get("/owners/<uuid:owner_id>/dues")
async def owner_dues(owner_id: UUID) -> ResponseReturnValue:
    found = await dues.owner_account(await db.conn(), current_actor(), owner_id)
    return json_response({"data": [due_json(d) for d in found.dues], "credit": found.credit_left,
                          "advance": found.advance, "settlements": [to_json(s) for s in found.settlements]})
