"""/members (syndic): the organisation's users with their roles and buildings, pending invitations sent again or
cancelled, roles changed, access revoked, the two-factor rule; the invitation form."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import ROLES
from domain.errors import Conflict, Invalid
from domain.parse import FormInput
from domain.platform import invitations
from domain.platform import members as svc
from web import db
from web.auth import current_actor
from web.documents.platform import invitation_message
from web.htmx import page, see_other

bp = Blueprint("members", __name__)


async def _page(form: Mapping[str, Any], errors: Mapping[str, Any], status: int = 200, sent: str | None = None,
                notice: str | None = None, problem: object = None) -> ResponseReturnValue:
    data = await svc.list_members(await db.conn(), current_actor())
    return await page("members/index.html", status=status, data=data, form=form, errors=errors, sent=sent,
                      notice=notice, problem=problem, all_roles=ROLES)


@bp.get("/members")
async def members() -> ResponseReturnValue:
    notice = request.args.get("done")
    return await _page({}, {}, notice=notice if notice in {"roles", "revoked", "resent", "cancelled", "rule"}
                       else None)


@bp.post("/members")
async def invite() -> ResponseReturnValue:
    form = FormInput(await request.form)
    try:
        inv = await invitations.invite(await db.conn(), current_actor(), invitations.NewInvitation.parse(form),
                                       request.host_url, invitation_message)
    except Invalid as e:
        return await _page(form, e.errors, 422)
    return await _page({}, {}, sent=inv.email)


@bp.post("/members/<uuid:user_id>/roles")
async def change_roles(user_id: UUID) -> ResponseReturnValue:
    form = await request.form
    try:
        roles = svc.parse_roles({"roles": form.getlist("roles")})
        await svc.change_roles(await db.conn(), current_actor(), user_id, roles)
    except Invalid as e:
        return await _page({}, {f"roles-{user_id}": e.errors.get("roles")}, 422)
    except Conflict as e:
        return await _page({}, {}, 409, problem=e.reason)
    return see_other("/members?done=roles")


@bp.post("/members/<uuid:user_id>/revoke")
async def revoke(user_id: UUID) -> ResponseReturnValue:
    try:
        await svc.revoke_access(await db.conn(), current_actor(), user_id)
    except Conflict as e:
        return await _page({}, {}, 409, problem=e.reason)
    return see_other("/members?done=revoked")


@bp.post("/members/pending/<uuid:invitation_id>/resend")
async def resend(invitation_id: UUID) -> ResponseReturnValue:
    await svc.resend_invitation(await db.conn(), current_actor(), invitation_id, request.host_url,
                                invitation_message)
    return see_other("/members?done=resent")


@bp.post("/members/pending/<uuid:invitation_id>/cancel")
async def cancel(invitation_id: UUID) -> ResponseReturnValue:
    await svc.cancel_invitation(await db.conn(), current_actor(), invitation_id)
    return see_other("/members?done=cancelled")


@bp.post("/members/two-factor")
async def two_factor_rule() -> ResponseReturnValue:
    form = await request.form
    await svc.require_two_factor(await db.conn(), current_actor(), form.get("required") in ("on", "1", "true"))
    return see_other("/members?done=rule")
