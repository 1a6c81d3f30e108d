"""/account/two-factor: the account's second factor — turned on (QR code, a first code, recovery codes shown
once) or off (with a code)."""
from __future__ import annotations

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.platform import two_factor as svc
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("two_factor", __name__)


async def _page(enrolment: svc.Enrolment | None, problem: object = None, errors: object = None,
                code: int = 200, done: str | None = None) -> ResponseReturnValue:
    status = await svc.status(await db.conn(), current_actor())
    return await page("auth/two_factor.html", status=code, tf=status, enrolment=enrolment, problem=problem,
                      errors=errors or {}, done=done)


@bp.get("/account/two-factor")
async def show() -> ResponseReturnValue:
    return await _page(None, done=request.args.get("done"))


@bp.post("/account/two-factor/start")
async def start() -> ResponseReturnValue:
    try:
        enrolment = await svc.start_enrolment(await db.conn(), current_actor())
    except Conflict as e:
        return await _page(enrolment=None, problem=e.reason, code=409)
    return await _page(enrolment=enrolment, problem=None)


@bp.post("/account/two-factor/confirm")
async def confirm() -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        codes = await svc.confirm_enrolment(conn, actor, form)
    except Invalid as e:
        return await _page(enrolment=await svc.pending_enrolment(conn, actor), problem=None, errors=e.errors,
                           code=422)
    return await page("auth/recovery_codes.html", codes=codes, next="/account/two-factor")


@bp.post("/account/two-factor/disable")
async def disable() -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await svc.disable(await db.conn(), current_actor(), form)
    except Invalid as e:
        return await _page(enrolment=None, problem=None, errors=e.errors, code=422)
    except Conflict as e:
        return await _page(enrolment=None, problem=e.reason, code=409)
    return see_other("/account/two-factor?done=off")
