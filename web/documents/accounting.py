"""The books' documents: the annual accounts for the general assembly."""
from __future__ import annotations

from domain.accounting.annual import AnnualPack
from web.documents import pdf


async def annual_pdf(pack: AnnualPack) -> bytes:
    """The annual accounts on the syndic's letterhead (BE: balance sheet, income statement, funds and reserve,
    owners' balances; FR: the same figures under the five annexes)."""
    return await pdf("accounting/annual_pdf.html", p=pack, tb=pack.tb, letterhead=pack.letterhead)
