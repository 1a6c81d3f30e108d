"""The syndic's bank pages: upload a statement file, the statements with what matched, the movements left to
assign (one click per movement), a match undone; every form works without JavaScript."""
from __future__ import annotations

from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import allowed
from domain.bank import statements as svc
from domain.charges.owner_ledger import building_payments
from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.register.buildings import get_building
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("bank", __name__)


async def _context(conn: Any, actor: Any, building_id: UUID, **extra: Any) -> dict[str, Any]:
    building = await get_building(conn, actor, building_id)
    can_assign = allowed(actor, "bank_movement.assign")
    owners = (await building_payments(conn, actor, building.id))[0] if can_assign else []
    todo = await svc.unmatched(conn, actor, building.id)
    payables = await svc.payables_for(conn, actor, building.id, todo) if can_assign else {}
    return {"building": building, "statements": await svc.building_statements(conn, actor, building.id),
            "todo": todo, "owners": owners, "payables": payables, "errors": {},
            "imported": request.args.get("imported"), "already": request.args.get("already"), **extra}


@bp.get("/buildings/<uuid:building_id>/bank")
async def overview(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    return await page("bank/building.html", **await _context(conn, actor, building_id))


@bp.post("/buildings/<uuid:building_id>/bank-statements")
async def upload(building_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    files = await request.files
    file = files.get("file")
    data = file.read() if file is not None else b""
    try:
        done = await svc.import_statements(conn, actor, building_id, data)
    except Invalid as e:
        return await page("bank/building.html", None, 422, **await _context(conn, actor, building_id,
                                                                               errors=e.errors))
    except Conflict as e:
        return await page("bank/building.html", None, 409, **await _context(conn, actor, building_id,
                                                                               errors={"file": e.reason}))
    new = sum(1 for d in done if not d.already)
    return see_other(f"/buildings/{building_id}/bank?imported={new}&already={len(done) - new}")


@bp.get("/bank-statements/<uuid:statement_id>")
async def statement(statement_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    found, movements = await svc.get_statement(conn, actor, statement_id)
    building = await get_building(conn, actor, found.building_id)
    return await page("bank/statement.html", building=building, statement=found, movements=movements)


@bp.post("/bank-movements/<uuid:movement_id>/assign")
async def assign(movement_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    done = await svc.assign(conn, actor, movement_id, form)
    return see_other(f"/buildings/{done.building_id}/bank#todo")


@bp.post("/bank-movements/<uuid:movement_id>/unmatch")
async def unmatch(movement_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    done = await svc.unmatch(conn, actor, movement_id)
    return see_other(f"/bank-statements/{done.statement_id}")


async def bank_section(conn: Any, actor: Any, building: Any) -> tuple[str, dict[str, Any]] | None:
    """The building page's card: how many movements wait to be assigned, and the link to the bank."""
    if not allowed(actor, "bank_statement.read"):
        return None
    return "bank/_section.html", {"building": building, "todo": len(await svc.unmatched(conn, actor, building.id))}
