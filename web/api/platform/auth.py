"""/api/v1/auth: bearer tokens, the current user, role switch, invitations."""
from __future__ import annotations

from quart import Blueprint, g, request
from quart.typing import ResponseReturnValue

from domain.access import ROLES, SUPERADMIN, Actor
from domain.i18n import _
from domain.parse import Fields
from domain.platform import invitations, password_reset, two_factor, users
from web import db
from web.auth import current_actor
from web.documents.platform import invitation_message, link_base, reset_message
from web.i18n import tr
from web.jsonapi import json_body, json_response
from web.openapi import op, ref

bp = Blueprint("api_auth", __name__, url_prefix="/api/v1/auth")


def me_json(actor: Actor) -> dict:
    """The user, their roles in the active organisation, and the active role."""
    return {"user": {"id": actor.user_id, "email": actor.email, "full_name": actor.full_name,
                     "locale": actor.locale},
            "organization_id": actor.org_id, "organization_name": actor.org_name,
            "roles": actor.roles, "active_role": actor.role}


@bp.post("/login")
async def login() -> ResponseReturnValue:
    data = await json_body()
    f = Fields(data, allowed={"email", "password", "code"})
    email, password, code = f.text("email", True, 254), f.password("password", True), f.text("code", max_len=40)
    f.done()
    conn = await db.conn()

    async def check(user: users.q.User) -> bool:
        return await two_factor.check_code(conn, user.id, code or "")
    try:
        token, actor = await users.login(conn, email or "", password or "", request.remote_addr or "?", "bearer",
                                         check if code else None)
    except users.CodeRequired as e:  # a token is created only with the account's code
        if e.enrol:
            return json_response({"code": "TOTP_ENROLMENT_REQUIRED", "message": tr(_(
                "Votre organisation exige la double authentification : activez-la en vous connectant dans le "
                "navigateur."))}, 403)
        return json_response({"code": "TOTP_REQUIRED", "message": tr(_("Code de double authentification "
                                                                          "requis (champ code)."))}, 401)
    return json_response({"token": token, "token_type": "Bearer",
                          "expires_in": int(users.BEARER_TTL.total_seconds()), **me_json(actor)})


@bp.post("/logout")
async def logout() -> ResponseReturnValue:
    await users.logout(await db.conn(), current_actor())
    return json_response({"status": "logged_out"})


@bp.get("/me")
async def me() -> ResponseReturnValue:
    return json_response(me_json(current_actor()))


@bp.post("/switch-role")
async def switch_role() -> ResponseReturnValue:
    actor = current_actor()
    data = await json_body()
    f = Fields(data, allowed={"role", "organization_id"})
    role = f.choice("role", (*ROLES, SUPERADMIN), required=True)
    f.done()
    actor = await users.switch_role(await db.conn(), actor, role or "")
    return json_response(me_json(actor))


@bp.post("/invitations")
async def invite() -> ResponseReturnValue:
    actor = current_actor()
    inv = await invitations.invite(await db.conn(), actor, invitations.NewInvitation.parse(await json_body()),
                                   request.host_url, invitation_message)
    # the link is e-mailed to the invitee, never returned to the inviter
    return json_response({"id": inv.id, "email": inv.email, "role": inv.role, "expires_at": inv.expires_at}, 201)


@bp.post("/invitations/accept")
async def accept() -> ResponseReturnValue:
    data = await json_body()
    f = Fields(data, allowed={"token", "full_name", "password"})
    token = f.text("token", True, 200)
    full_name = f.text("full_name", max_len=200)
    password = f.password("password")
    f.done()
    user = await invitations.accept_invitation(await db.conn(), token or "", full_name or "", password or "",
                                               g.get("actor"))
    return json_response({"user_id": user.id, "email": user.email}, 201)


@bp.post("/password-reset")
async def ask_reset() -> ResponseReturnValue:
    email = password_reset.parse_request(await json_body())
    await password_reset.ask_reset(await db.conn(), email, request.remote_addr or "?", link_base(), reset_message)
    # the same answer whether or not the address has an account
    return json_response({"status": "sent_if_known"}, 202)


@bp.post("/password-reset/confirm")
async def confirm_reset() -> ResponseReturnValue:
    f = Fields(await json_body(), allowed={"token", "password"})
    token, password = f.text("token", True, 200), f.password("password", True)
    f.done()
    user = await password_reset.reset_password(await db.conn(), token or "", password or "")
    return json_response({"status": "password_changed", "email": user.email})


def _status_json(st: two_factor.Status) -> dict:
    return {"enabled": st.enabled, "required": st.required, "recovery_codes_left": st.recovery_codes_left}


@bp.get("/totp")
async def totp_status() -> ResponseReturnValue:
    return json_response(_status_json(await two_factor.status(await db.conn(), current_actor())))


@bp.post("/totp/enrol")
async def totp_enrol() -> ResponseReturnValue:
    enrolment = await two_factor.start_enrolment(await db.conn(), current_actor())
    return json_response({"secret": enrolment.secret, "otpauth_uri": enrolment.uri, "qr_svg": enrolment.qr_svg}, 201)


@bp.post("/totp/confirm")
async def totp_confirm() -> ResponseReturnValue:
    codes = await two_factor.confirm_enrolment(await db.conn(), current_actor(), await _code_body())
    return json_response({"enabled": True, "recovery_codes": codes})


@bp.post("/totp/disable")
async def totp_disable() -> ResponseReturnValue:
    await two_factor.disable(await db.conn(), current_actor(), await _code_body())
    return json_response({"enabled": False})


async def _code_body() -> dict:
    f = Fields(await json_body(), allowed={"code"})
    code = f.text("code", True, 40)
    f.done()
    return {"code": code}


def throttled(operation: dict) -> dict:
    """Login answers 429 while a throttle delay runs (Retry-After: the seconds to wait)."""
    operation["responses"]["429"] = {
        "description": "Too many failed attempts from this address for this account: wait Retry-After seconds",
        "headers": {"Retry-After": {"schema": {"type": "integer", "minimum": 1}}},
        "content": {"application/json": {"schema": {"type": "object", "properties": {
            "code": {"type": "string", "enum": ["TOO_MANY_ATTEMPTS"]}, "retry_after": {"type": "integer"}}}}}}
    return operation


SPEC = {
    "paths": {
        "/api/v1/auth/login": {"post": throttled(op("Log in: a bearer token", ref("Me"), "Login", tag="auth"))},
        "/api/v1/auth/logout": {"post": op("Revoke the current token", tag="auth")},
        "/api/v1/auth/me": {"get": op("The current user, roles and active role", ref("Me"), tag="auth")},
        "/api/v1/auth/switch-role": {"post": op("Change the active role", ref("Me"), "SwitchRole", tag="auth")},
        "/api/v1/auth/invitations": {"post": op("Invite a user (syndic)", None, "Invitation", status="201",
                                                tag="auth")},
        "/api/v1/auth/invitations/accept": {"post": op("Accept an invitation", None, "AcceptInvitation",
                                                       status="201", tag="auth")},
        "/api/v1/auth/totp": {"get": op("The account's second factor: enabled, required, recovery codes left",
                                        ref("TotpStatus"), tag="auth")},
        "/api/v1/auth/totp/enrol": {"post": op(
            "A new TOTP secret (replacing one not confirmed): its otpauth URI and QR code (SVG)",
            {"type": "object", "properties": {"secret": {"type": "string"}, "otpauth_uri": {"type": "string"},
                                              "qr_svg": {"type": "string"}}}, status="201", tag="auth")},
        "/api/v1/auth/totp/confirm": {"post": op(
            "Confirm the secret with a first code: two-factor on, ten recovery codes (shown once)",
            {"type": "object", "properties": {"enabled": {"type": "boolean"},
                                              "recovery_codes": {"type": "array", "items": {"type": "string"}}}},
            "TotpCode", tag="auth")},
        "/api/v1/auth/totp/disable": {"post": op(
            "Turn two-factor off with a current code (409 while the organisation requires it)",
            {"type": "object", "properties": {"enabled": {"type": "boolean"}}}, "TotpCode", tag="auth")},
        "/api/v1/auth/password-reset": {"post": throttled(op(
            "E-mail a password-reset link (valid 1 h, single use); the same answer whether the address is known",
            {"type": "object", "properties": {"status": {"type": "string", "enum": ["sent_if_known"]}}},
            "PasswordResetAsk", status="202", tag="auth"))},
        "/api/v1/auth/password-reset/confirm": {"post": op(
            "Set a new password through a reset link: every session and token of the account ends",
            {"type": "object", "properties": {"status": {"type": "string"}, "email": {"type": "string"}}},
            "PasswordResetConfirm", tag="auth")},
    },
    "schemas": {
        "Login": {"type": "object", "required": ["email", "password"],
                  "properties": {"email": {"type": "string"}, "password": {"type": "string"},
                                 "code": {"type": "string", "description": "the TOTP or a recovery code, when the "
                                          "account has two-factor (401 TOTP_REQUIRED without it)"}}},
        "TotpStatus": {"type": "object", "properties": {"enabled": {"type": "boolean"}, "required": {"type": "boolean"},
                                                        "recovery_codes_left": {"type": "integer"}}},
        "TotpCode": {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}},
        "Me": {"type": "object", "properties": {
            "token": {"type": "string"}, "user": {"type": "object"},
            "organization_id": {"type": "string", "format": "uuid", "nullable": True},
            "organization_name": {"type": "string", "nullable": True},
            "roles": {"type": "array", "items": {"type": "string"}}, "active_role": {"type": "string", "nullable": True}}},
        "SwitchRole": {"type": "object", "required": ["role"], "properties": {"role": {
            "type": "string", "enum": [*ROLES, SUPERADMIN]}}},
        "Invitation": {"type": "object", "required": ["email", "role"], "properties": {
            "email": {"type": "string"}, "role": {"type": "string"}}},
        "PasswordResetAsk": {"type": "object", "required": ["email"], "properties": {"email": {"type": "string"}}},
        "PasswordResetConfirm": {"type": "object", "required": ["token", "password"], "properties": {
            "token": {"type": "string"}, "password": {"type": "string"}}},
        "AcceptInvitation": {"type": "object", "required": ["token", "full_name", "password"], "properties": {
            "token": {"type": "string"}, "full_name": {"type": "string"}, "password": {"type": "string"}}},
    },
}
