"""Assembly documents: the convocation (PDF and e-mail), letters to print, the minutes as a PDF (WeasyPrint)."""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from uuid import UUID

from quart import Blueprint, Response

from domain.meetings import convocation as conv
from domain.meetings import meetings as svc
from domain.meetings.convocation import Document
from domain.meetings.minutes import MeetingView, meeting_view
from domain.rules.meeting import MAJORITY_LABELS, Majority
from queries.register import buildings as qb
from queries.meetings import meetings as qm
from web import db, i18n
from web.auth import current_actor
from web.config import ROOT
from web.htmx import render
from web.i18n import gettext as t

bp = Blueprint("meetings_docs", __name__)


async def pdf(template: str, **context: object) -> bytes:
    """A PDF from a Jinja2 template (rendered off the event loop)."""
    html = await render(template, **context)
    from weasyprint import HTML  # imported on first use: 25 MB a worker need not hold otherwise
    return await asyncio.to_thread(lambda: HTML(string=html, base_url=str(ROOT)).write_pdf())


def labels() -> dict[str, str]:
    """Majority labels for the templates."""
    return {m.value: i18n.tr(MAJORITY_LABELS[m]) for m in Majority}


@contextmanager
def language(code: str) -> Iterator[None]:
    """Render in a recipient's language (French when there is no catalogue for it)."""
    token = i18n.current_locale.set(code if code in i18n.LANGUAGES else "fr")
    try:
        yield
    finally:
        i18n.current_locale.reset(token)


async def convocation_document(meeting: qm.Meeting, building: qb.Building, items: list[qm.Item],
                               lang: str = "fr") -> Document:
    """The convocation e-mail with the PDF (agenda, draft resolutions, proxy form) attached, in `lang`."""
    with language(lang):
        return await _convocation(meeting, building, items)


async def _convocation(meeting: qm.Meeting, building: qb.Building, items: list[qm.Item]) -> Document:
    context = {"meeting": meeting, "building": building, "items": items, "labels": labels(), "owner": None}
    body = await render("meetings/convocation_email.txt", **context)
    return Document(t("Convocation à l'assemblée générale du %(day)s — %(building)s",
                      day=meeting.scheduled_at.strftime("%d/%m/%Y"), building=building.name),
                    body, await pdf("meetings/convocation_pdf.html", **context), "convocation.pdf")


async def cancellation_document(meeting: qm.Meeting, building: qb.Building, items: list[qm.Item],
                                lang: str = "fr") -> Document:
    """The e-mail telling those convened that the assembly will not take place."""
    with language(lang):
        body = await render("meetings/cancellation_email.txt", meeting=meeting, building=building)
        return Document(t("Annulation de l'assemblée générale du %(day)s — %(building)s",
                          day=meeting.scheduled_at.strftime("%d/%m/%Y"), building=building.name), body, None, None)


def minutes_renderer(view: MeetingView):  # type: ignore[no-untyped-def]
    """A render function for sending the minutes of a meeting already drawn up."""
    async def render_minutes(meeting: qm.Meeting, building: qb.Building, items: list[qm.Item], lang: str) -> Document:
        with language(lang):
            body = await render("meetings/minutes_email.txt", meeting=meeting, building=building)
            return Document(t("Procès-verbal de l'assemblée générale du %(day)s — %(building)s",
                              day=meeting.scheduled_at.strftime("%d/%m/%Y"), building=building.name),
                            body, await pdf("meetings/minutes_pdf.html", view=view), "proces-verbal.pdf")
    return render_minutes


def _pdf_response(data: bytes, filename: str) -> Response:
    return Response(data, content_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/meetings/<uuid:meeting_id>/convocation.pdf")
async def convocation_pdf(meeting_id: UUID):  # type: ignore[no-untyped-def]
    conn, actor = await db.conn(), current_actor()
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    items = await qm.items_of(conn, actor.org_id, meeting_id)  # type: ignore[arg-type]
    data = await pdf("meetings/convocation_pdf.html", meeting=meeting, building=building, items=items,
                     labels=labels(), owner=None)
    return _pdf_response(data, "convocation.pdf")


@bp.get("/meetings/<uuid:meeting_id>/letters.pdf")
async def letters_pdf(meeting_id: UUID):  # type: ignore[no-untyped-def]
    conn, actor = await db.conn(), current_actor()
    svc.require_syndic(actor)
    meeting, building = await svc.meeting_and_building(conn, actor, meeting_id)
    items = await qm.items_of(conn, actor.org_id, meeting_id)  # type: ignore[arg-type]
    cards = [c for c in await conv.recipients(conn, actor.org_id, meeting) if conv.channel_of(c) == "letter"]  # type: ignore[arg-type]
    data = await pdf("meetings/convocation_pdf.html", meeting=meeting, building=building, items=items,
                     labels=labels(), letters=cards, owner=None)
    return _pdf_response(data, "convocations-courrier.pdf")


@bp.get("/meetings/<uuid:meeting_id>/minutes.pdf")
async def minutes_pdf(meeting_id: UUID):  # type: ignore[no-untyped-def]
    view = await meeting_view(await db.conn(), current_actor(), meeting_id)
    return _pdf_response(await pdf("meetings/minutes_pdf.html", view=view), "proces-verbal.pdf")
