"""A reminder's letter: the e-mail and its PDF, in the owner's language."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from domain.collection.ladder import Letter
from web.documents import language, pdf, pdf_from_parts
from web.formats import day
from web.htmx import render
from web.i18n import gettext as t


def _title(letter: Letter) -> str:
    if letter.step.channel == "registered":
        return t("Mise en demeure")
    if letter.step.channel == "lawyer":
        return t("Transmission à un avocat ou un huissier")
    return t("Rappel de paiement (%(n)s)", n=letter.step.number)


def _context(letter: Letter) -> dict[str, Any]:
    total = sum((i.outstanding for i in letter.items), Decimal("0.00"))
    return {"reminder": letter.reminder, "building": letter.building, "owner": letter.owner, "step": letter.step,
            "items": letter.items, "total": total, "title": _title(letter), "letter_printed": letter.printed}


async def letters_pdf(letters: list[Letter]) -> bytes:
    """The letters to post as one PDF, each in its owner's language, each starting on a new page."""
    parts = []
    for letter in letters:
        with language(letter.owner.language):
            parts.append(await render("collection/letter_pdf.html", **_context(letter)))
    return await pdf_from_parts(parts)


async def compose_letter(letter: Letter) -> tuple[str, str, str, bytes]:
    """(subject, body, PDF name, PDF) of one reminder."""
    with language(letter.owner.language):
        context = _context(letter)
        body = await render("collection/letter_email.txt", **context)
        document = await pdf("collection/letter_pdf.html", **context)
        subject = t("%(title)s — %(building)s — %(day)s", title=_title(letter), building=letter.building.name,
                    day=day(letter.reminder.sent_on))
        return subject, body, f"rappel-{letter.reminder.step}-{letter.reminder.sent_on.isoformat()}.pdf", document
