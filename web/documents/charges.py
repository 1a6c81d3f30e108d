"""The charges' documents: an owner's statement as a PDF to send, in the owner's language."""
from __future__ import annotations

from domain.charges.payment_request import PaymentRequest
from web.documents import language, pdf


async def statement_pdf(request: PaymentRequest) -> bytes:
    """The statement on the syndic's letterhead, with the amount due, the due date, the IBAN and the structured
    communication, written in the owner's language (whoever downloads it)."""
    with language(request.owner.language):
        return await pdf("charges/statement_pdf.html", request=request, s=request.statement,
                         letterhead=request.letterhead)
