"""Password reset (HTML): ask for a link by e-mail, then choose a new password through it."""
from __future__ import annotations

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.errors import Invalid, NotFound, TooManyAttempts
from domain.i18n import _
from domain.parse import FormInput
from domain.platform import password_reset as svc
from web import db
from web.documents.platform import link_base, reset_message
from web.htmx import page, see_other

bp = Blueprint("password_reset", __name__)


@bp.get("/password-reset")
async def ask_form() -> ResponseReturnValue:
    return await page("auth/reset_ask.html", form={}, errors={}, sent=False)


@bp.post("/password-reset")
async def ask() -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        email = svc.parse_request(form)
        await svc.ask_reset(await db.conn(), email, request.remote_addr or "?", link_base(), reset_message)
    except Invalid as e:
        return await page("auth/reset_ask.html", form=form, errors=e.errors, sent=False, status=422)
    except TooManyAttempts as e:
        response = await page("auth/reset_ask.html", form=form, sent=False, status=429,
                              errors={"email": _("Trop de tentatives. Réessayez dans quelques minutes.")})
        response.headers["Retry-After"] = str(e.retry_after)
        return response
    return await page("auth/reset_ask.html", form={}, errors={}, sent=True)


@bp.get("/password-reset/<token>")
async def new_form(token: str) -> ResponseReturnValue:
    try:
        await svc.check_link(await db.conn(), token)
    except NotFound:
        return await page("auth/reset_new.html", token=token, errors={}, dead=True, status=404)
    return await page("auth/reset_new.html", token=token, errors={}, dead=False)


@bp.post("/password-reset/<token>")
async def set_new(token: str) -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        await svc.reset_password(await db.conn(), token, form.get("password", ""))
    except Invalid as e:
        return await page("auth/reset_new.html", token=token, errors=e.errors, dead=False, status=422)
    except NotFound:
        return await page("auth/reset_new.html", token=token, errors={}, dead=True, status=404)
    return see_other("/login?reset=done")
