"""/api/v1/organizations (superadmin)."""
from __future__ import annotations

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.platform import organizations
from web import db
from web.auth import current_actor
from web.documents.platform import invitation_message
from web.jsonapi import json_body, json_response
from web.openapi import op

bp = Blueprint("api_organizations", __name__, url_prefix="/api/v1/organizations")


@bp.get("")
async def index() -> ResponseReturnValue:
    return json_response({"data": await organizations.list_organizations(await db.conn(), current_actor())})


@bp.post("")
async def create() -> ResponseReturnValue:
    actor = current_actor()
    org = await organizations.create_organization(await db.conn(), actor,
                                                  organizations.NewOrganization.parse(await json_body()),
                                                  request.host_url, invitation_message)
    return json_response(org, 201)  # the first syndic's link is e-mailed to them, never returned


SPEC = {
    "paths": {"/api/v1/organizations": {
        "get": op("List organisations (superadmin)", tag="platform"),
        "post": op("Create an organisation and invite its first syndic (superadmin)", None, "NewOrganization",
                   status="201", tag="platform"),
    }},
    "schemas": {"NewOrganization": {"type": "object", "required": ["name", "syndic_email"], "properties": {
        "name": {"type": "string"}, "kind": {"type": "string", "enum": ["syndic_firm", "self_managed"]},
        "email": {"type": "string"}, "phone": {"type": "string"}, "address": {"type": "string"},
        "syndic_email": {"type": "string"}}}},
}
