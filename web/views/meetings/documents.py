"""Assembly documents: the convocation (PDF and e-mail), letters to print (each in its recipient's language), the
minutes as a PDF (WeasyPrint), on the syndic's letterhead."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.access import require
from domain.meetings import convocation as conv
from domain.meetings import meetings as svc
from domain.meetings.minutes import meeting_view
from domain.platform.organizations import letterhead
from web import db
from web.auth import current_actor
from web.documents import language, pdf, pdf_from_parts, pdf_response
from web.documents.meetings import convocation_context, minutes_pdf
from web.htmx import render

bp = Blueprint("meetings_docs", __name__)


@bp.get("/meetings/<uuid:meeting_id>/convocation.pdf")
async def convocation_pdf(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    items = await svc.agenda(conn, actor, meeting_id)
    head = await letterhead(conn, actor, building)
    data = await pdf("meetings/convocation_pdf.html", **convocation_context(meeting, building, items, head))
    return pdf_response(data, "convocation.pdf")


@bp.get("/meetings/<uuid:meeting_id>/letters.pdf")
async def letters_pdf(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "meeting.manage")
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    items = await svc.agenda(conn, actor, meeting_id)
    head = await letterhead(conn, actor, building)
    cards = [c for c in await conv.recipients(conn, meeting.organization_id, meeting) if conv.channel_of(c) == "letter"]
    parts = []
    for card in cards:  # each letter in its recipient's language
        with language(card.language):
            parts.append(await render("meetings/convocation_pdf.html",
                                      **convocation_context(meeting, building, items, head, letters=[card])))
    return pdf_response(await pdf_from_parts(parts), "convocations-courrier.pdf")


@bp.get("/meetings/<uuid:meeting_id>/minutes.pdf")
async def minutes(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    view = await meeting_view(conn, actor, meeting_id)
    return pdf_response(await minutes_pdf(view, await letterhead(conn, actor, view.building)), "proces-verbal.pdf")
