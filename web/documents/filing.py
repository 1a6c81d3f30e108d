"""Generated PDFs filed in the document library (domain/documents/filing.py), rendered once here for the pages
and the API: the convocation when an assembly is convened, the minutes when they are sent, an owner's statement
when the syndic files it. Each is filed after its use case succeeded, under a key naming it, so filing again
keeps one document (new bytes make its next version)."""
from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.charges.owner_ledger import Statement
from domain.documents.filing import Generated, file_as
from domain.documents.library import Document
from domain.meetings import meetings as svc
from domain.meetings.minutes import MeetingView
from domain.platform.organizations import letterhead
from web.documents import pdf
from web.documents.meetings import convocation_context, minutes_pdf
from web.files import document_store
from web.i18n import gettext as t


async def file_convocation(conn: Any, actor: Any, meeting_id: UUID) -> Document:
    """The convocation (agenda, draft resolutions, proxy form), visible to every owner of the building."""
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    items = await svc.agenda(conn, actor, meeting_id)
    head = await letterhead(conn, actor, building)
    data = await pdf("meetings/convocation_pdf.html", **convocation_context(meeting, building, items, head))
    return await file_as(conn, actor, "meeting.manage", document_store(), Generated(
        f"convocation:{meeting.id}", building.id, "convocation",
        t("Convocation — %(title)s du %(day)s", title=meeting.title, day=meeting.day.strftime("%d/%m/%Y")),
        f"convocation-{meeting.day.isoformat()}.pdf", data, "owners", meeting_id=meeting.id,
        document_date=meeting.convened_on or date.today()))


async def file_minutes(conn: Any, actor: Any, view: MeetingView) -> Document:
    """The minutes as sent, visible to every owner of the building."""
    meeting = view.meeting
    data = await minutes_pdf(view, await letterhead(conn, actor, view.building))
    return await file_as(conn, actor, "meeting.manage", document_store(), Generated(
        f"minutes:{meeting.id}", view.building.id, "minutes",
        t("Procès-verbal — %(title)s du %(day)s", title=meeting.title, day=meeting.day.strftime("%d/%m/%Y")),
        f"proces-verbal-{meeting.day.isoformat()}.pdf", data, "owners", meeting_id=meeting.id,
        document_date=meeting.day))


async def file_statement(conn: Any, actor: Any, statement: Statement, data: bytes) -> Document:
    """An owner's statement for a period, visible to the firm and that owner only."""
    owner_id, building_id = statement.owner.id, statement.building.id
    return await file_as(conn, actor, "document.manage", document_store(), Generated(
        f"statement:{owner_id}:{building_id}:{statement.start}:{statement.end}", building_id,
        "statement", t("Décompte du %(start)s au %(end)s", start=statement.start.strftime("%d/%m/%Y"),
                       end=statement.end.strftime("%d/%m/%Y")),
        f"decompte-{statement.start.isoformat()}-{statement.end.isoformat()}.pdf", data, "owner",
        owner_id=owner_id, document_date=statement.end))
