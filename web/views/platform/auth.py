"""Login, logout, role switch, invitations and members (HTML)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from quart import Blueprint, g, request
from quart.typing import ResponseReturnValue

from domain.access import Actor, allowed
from domain.errors import Forbidden, Invalid, NotFound, TooManyAttempts, Unauthorized
from domain.i18n import _
from domain.parse import FormInput
from domain.platform import invitations, two_factor, users
from web import db
from web.auth import SESSION_COOKIE, current_actor, set_session_cookie
from web.htmx import local_path, page, see_other

bp = Blueprint("auth", __name__)


def home_for(actor: Actor) -> str:
    """Where the actor lands after login: an owner on the portal, the platform's administrator on the
    organisations, the syndic and the accountant on the desk, everyone else (the board) on the buildings."""
    if allowed(actor, "portal.use"):
        return "/portal"
    if allowed(actor, "organization.manage"):
        return "/admin/organizations"
    return "/desk" if allowed(actor, "desk.read") else "/buildings"


@bp.get("/")
async def home() -> ResponseReturnValue:
    return see_other(home_for(current_actor()))


@bp.get("/login")
async def login_form() -> ResponseReturnValue:
    return await page("auth/login.html", form={"next": request.args.get("next", "")}, errors={},
                      reset_done=request.args.get("reset") == "done")


@bp.post("/login")
async def login() -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        token, actor = await users.login(await db.conn(), form.get("email", ""), form.get("password", ""),
                                            request.remote_addr or "?", "session")
    except Invalid as e:
        return await page("auth/login.html", form=form, errors=e.errors, status=422)
    except Unauthorized:
        return await page("auth/login.html", form=form, status=401,
                          errors={"password": _("E-mail ou mot de passe incorrect.")})
    except TooManyAttempts as e:
        response = await page("auth/login.html", form=form, status=429,
                              errors={"email": _("Trop de tentatives. Réessayez dans quelques minutes.")})
        response.headers["Retry-After"] = str(e.retry_after)
        return response
    except users.CodeRequired as e:
        return await _code_page(e.challenge, e.enrol, form.get("next", ""), {})
    moved = see_other(local_path(form.get("next")) if form.get("next") else home_for(actor))
    set_session_cookie(moved, token)
    return moved


async def _code_page(challenge: str, enrol: bool, next_path: str, errors: Mapping[str, Any],
                     status: int = 200, fresh: bool = True) -> ResponseReturnValue:
    """The code asked after the password; an account that must enrol first sees its QR code there."""
    enrolment = await two_factor.enrolment_for_challenge(await db.conn(), challenge, fresh) if enrol else None
    return await page("auth/code.html", challenge=challenge, enrol=enrol, enrolment=enrolment, errors=errors,
                      form={"next": next_path}, status=status)


@bp.post("/login/code")
async def login_code() -> ResponseReturnValue:
    form = FormInput(await request.form)
    challenge, enrol, next_path = form.get("challenge", ""), form.get("enrol") == "1", form.get("next", "")
    try:
        answered = await two_factor.answer_challenge(await db.conn(), challenge, form)
    except NotFound:
        return await page("auth/login.html", form={"next": next_path}, status=401,
                          errors={"password": _("Délai dépassé ou trop d'essais : reconnectez-vous.")})
    except Invalid as e:  # the same secret shown again while enrolling
        return await _code_page(challenge, enrol, next_path, e.errors, 422, fresh=False)
    target = local_path(next_path) if next_path else "/"
    response = (await page("auth/recovery_codes.html", codes=answered.recovery_codes, next=target)
                if answered.recovery_codes else see_other(target))
    set_session_cookie(response, answered.token)
    return response


@bp.post("/logout")
async def logout() -> ResponseReturnValue:
    if g.get("actor"):
        await users.logout(await db.conn(), g.actor)
    response = see_other("/login")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@bp.post("/account/role")
async def switch_role() -> ResponseReturnValue:
    actor = current_actor()
    form = await request.form
    actor = await users.switch_role(await db.conn(), actor, form.get("role", ""))
    return see_other(home_for(actor))


async def _invitation_page(token: str, form: Mapping[str, Any], errors: Mapping[str, Any],
                           status: int = 200) -> ResponseReturnValue:
    try:
        pending = await invitations.pending_invitation(await db.conn(), token)
    except NotFound:
        return await page("auth/accept.html", token=token, pending=None, form=form, status=404,
                          errors={"token": _("Cette invitation n'est plus valable.")})
    return await page("auth/accept.html", token=token, pending=pending, form=form, errors=errors, status=status)


@bp.get("/invitations/<token>")
async def invitation_form(token: str) -> ResponseReturnValue:
    return await _invitation_page(token, {}, {})


@bp.post("/invitations/<token>")
async def accept_invitation(token: str) -> ResponseReturnValue:
    form = FormInput(await request.form)
    actor = g.get("actor")
    try:
        await invitations.accept_invitation(await db.conn(), token, form.get("full_name", ""),
                                            form.get("password", ""), actor)
    except Invalid as e:
        return await _invitation_page(token, form, e.errors, 422)
    except (Unauthorized, Forbidden) as e:
        reason = e.reason if isinstance(e, Forbidden) else _("Connectez-vous pour accepter cette invitation.")
        return await _invitation_page(token, form, {"token": reason}, 403 if isinstance(e, Forbidden) else 401)
    except NotFound:
        return await _invitation_page(token, form, {})
    return see_other(home_for(actor) if actor else "/login")
