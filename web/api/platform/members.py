"""/api/v1/members: the organisation's users, roles and buildings, pending invitations (resent, cancelled),
roles changed, access revoked (sessions and tokens at once), the two-factor rule."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import ROLES
from domain.i18n import _
from domain.parse import Fields
from domain.platform import members as svc
from web import db
from web.auth import current_actor
from web.documents.platform import invitation_message
from web.jsonapi import json_body, json_response
from web.openapi import op, path_id, ref

bp = Blueprint("api_members", __name__, url_prefix="/api/v1")


def _member(m: svc.q.MemberRow) -> dict:
    scopes = [{"role": s.split(":", 1)[0], "building": s.split(":", 1)[1]} for s in m.buildings]
    return {"user_id": m.user_id, "full_name": m.full_name, "email": m.email, "roles": m.roles,
            "buildings": scopes, "two_factor": m.two_factor, "since": m.since}


def _invitation(i: svc.q.PendingInvitation) -> dict:
    return {"id": i.id, "email": i.email, "role": i.role, "owner_id": i.owner_id, "created_at": i.created_at,
            "expires_at": i.expires_at, "expired": i.expired}


@bp.get("/members")
async def members() -> ResponseReturnValue:
    data = await svc.list_members(await db.conn(), current_actor())
    return json_response({"data": [_member(m) for m in data.members],
                          "pending_invitations": [_invitation(i) for i in data.pending],
                          "require_two_factor": data.require_two_factor})


@bp.put("/members/<uuid:user_id>/roles")
async def change_roles(user_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    roles = svc.parse_roles(await json_body())
    return json_response({"user_id": user_id, "roles": await svc.change_roles(await db.conn(), actor, user_id, roles)})


@bp.post("/members/<uuid:user_id>/revoke")
async def revoke(user_id: UUID) -> ResponseReturnValue:
    revoked = await svc.revoke_access(await db.conn(), current_actor(), user_id)
    return json_response({"user_id": user_id, "roles": [], "tokens_revoked": revoked})


@bp.post("/members/pending/<uuid:invitation_id>/resend")
async def resend(invitation_id: UUID) -> ResponseReturnValue:
    inv = await svc.resend_invitation(await db.conn(), current_actor(), invitation_id, request.host_url,
                                      invitation_message)
    return json_response(_invitation(inv))


@bp.post("/members/pending/<uuid:invitation_id>/cancel")
async def cancel(invitation_id: UUID) -> ResponseReturnValue:
    await svc.cancel_invitation(await db.conn(), current_actor(), invitation_id)
    return json_response({"id": invitation_id, "status": "cancelled"})


@bp.put("/members/two-factor")
async def two_factor_rule() -> ResponseReturnValue:
    actor = current_actor()
    f = Fields(await json_body(), allowed={"required"})
    if not isinstance(f.data.get("required"), bool):
        f.error("required", _("Vrai ou faux attendu."))
    f.done()
    return json_response({"require_two_factor": await svc.require_two_factor(await db.conn(), actor,
                                                                             f.data["required"])})


_ID = {"type": "string", "format": "uuid"}
_INVITATION = {"type": "object", "properties": {
    "id": _ID, "email": {"type": "string"}, "role": {"type": "string", "enum": list(ROLES)},
    "owner_id": {**_ID, "nullable": True}, "created_at": {"type": "string", "format": "date-time"},
    "expires_at": {"type": "string", "format": "date-time"}, "expired": {"type": "boolean"}}}
_ROLES = {"type": "object", "properties": {"user_id": _ID, "roles": {"type": "array", "items": {"type": "string"}}}}
SPEC = {
    "paths": {
        "/api/v1/members": {"get": op(
            "The organisation's users (roles, buildings reached today, two-factor), pending invitations (syndic)",
            {"type": "object", "properties": {"data": {"type": "array", "items": ref("Member")},
                                              "pending_invitations": {"type": "array", "items": ref("PendingInvitation")},
                                              "require_two_factor": {"type": "boolean"}}}, tag="access")},
        "/api/v1/members/{id}/roles": {"put": op(
            "Give a member exactly these roles (the organisation keeps a syndic: 409 otherwise)", _ROLES,
            "MemberRoles", [path_id()], tag="access")},
        "/api/v1/members/{id}/revoke": {"post": op(
            "Revoke a member's access: every role, and their sessions and tokens in every process at once",
            {"type": "object", "properties": {"user_id": _ID, "roles": {"type": "array", "items": {"type": "string"}},
                                              "tokens_revoked": {"type": "integer"}}}, params=[path_id()], tag="access")},
        "/api/v1/members/pending/{id}/resend": {"post": op(
            "E-mail a pending invitation again with a new link", ref("PendingInvitation"), params=[path_id()],
            tag="access")},
        "/api/v1/members/pending/{id}/cancel": {"post": op(
            "Cancel a pending invitation", {"type": "object", "properties": {"id": _ID, "status": {"type": "string"}}},
            params=[path_id()], tag="access")},
        "/api/v1/members/two-factor": {"put": op(
            "Require (or not) a second factor of the organisation's syndics and accountants",
            {"type": "object", "properties": {"require_two_factor": {"type": "boolean"}}}, "TwoFactorRule",
            tag="access")},
    },
    "schemas": {
        "Member": {"type": "object", "properties": {
            "user_id": _ID, "full_name": {"type": "string"}, "email": {"type": "string"},
            "roles": {"type": "array", "items": {"type": "string"}},
            "buildings": {"type": "array", "items": {"type": "object", "properties": {
                "role": {"type": "string"}, "building": {"type": "string"}}}},
            "two_factor": {"type": "boolean"}, "since": {"type": "string", "format": "date-time"}}},
        "PendingInvitation": _INVITATION,
        "MemberRoles": {"type": "object", "required": ["roles"], "properties": {
            "roles": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": list(ROLES)}}}},
        "TwoFactorRule": {"type": "object", "required": ["required"], "properties": {"required": {"type": "boolean"}}},
    },
}
