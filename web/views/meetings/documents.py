"""Assembly documents: the convocation (PDF and e-mail), letters to print, the minutes as a PDF (WeasyPrint)."""
from __future__ import annotations

from uuid import UUID

from quart import Blueprint
from quart.typing import ResponseReturnValue

from domain.access import require
from domain.meetings import convocation as conv
from domain.meetings import meetings as svc
from domain.meetings.minutes import meeting_view
from web import db
from web.auth import current_actor
from web.documents import pdf, pdf_response
from web.documents.meetings import labels

bp = Blueprint("meetings_docs", __name__)


@bp.get("/meetings/<uuid:meeting_id>/convocation.pdf")
async def convocation_pdf(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    items = await svc.agenda(conn, actor, meeting_id)
    data = await pdf("meetings/convocation_pdf.html", meeting=meeting, building=building, items=items,
                     labels=labels(), owner=None)
    return pdf_response(data, "convocation.pdf")


@bp.get("/meetings/<uuid:meeting_id>/letters.pdf")
async def letters_pdf(meeting_id: UUID) -> ResponseReturnValue:
    conn, actor = await db.conn(), current_actor()
    require(actor, "meeting.manage")
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    items = await svc.agenda(conn, actor, meeting_id)
    cards = [c for c in await conv.recipients(conn, meeting.organization_id, meeting) if conv.channel_of(c) == "letter"]
    data = await pdf("meetings/convocation_pdf.html", meeting=meeting, building=building, items=items,
                     labels=labels(), letters=cards, owner=None)
    return pdf_response(data, "convocations-courrier.pdf")


@bp.get("/meetings/<uuid:meeting_id>/minutes.pdf")
async def minutes_pdf(meeting_id: UUID) -> ResponseReturnValue:
    view = await meeting_view(await db.conn(), current_actor(), meeting_id)
    return pdf_response(await pdf("meetings/minutes_pdf.html", view=view), "proces-verbal.pdf")
