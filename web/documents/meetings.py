"""An assembly's documents: the convocation (e-mail and PDF), the cancellation notice, the minutes."""
from __future__ import annotations

from domain.meetings import meetings as svc
from domain.meetings.convocation import Document, Render
from domain.meetings.minutes import MeetingView
from domain.rules.meeting import MAJORITY_LABELS, Majority
from web import i18n
from web.documents import language, pdf
from web.htmx import render
from web.i18n import gettext as t


def labels() -> dict[str, str]:
    """Majority labels for the templates."""
    return {m.value: i18n.tr(MAJORITY_LABELS[m]) for m in Majority}


async def convocation_document(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item],
                               lang: str = "fr") -> Document:
    """The convocation e-mail with the PDF (agenda, draft resolutions, proxy form) attached, in `lang`."""
    with language(lang):
        return await _convocation(meeting, building, items)


async def _convocation(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item]) -> Document:
    context = {"meeting": meeting, "building": building, "items": items, "labels": labels(), "owner": None}
    body = await render("meetings/convocation_email.txt", **context)
    return Document(t("Convocation à l'assemblée générale du %(day)s — %(building)s",
                      day=meeting.scheduled_at.strftime("%d/%m/%Y"), building=building.name),
                    body, await pdf("meetings/convocation_pdf.html", **context), "convocation.pdf")


async def cancellation_document(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item],
                                lang: str = "fr") -> Document:
    """The e-mail telling those convened that the assembly will not take place."""
    with language(lang):
        body = await render("meetings/cancellation_email.txt", meeting=meeting, building=building)
        return Document(t("Annulation de l'assemblée générale du %(day)s — %(building)s",
                          day=meeting.scheduled_at.strftime("%d/%m/%Y"), building=building.name), body, None, None)


def minutes_renderer(view: MeetingView) -> Render:
    """A render function for sending the minutes of a meeting already drawn up."""
    async def render_minutes(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item], lang: str) -> Document:
        with language(lang):
            body = await render("meetings/minutes_email.txt", meeting=meeting, building=building)
            return Document(t("Procès-verbal de l'assemblée générale du %(day)s — %(building)s",
                              day=meeting.scheduled_at.strftime("%d/%m/%Y"), building=building.name),
                            body, await pdf("meetings/minutes_pdf.html", view=view), "proces-verbal.pdf")
    return render_minutes
