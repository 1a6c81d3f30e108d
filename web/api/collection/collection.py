"""/api/v1 for collection: the arrears (a building's, the firm's), the reminder ladder's policy, the reminders sent
and run now, a registered letter's deposit, an owner's holds."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.collection import arrears as svc
from domain.collection import interest, ladder, plans
from domain.parse import Fields, given
from domain.rules.collection import Step
from web import db
from web.auth import current_actor
from web.documents.reminders import compose_letter
from web.jsonapi import json_body, json_response, to_json
from web.openapi import op, path_id

bp = Blueprint("api_collection", __name__, url_prefix="/api/v1")


def line_json(x: svc.Line) -> dict[str, Any]:
    body: dict[str, Any] = to_json(x.row)
    body["privilege_at_risk"] = x.privilege_at_risk
    body["next_step"] = step_json(x.next_step) if x.next_step else None
    body["next_on"] = x.next_on.isoformat() if x.next_on else None
    return body


def step_json(s: Step) -> dict[str, Any]:
    return {"step": s.number, "delay_days": s.delay_days, "channel": s.channel, "cost": str(s.cost)}


@bp.get("/arrears")
async def firm() -> ResponseReturnValue:
    lines = await svc.arrears(await db.conn(), current_actor(), date.today())
    return json_response({"data": [line_json(x) for x in lines]})


@bp.get("/buildings/<uuid:building_id>/arrears")
async def building(building_id: UUID) -> ResponseReturnValue:
    lines = await svc.arrears(await db.conn(), current_actor(), date.today(), building_id)
    return json_response({"data": [line_json(x) for x in lines]})


@bp.get("/buildings/<uuid:building_id>/reminder-policy")
async def policy(building_id: UUID) -> ResponseReturnValue:
    steps = await ladder.get_policy(await db.conn(), current_actor(), building_id)
    return json_response({"steps": [step_json(s) for s in steps]})


@bp.put("/buildings/<uuid:building_id>/reminder-policy")
async def set_policy(building_id: UUID) -> ResponseReturnValue:
    steps = await ladder.set_policy(await db.conn(), current_actor(), building_id, await json_body())
    return json_response({"steps": [step_json(s) for s in steps]})


@bp.get("/buildings/<uuid:building_id>/reminders")
async def reminders(building_id: UUID) -> ResponseReturnValue:
    found = await ladder.building_reminders(await db.conn(), current_actor(), building_id)
    return json_response({"data": [to_json(r) for r in found]})


@bp.post("/buildings/<uuid:building_id>/reminders/run")
async def run(building_id: UUID) -> ResponseReturnValue:
    f = Fields(await json_body(), {"owner_ids"})
    owners = f.uuid_list("owner_ids", required=True, max_items=1000)
    f.done()
    done = await ladder.run_now(await db.conn(), current_actor(), building_id, given(owners), date.today(),
                                compose_letter)
    return json_response({"data": [to_json(r) for r in done]}, 201 if done else 200)


@bp.post("/reminders/<uuid:reminder_id>/registered")
async def registered(reminder_id: UUID) -> ResponseReturnValue:
    done = await ladder.record_registered(await db.conn(), current_actor(), reminder_id, await json_body())
    return json_response(to_json(done))


@bp.get("/owners/<uuid:owner_id>/holds")
async def holds(owner_id: UUID) -> ResponseReturnValue:
    found = await svc.owner_holds(await db.conn(), current_actor(), owner_id)
    return json_response({"data": [to_json(h) for h in found]})


def plan_json(p: plans.Plan) -> dict[str, Any]:
    """A payment plan: the hold, its instalments, what was paid since it began, the next one, the one missed."""
    nxt = p.next_due
    return {**to_json(p.hold), "total": str(p.total), "paid": str(p.paid), "missed_instalment": p.missed,
            "next_instalment": nxt.number if nxt else None,
            "instalments": [{"number": i.number, "due_on": i.due_on.isoformat(), "amount": str(i.amount)}
                            for i in p.instalments]}


@bp.post("/owners/<uuid:owner_id>/holds")
async def add_hold(owner_id: UUID) -> ResponseReturnValue:
    conn, actor, body = await db.conn(), current_actor(), await json_body()
    if isinstance(body, dict) and body.get("kind") == "payment_plan":  # a plan: its instalments
        return json_response(plan_json(await plans.add_plan(conn, actor, owner_id, body, date.today())), 201)
    hold = await svc.add_hold(conn, actor, owner_id, body, date.today())
    return json_response(to_json(hold), 201)


@bp.get("/owners/<uuid:owner_id>/payment-plans")
async def payment_plans(owner_id: UUID) -> ResponseReturnValue:
    found = await plans.owner_plans(await db.conn(), current_actor(), owner_id)
    return json_response({"data": [plan_json(p) for p in found]})


@bp.post("/holds/<uuid:hold_id>/end")
async def end_hold(hold_id: UUID) -> ResponseReturnValue:
    return json_response(to_json(await svc.end_hold(await db.conn(), current_actor(), hold_id, date.today())))


@bp.post("/buildings/<uuid:building_id>/owners/<uuid:owner_id>/interest")
async def charge_interest(building_id: UUID, owner_id: UUID) -> ResponseReturnValue:
    done = await interest.charge_interest(await db.conn(), current_actor(), building_id, owner_id, date.today())
    return json_response({"owner_id": str(done.owner_id), "from": done.start.isoformat(),
                          "to": done.end.isoformat(), "amount": str(done.amount), "clause": done.clause,
                          "periods": [{"start": p.start.isoformat(), "end": p.end.isoformat(), "days": p.days,
                                       "percent": str(p.percent)} for part in done.parts for p in part.periods]},
                         201)


@bp.post("/buildings/<uuid:building_id>/owners/<uuid:owner_id>/bring-forward")
async def bring_forward(building_id: UUID, owner_id: UUID) -> ResponseReturnValue:
    changed = await interest.bring_provisions_forward(await db.conn(), current_actor(), building_id, owner_id,
                                                      date.today())
    return json_response({"calls": [str(c) for c in changed], "due_date": date.today().isoformat()})


_T = "collection"
_run = op("The next step now for these owners (holds respected): 201 with the reminders sent, 200 when none was due",
          None, "ReminderRun", [path_id()], status="201", tag="collection")
_run["responses"]["200"] = {"description": "No step was due for these owners: nothing sent"}
_UUID = {"type": "string", "format": "uuid"}
_DATE = {"type": "string", "format": "date"}
_STEP = {"type": "object", "required": ["delay_days", "channel"], "properties": {
    "delay_days": {"type": "integer", "minimum": 1, "maximum": 730},
    "channel": {"type": "string", "enum": list(ladder.CHANNELS)},
    "cost": {"oneOf": [{"type": "number"}, {"type": "string", "format": "decimal"}], "nullable": True,
             "description": "none: 0.00"}}}
SPEC: dict[str, Any] = {
    "paths": {
        "/api/v1/arrears": {"get": op("The firm's arrears: owners by amount and age, the next step", None, tag=_T)},
        "/api/v1/buildings/{id}/arrears": {
            "get": op("A building's arrears: owners by amount and age, the next step", None, params=[path_id()],
                      tag=_T)},
        "/api/v1/buildings/{id}/reminder-policy": {
            "get": op("The building's reminder ladder (the defaults when not set)", None, params=[path_id()], tag=_T),
            "put": op("Replace the building's ladder: 1 to 4 steps, delays increasing", None, "ReminderPolicy",
                      [path_id()], tag=_T)},
        "/api/v1/buildings/{id}/reminders": {
            "get": op("The reminders sent in the building, the latest first", None, params=[path_id()], tag=_T)},
        "/api/v1/buildings/{id}/reminders/run": {
            "post": _run},
        "/api/v1/reminders/{id}/registered": {
            "post": op("A registered letter's deposit date and tracking number", None, "ReminderRegistered",
                       [path_id()], tag=_T)},
        "/api/v1/owners/{id}/holds": {
            "get": op("The owner's holds", None, params=[path_id()], tag=_T),
            "post": op("A hold stopping the ladder: a dispute or an estate until its end date; a payment plan with "
                       "its instalments (a list summing to the owner's overdue debt to the cent, or a count and a "
                       "first date split evenly), kept while every instalment is paid within 15 days of its date",
                       None, "HoldNew", [path_id()], status="201", tag=_T)},
        "/api/v1/owners/{id}/payment-plans": {
            "get": op("The owner's payment plans with their instalments, what was paid since each began, the next "
                      "instalment and the one missed (a lapsed plan)", None, params=[path_id()], tag=_T)},
        "/api/v1/buildings/{id}/owners/{owner_id}/interest": {
            "post": op("Late interest up to today posted to the owner's account (bylaws' rate, or the legal rate "
                       "from the formal notice; never twice for the same days)", None,
                       params=[path_id(), path_id("owner_id")], status="201", tag=_T)},
        "/api/v1/buildings/{id}/owners/{owner_id}/bring-forward": {
            "post": op("France, art. 19-2: after a formal notice unanswered for 30 days, the owner's calls of the "
                       "year not yet due become due today", None, params=[path_id(), path_id("owner_id")], tag=_T)},
        "/api/v1/holds/{id}/end": {"post": op("End a hold today", None, params=[path_id()], tag=_T)},
    },
    "schemas": {
        "ReminderPolicy": {"type": "object", "required": ["steps"], "properties": {
            "steps": {"type": "array", "minItems": 1, "maxItems": 4, "items": _STEP}}},
        "ReminderRun": {"type": "object", "required": ["owner_ids"], "properties": {
            "owner_ids": {"type": "array", "minItems": 1, "items": _UUID}}},
        "ReminderRegistered": {"type": "object", "required": ["registered_on", "tracking_number"], "properties": {
            "registered_on": _DATE, "tracking_number": {"type": "string", "minLength": 1, "maxLength": 60}}},
        "HoldNew": {"type": "object", "required": ["kind", "reason"], "properties": {
            "kind": {"type": "string", "enum": list(svc.HOLD_KINDS)},
            "reason": {"type": "string", "minLength": 1, "maxLength": 500},
            "starts_on": _DATE, "ends_on": {**_DATE, "description": "a dispute's or an estate's end (required)"},
            "instalments": {"type": "array", "minItems": 1, "maxItems": 60, "description": "a payment plan's",
                            "items": {"type": "object", "required": ["due_on", "amount"], "properties": {
                                "due_on": _DATE, "amount": {"type": "string", "format": "decimal"}}}},
            "count": {"type": "integer", "minimum": 1, "maximum": 60,
                      "description": "a payment plan split evenly (instead of instalments)"},
            "first_due_on": _DATE, "every_months": {"type": "integer", "minimum": 1, "maximum": 12}}},
    },
}
