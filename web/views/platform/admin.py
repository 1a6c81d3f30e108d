"""Platform administration (superadmin): organisations and their first syndic's invitation."""
from __future__ import annotations

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import require_platform
from domain.errors import Invalid
from domain.parse import FormInput
from domain.platform import organizations as orgs
from web import db
from web.auth import current_actor
from web.documents.platform import invitation_message
from web.htmx import page

bp = Blueprint("admin", __name__)


@bp.get("/admin/organizations")
async def organizations() -> ResponseReturnValue:
    actor = current_actor()
    require_platform(actor, "organization.manage")
    rows = await orgs.list_organizations(await db.conn(), actor)
    return await page("admin/organizations.html", organizations=rows, form={}, errors={}, created=None)


@bp.post("/admin/organizations")
async def create_organization() -> ResponseReturnValue:
    actor = current_actor()
    conn = await db.conn()
    form = FormInput(await request.form)
    try:
        org = await orgs.create_organization(conn, actor, orgs.NewOrganization.parse(form), request.host_url,
                                             invitation_message)
    except Invalid as e:
        rows = await orgs.list_organizations(conn, actor)
        return await page("admin/organizations.html", status=422, organizations=rows, form=form,
                          errors=e.errors, created=None)
    rows = await orgs.list_organizations(conn, actor)
    return await page("admin/organizations.html", organizations=rows, form={}, errors={}, created=org,
                      sent=form.get("syndic_email"))
