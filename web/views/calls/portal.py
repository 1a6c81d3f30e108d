"""The portal's section on calls for funds: what the owner owes, to whom, by when, the communication and the QR
code their banking app scans."""
from __future__ import annotations

from typing import Any

from domain.access import allowed
from domain.calls.dues import credit_left, my_dues, my_settlements
from web import qr
from web.i18n import gettext as t


async def my_calls(conn: Any, actor: Any) -> tuple[str, dict[str, Any]] | None:
    """The owner's latest calls (a dozen), each with its QR code drawn inline."""
    if not allowed(actor, "dues.read"):
        return None
    found = await my_dues(conn, actor) or []
    settled = await my_settlements(conn, actor)
    if not found and not settled:
        return None
    shown = found[:12]
    codes = {d.call_id: qr.svg(d.qr, t("Code QR de paiement : %(label)s", label=d.label), scale=3)
             for d in shown if d.qr}
    return "portal/_calls.html", {"dues": shown, "codes": codes, "settlements": settled[:12],
                                  "credit": credit_left(found, settled)}
