"""/api/v1/auth: bearer tokens, the current user, role switch, invitations."""
from __future__ import annotations

from quart import Blueprint, g, request
from quart.typing import ResponseReturnValue

from domain.access import ROLES, SUPERADMIN, Actor
from domain.parse import Fields
from domain.platform import invitations, password_reset, users
from web import db
from web.auth import current_actor
from web.documents.platform import invitation_message, link_base, reset_message
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
    f = Fields(data, allowed={"email", "password"})
    email, password = f.text("email", True, 254), f.password("password", True)
    f.done()
    token, actor = await users.login(await db.conn(), email or "", password or "", request.remote_addr or "?",
                                        "bearer")
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
                  "properties": {"email": {"type": "string"}, "password": {"type": "string"}}},
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
