"""The letters to post after a step's run (owners without e-mail) as one PDF, from the building's arrears page."""
from __future__ import annotations

from datetime import date
from uuid import UUID

from quart import Blueprint, request
from quart.typing import ResponseReturnValue

from domain.collection import printing
from domain.errors import Invalid
from domain.i18n import _
from web import db
from web.auth import current_actor
from web.documents import pdf_response
from web.documents.reminders import letters_pdf

bp = Blueprint("collection_printing", __name__)


@bp.get("/buildings/<uuid:building_id>/reminders/to-post.pdf")
async def to_post(building_id: UUID) -> ResponseReturnValue:
    try:
        day = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        raise Invalid({"day": _("Une date (AAAA-MM-JJ).")}) from None
    found = await printing.letters_to_post(await db.conn(), current_actor(), building_id, day)
    return pdf_response(await letters_pdf(found), f"rappels-a-poster-{day.isoformat()}.pdf")
