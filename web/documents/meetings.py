"""An assembly's documents: the convocation (e-mail and PDF), the cancellation notice, the minutes — each on the
syndic's letterhead, in its recipient's language (dates and numbers in that language's format)."""
from __future__ import annotations

from datetime import date

from domain.meetings import meetings as svc
from domain.meetings.convocation import Document, Render
from domain.meetings.minutes import MeetingView
from domain.platform.organizations import Letterhead
from domain.rules.meeting import MAJORITY_LABELS, Majority
from web import i18n
from web.documents import language, pdf
from web.formats import day
from web.htmx import render
from web.i18n import gettext as t


def labels() -> dict[str, str]:
    """Majority labels for the templates."""
    return {m.value: i18n.tr(MAJORITY_LABELS[m]) for m in Majority}


def convocation_context(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item],
                        letterhead: Letterhead | None, **extra: object) -> dict[str, object]:
    """What the convocation's template needs (the letters of `letters.pdf` add their addresses)."""
    return {"meeting": meeting, "building": building, "items": items, "labels": labels(), "owner": None,
            "letterhead": letterhead, "issued_on": meeting.convened_on or date.today(), **extra}


async def convocation_document(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item],
                               lang: str = "fr", /, letterhead: Letterhead | None = None) -> Document:
    """The convocation e-mail with the PDF (agenda, draft resolutions, proxy form) attached, in `lang`."""
    with language(lang):
        context = convocation_context(meeting, building, items, letterhead)
        body = await render("meetings/convocation_email.txt", **context)
        return Document(t("Convocation à l'assemblée générale du %(day)s — %(building)s",
                          day=day(meeting.scheduled_at), building=building.name),
                        body, await pdf("meetings/convocation_pdf.html", **context), "convocation.pdf")


async def cancellation_document(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item],
                                lang: str = "fr", /, letterhead: Letterhead | None = None) -> Document:
    """The e-mail telling those convened that the assembly will not take place."""
    with language(lang):
        body = await render("meetings/cancellation_email.txt", meeting=meeting, building=building)
        return Document(t("Annulation de l'assemblée générale du %(day)s — %(building)s",
                          day=day(meeting.scheduled_at), building=building.name), body, None, None)


async def minutes_pdf(view: MeetingView, letterhead: Letterhead | None) -> bytes:
    """The minutes as sent: letterhead, officers and their signature lines, no internal reminder."""
    return await pdf("meetings/minutes_pdf.html", view=view, letterhead=letterhead, for_sending=True)


def minutes_renderer(view: MeetingView) -> Render:
    """A render function for sending the minutes of a meeting already drawn up."""
    async def render_minutes(meeting: svc.Meeting, building: svc.Building, items: list[svc.Item], lang: str, /,
                             letterhead: Letterhead | None = None) -> Document:
        with language(lang):
            body = await render("meetings/minutes_email.txt", meeting=meeting, building=building)
            return Document(t("Procès-verbal de l'assemblée générale du %(day)s — %(building)s",
                              day=day(meeting.scheduled_at), building=building.name),
                            body, await minutes_pdf(view, letterhead), "proces-verbal.pdf")
    return render_minutes
