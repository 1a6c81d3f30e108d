"""The notary's statement as one printable PDF on the syndic's letterhead (BE C. civ. art. 3.94, FR « état daté »)."""
from __future__ import annotations

from datetime import date
from typing import Any

from domain.calls.notary import NotaryStatement
from domain.platform.organizations import letterhead
from web.documents import pdf


async def statement_pdf(conn: Any, actor: Any, statement: NotaryStatement) -> bytes:
    """The statement in the reader's language, signed by the syndic who prints it."""
    head = await letterhead(conn, actor, statement.building)
    return await pdf("calls/notary_pdf.html", s=statement, building=statement.building, letterhead=head,
                     today=date.today())
