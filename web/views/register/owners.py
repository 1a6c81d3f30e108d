"""The syndic's owners: list with search and pagination, create, edit, and an owner's page (lots, quota, history)."""
from __future__ import annotations

from dataclasses import asdict
from datetime import date
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.access import require
from domain.errors import Invalid
from domain.pagination import PageRequest
from domain.parse import FormInput
from domain.register import owners as svc
from web import db
from web.auth import current_actor
from web.htmx import page, see_other

bp = Blueprint("owners", __name__)
KINDS = svc.KINDS


@bp.get("/owners")
async def index() -> ResponseReturnValue:
    actor = current_actor()
    search = request.args.get("q", "").strip()[:100]
    paging = PageRequest.lenient(request.args)
    result = await svc.list_owners(await db.conn(), actor, search, paging)
    return await page("owners/list.html", "results", page=result, q=search)


@bp.get("/owners/new")
async def new() -> ResponseReturnValue:
    actor = current_actor()
    require(actor, "register.manage")
    users = await svc.linkable_users(await db.conn(), actor)
    return await page("owners/form.html", "form", owner=None, form={"kind": "person", "language": "fr"}, errors={},
                      users=users)


@bp.post("/owners")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    form = FormInput(await request.form)
    try:
        owner = await svc.create_owner(await db.conn(), actor, svc.OwnerInput.parse(form))
    except Invalid as e:
        return await page("owners/form.html", "form", 422, owner=None, form=form, errors=e.errors,
                          users=await svc.linkable_users(await db.conn(), actor))
    return see_other(f"/owners/{owner.id}")


@bp.get("/owners/<uuid:owner_id>")
async def show(owner_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    owner = await svc.view_owner(conn, actor, owner_id)
    rows = await svc.holdings(conn, actor, owner_id)
    today = date.today()
    return await page("owners/show.html", owner=owner, current=svc.in_force(rows, today), history=rows,
                      quotas=svc.cumulative_quota(rows, today))


@bp.get("/owners/<uuid:owner_id>/edit")
async def edit(owner_id: UUID) -> ResponseReturnValue:
    actor = current_actor()
    require(actor, "register.manage")
    conn = await db.conn()
    owner = await svc.get_owner(conn, actor, owner_id)
    form = {k: ("" if v is None else v) for k, v in asdict(owner).items()}
    return await page("owners/form.html", "form", owner=owner, form=form, errors={},
                      users=await svc.linkable_users(conn, actor))


@bp.post("/owners/<uuid:owner_id>")
async def update(owner_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    form = FormInput(await request.form)
    try:
        owner = await svc.update_owner(conn, actor, owner_id, form)
    except Invalid as e:
        owner = await svc.get_owner(conn, actor, owner_id)
        return await page("owners/form.html", "form", 422, owner=owner, form=form, errors=e.errors,
                          users=await svc.linkable_users(conn, actor))
    return see_other(f"/owners/{owner.id}")
