"""Demo documents: an invoice (a one-page PDF) behind each approved expense of Les Tilleuls, so that an owner
can open the invoice behind a charge. Needs the file store (`context["storage"]`); skipped without one."""
from __future__ import annotations

from typing import Any

import asyncpg

from domain.access import Actor, require
from domain.charges import expenses
from domain.charges.demo import BUILDING
from domain.storage import Storage, check_upload
from queries.charges import expenses as qe


def one_page_pdf(lines: list[str]) -> bytes:
    """A minimal valid PDF of a few lines of ASCII text (Helvetica), written by hand: no renderer needed."""
    safe = [line.replace("\\", "").replace("(", "[").replace(")", "]") for line in lines]
    text = "".join(f"BT /F1 11 Tf 56 {780 - 18 * i} Td ({line}) Tj ET\n" for i, line in enumerate(safe))
    stream = text.encode("latin-1", "replace")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
               b"/Contents 5 0 R >>", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"endstream"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


async def seed_documents(conn: asyncpg.Connection, context: dict[str, Any]) -> None:
    """Attach an invoice to every approved or paid expense of the demo building."""
    storage: Storage | None = context.get("storage")
    building = next((b for b in context["buildings"] if b.name == BUILDING), None)
    if storage is None or building is None:
        return
    org, user = context["organization"], context["users"]["syndic"]
    member = require(Actor(user.id, user.email, user.full_name, org.id, org.name, "syndic", ["syndic"]),
                      "expense.draft")
    rows, _total = await qe.list_page(conn, member.org_id, building.id, None, None, None, None, 100, 0, None)
    for e in rows:
        if e.status in ("approved", "paid") and not e.file_key:
            pdf = one_page_pdf([e.supplier or "Fournisseur", f"Facture {e.invoice_number or e.id.hex[:8]}",
                                f"Date : {e.invoice_date.isoformat()}", f"Total TVA comprise : {e.total} EUR"])
            await expenses.attach_invoice(conn, member, storage, e.id, check_upload("facture.pdf", pdf))
